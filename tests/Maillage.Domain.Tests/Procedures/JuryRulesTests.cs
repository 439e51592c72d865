using Maillage.Domain.Procedures;
using Xunit;

namespace Maillage.Domain.Tests.Procedures;

public sealed class JuryRulesTests
{
    private static JurorProfile Member(JurySeat seat, string? ej = null, string? filiere = null, bool declared = true, bool charter = true) =>
        new(seat, ej, filiere, declared, charter);

    private static readonly DossierParties Dossier = new(["750712184"], ["CARDIOGEN"]);

    [Fact]
    public void A_member_is_kept_off_the_dossiers_of_his_own_establishment_or_filiere()
    {
        Assert.Contains("750712184", JuryRules.Exclusion(CallKind.LabellingCampaign, Member(JurySeat.Expert, ej: "750712184"), Dossier), StringComparison.Ordinal);
        Assert.Contains("CARDIOGEN", JuryRules.Exclusion(CallKind.LabellingCampaign, Member(JurySeat.Expert, filiere: "CARDIOGEN"), Dossier), StringComparison.Ordinal);
        Assert.Null(JuryRules.Exclusion(CallKind.LabellingCampaign, Member(JurySeat.Expert, ej: "130786049", filiere: "FILNEMUS"), Dossier));
    }

    [Fact]
    public void No_dossier_before_the_declaration_of_interests_and_for_a_platform_call_the_ethics_charter()
    {
        Assert.Contains("déclaration d'intérêts", JuryRules.Exclusion(CallKind.LabellingCampaign, Member(JurySeat.Expert, declared: false), Dossier), StringComparison.Ordinal);
        Assert.Null(JuryRules.Exclusion(CallKind.LabellingCampaign, Member(JurySeat.Expert, charter: false), Dossier));
        Assert.Contains("charte", JuryRules.Exclusion(CallKind.PlatformCall, Member(JurySeat.Dgri, charter: false), Dossier), StringComparison.Ordinal);
    }

    [Fact]
    public void A_platform_jury_has_exactly_its_eight_seats_one_member_each()
    {
        var full = JuryRules.PlatformSeats.Select(s => Member(s)).ToList();
        Assert.Equal(8, full.Count);
        Assert.Empty(JuryRules.ReadinessProblems(CallKind.PlatformCall, full));

        var missing = full.Where(m => m.Seat != JurySeat.Dgcs).ToList();
        Assert.Equal(["Siège vacant : Représentant désigné par la DGCS."], JuryRules.ReadinessProblems(CallKind.PlatformCall, missing));

        var doubled = full.Append(Member(JurySeat.RegionalAgency)).ToList();
        Assert.Contains(JuryRules.ReadinessProblems(CallKind.PlatformCall, doubled), p => p.Contains("2 membres", StringComparison.Ordinal));

        var undeclared = full.Select((m, i) => i == 0 ? m with { InterestsDeclared = false, CharterSigned = false } : m).ToList();
        Assert.Equal(["1 membre sans déclaration d'intérêts.", "1 membre sans charte de déontologie signée."],
            JuryRules.ReadinessProblems(CallKind.PlatformCall, undeclared));
        var twoUndeclared = full.Select((m, i) => i < 2 ? m with { InterestsDeclared = false } : m).ToList();
        Assert.Equal(["2 membres sans déclaration d'intérêts."], JuryRules.ReadinessProblems(CallKind.PlatformCall, twoUndeclared));

        Assert.Contains(JuryRules.ReadinessProblems(CallKind.PlatformCall, [.. full, Member(JurySeat.Expert)]), p => p.Contains("inconnu", StringComparison.Ordinal));
    }

    [Fact]
    public void A_labelling_jury_needs_members_with_declarations_but_no_fixed_seats()
    {
        Assert.Equal(["Le jury ne compte aucun membre."], JuryRules.ReadinessProblems(CallKind.LabellingCampaign, []));
        Assert.Empty(JuryRules.ReadinessProblems(CallKind.LabellingCampaign, [Member(JurySeat.Expert, charter: false)]));
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(20, true)]
    [InlineData(21, false)]
    [InlineData(-1, false)]
    public void A_score_is_out_of_twenty(int score, bool valid) =>
        Assert.Equal(valid, JuryRules.ValidateReview(score, OpinionValue.Favourable, null).Count == 0);

    [Fact]
    public void A_reserved_or_unfavourable_review_states_its_reasons()
    {
        Assert.Equal("comments", Assert.Single(JuryRules.ValidateReview(8, OpinionValue.Unfavourable, " ")).Field);
        Assert.Equal("comments", Assert.Single(JuryRules.ValidateReview(12, OpinionValue.Reserved, null)).Field);
        Assert.Empty(JuryRules.ValidateReview(8, OpinionValue.Unfavourable, "Activité insuffisante."));
        Assert.Equal(["score", "recommendation"], JuryRules.ValidateReview(null, null, null).Select(e => e.Field));
    }
}
