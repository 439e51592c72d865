using Maillage.Domain.Procedures;
using Maillage.Domain.Registry;
using Xunit;

namespace Maillage.Domain.Tests.Procedures;

/// <summary>The rules of the expertise-platforms' call for projects (note DGOS/MMR/2020/221 du 7 décembre 2020), boundaries included.</summary>
public sealed class PlatformCallTests
{
    private static List<ScopeCentre> Centres(int reference, int resource, int competence) =>
    [
        .. Enumerable.Range(1, reference).Select(i => new ScopeCentre($"R{i}", $"Site {i}", CentreKind.ReferenceSite)),
        .. Enumerable.Range(1, resource).Select(i => new ScopeCentre($"C{i}", $"CRC {i}", CentreKind.ResourceCentre)),
        .. Enumerable.Range(1, competence).Select(i => new ScopeCentre($"M{i}", $"CCMR {i}", CentreKind.CompetenceCentre)),
    ];

    [Theory]
    [InlineData(5, 0, 0, false)]
    [InlineData(6, 0, 0, true)]
    [InlineData(3, 2, 0, false)]
    [InlineData(3, 3, 0, true)]
    [InlineData(0, 6, 0, true)]
    [InlineData(5, 0, 10, false)] // competence centres do not count
    [InlineData(4, 2, 10, true)]
    public void Six_reference_sites_or_CRC_are_needed_and_competence_centres_do_not_count(int reference, int resource, int competence, bool eligible)
    {
        var result = PlatformCall.Eligibility(Centres(reference, resource, competence));
        Assert.Equal(eligible, result.Eligible);
        var check = Assert.Single(result.Checks);
        Assert.Equal("pemr_reference_centre_threshold", check.Rule);
        Assert.Contains("DGOS/MMR/2020/221", check.Source, StringComparison.Ordinal);
        Assert.Contains($"{reference + resource} centre(s) de référence", check.Message, StringComparison.Ordinal);
        if (!eligible) Assert.Contains("seuil de 6 centres de référence (CRMR, CRC)", check.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_centre_named_twice_counts_once()
    {
        var five = Centres(5, 0, 0);
        Assert.False(PlatformCall.Eligibility([.. five, five[0]]).Eligible);
        Assert.Equal(5, PlatformCall.ReferenceCentreCount([.. five, five[0]]));
    }

    private static readonly PlatformProjectContext Context = new(
        new Participant("750100000", "Hôpital porteur"),
        [new Participant("690000000", "Autre CHU")],
        [new Participant("R1", "Site 1"), new Participant("M1", "CCMR 1")],
        [new Participant("A1", "Association 1")]);

    [Fact]
    public void The_letter_of_intent_has_at_most_ten_pages_and_is_with_the_annex_the_job_descriptions_and_the_signed_application()
    {
        var items = PlatformCall.Items(Context);
        Assert.Equal(["letter_of_intent:750100000", "stakeholders_annex:750100000", "job_descriptions:750100000", "signed_application:750100000",
            "centre_opinion:R1", "centre_opinion:M1", "association_opinion:A1", "director_opinion:690000000"], items.Select(i => i.Id));
        var letter = items[0];
        Assert.Equal(10, letter.MaxPages);
        Assert.Equal(ItemType.Document, letter.Type);
        Assert.All(items.Take(4), i => Assert.Equal(Party.EstablishmentDirection, i.Party));
        Assert.All(items.Skip(4), i => Assert.Equal(ItemType.Opinion, i.Type));
        Assert.Equal(Party.CentreHead, items[4].Party);
        Assert.Equal(Party.Association, items[6].Party);
        Assert.Equal(Party.EstablishmentDirection, items[7].Party);
        Assert.All(items, i => Assert.True(i.Required));
        Assert.All(items.Skip(1), i => Assert.Null(i.MaxPages));
    }

    [Fact]
    public void A_single_establishment_project_without_associations_asks_no_other_opinions()
    {
        var items = PlatformCall.Items(Context with { OtherEstablishments = [], Associations = [] });
        Assert.DoesNotContain(items, i => i.Key is "director_opinion" or "association_opinion");
    }

    [Fact]
    public void The_letter_has_its_six_sections_required_and_two_optional_ones()
    {
        var sections = DossierRequirements.Sections(ProcedureKind.PlatformProject);
        Assert.Equal(["letter_centres", "letter_governance", "letter_scope", "letter_premises", "letter_budget", "letter_sustainability"],
            sections.Where(s => s.Required).Select(s => s.Key));
        Assert.Equal(["telemedicine", "training_projects"], sections.Where(s => !s.Required).Select(s => s.Key));
        var gaps = Completeness.Check([], sections, new DossierContent([], new Dictionary<string, string?> { ["letter_centres"] = "Les centres." }));
        Assert.Equal(5, gaps.Count);
        Assert.DoesNotContain(gaps, g => g.ItemOrSection is "letter_centres" or "telemedicine");
    }

    private static Recruit Secretary => new(RecruitFunction.SecretariatCommunication, "Assistante", 1m, 45_000m);
    private static Recruit Officer => new(RecruitFunction.ProjectOfficer, "Chargée de missions", 1m, 55_000m);

    [Fact]
    public void The_budget_needs_two_recruits_a_secretariat_and_a_project_officer()
    {
        Assert.Empty(PlatformCall.BudgetGaps([Secretary, Officer]));
        Assert.Empty(PlatformCall.BudgetGaps([Secretary, Officer with { Fte = 0.5m }, new(RecruitFunction.SocialWorker, null, 0.3m, 15_000m)]));
        // One person is not enough, even full-time for both tasks.
        var one = PlatformCall.BudgetGaps([Officer]);
        Assert.Contains(one, e => e.Message.Contains("au minimum 2 personnes (1 prévue(s))", StringComparison.Ordinal));
        Assert.Contains(one, e => e.Message.Contains("secrétariat/communication", StringComparison.Ordinal));
        // Two persons of the same function miss the other one.
        var twoOfficers = PlatformCall.BudgetGaps([Officer, Officer]);
        Assert.Equal("recruits", Assert.Single(twoOfficers).Field);
        Assert.Contains("secrétariat/communication", twoOfficers[0].Message, StringComparison.Ordinal);
        var twoSecretaries = PlatformCall.BudgetGaps([Secretary, Secretary]);
        Assert.Contains("chargé(e) de missions", Assert.Single(twoSecretaries).Message, StringComparison.Ordinal);
        Assert.Equal(3, PlatformCall.BudgetGaps([]).Count);
        Assert.All(PlatformCall.BudgetGaps([]), e => Assert.Contains("§III.B.5", e.Message, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("0", false)]
    [InlineData("0.1", true)]
    [InlineData("1", true)]
    [InlineData("1.01", false)]
    [InlineData("-0.5", false)]
    public void A_recruit_works_more_than_zero_and_at_most_one_FTE(string fte, bool valid)
    {
        var errors = PlatformCall.ValidateRecruits([Secretary with { Fte = decimal.Parse(fte, System.Globalization.CultureInfo.InvariantCulture) }]);
        Assert.Equal(valid, errors.Count == 0);
        if (!valid) Assert.Equal("recruits[0].fte", Assert.Single(errors).Field);
    }

    [Fact]
    public void A_recruit_has_a_positive_cost_and_an_other_function_names_its_job()
    {
        Assert.Equal("recruits[1].yearly_cost", Assert.Single(PlatformCall.ValidateRecruits([Secretary, Officer with { YearlyCost = 0m }])).Field);
        Assert.Equal("recruits[0].job_title", Assert.Single(PlatformCall.ValidateRecruits([new Recruit(RecruitFunction.Other, " ", 0.5m, 20_000m)])).Field);
        Assert.Empty(PlatformCall.ValidateRecruits([new Recruit(RecruitFunction.Other, "Documentaliste", 0.5m, 20_000m)]));
    }

    [Fact]
    public void Recruit_functions_have_stable_codes()
    {
        foreach (var f in Enum.GetValues<RecruitFunction>())
        {
            Assert.True(PlatformCall.TryParseFunction(f.Code(), out var back));
            Assert.Equal(f, back);
            Assert.False(string.IsNullOrWhiteSpace(f.Label()));
        }
        Assert.False(PlatformCall.TryParseFunction("secretary", out _));
    }

    [Theory]
    [InlineData("2021-06-15", "2021-12-15")]
    [InlineData("2021-08-31", "2022-02-28")] // no 31 February: the last day of the month
    [InlineData("2023-08-31", "2024-02-29")]
    public void The_checkpoint_is_due_six_months_after_the_delegation_of_credits(string delegated, string due)
    {
        Assert.Equal(DateOnly.Parse(due, System.Globalization.CultureInfo.InvariantCulture),
            PlatformCall.CheckpointDue(DateOnly.Parse(delegated, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void A_step_recorded_on_its_due_day_is_on_time_and_the_next_day_late()
    {
        var due = PlatformCall.CheckpointDue(new DateOnly(2021, 6, 15));
        Assert.False(PlatformCall.IsLate(due, due));
        Assert.False(PlatformCall.IsLate(due, due.AddDays(-30)));
        Assert.True(PlatformCall.IsLate(due, due.AddDays(1)));
    }

    [Fact]
    public void The_indicators_are_due_after_each_year_of_operation_of_the_two()
    {
        var delegated = new DateOnly(2021, 6, 15);
        Assert.Equal(new DateOnly(2022, 6, 15), PlatformCall.IndicatorsDue(delegated, 1));
        Assert.Equal(new DateOnly(2023, 6, 15), PlatformCall.IndicatorsDue(delegated, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => PlatformCall.IndicatorsDue(delegated, 3));
    }

    private static List<IndicatorValue> MandatoryOnes() =>
    [
        new("public_events", null, 3, null),
        new("training_actions", null, null, "Deux sessions ETP, une formation BaMaRa."),
        new("patient_satisfaction", null, null, "Enquête : 87 % satisfaits (112 réponses)."),
        new("centre_satisfaction", null, null, "Enquête : 14 centres sur 16 satisfaits."),
        new("contributions_difficulties", null, null, "Recrutements tardifs ; locaux partagés."),
    ];

    [Fact]
    public void The_five_mandatory_indicators_suffice_and_the_three_proposed_ones_are_optional()
    {
        Assert.Equal(5, PlatformCall.Indicators.Count(i => i.Mandatory));
        Assert.Equal(["patients_followed", "research_projects", "bamara_patients"], PlatformCall.Indicators.Where(i => !i.Mandatory).Select(i => i.Key));
        Assert.Empty(PlatformCall.ValidateIndicators(MandatoryOnes()));
        Assert.Empty(PlatformCall.ValidateIndicators([.. MandatoryOnes(), new("patients_followed", null, 240, null), new("bamara_patients", null, 0, null)]));
    }

    [Theory]
    [InlineData("public_events")]
    [InlineData("training_actions")]
    [InlineData("patient_satisfaction")]
    [InlineData("centre_satisfaction")]
    [InlineData("contributions_difficulties")]
    public void Each_mandatory_indicator_is_required(string key)
    {
        var errors = PlatformCall.ValidateIndicators(MandatoryOnes().Where(v => v.Key != key).ToList());
        var e = Assert.Single(errors);
        Assert.Equal("indicators." + key, e.Field);
        Assert.StartsWith("Indicateur obligatoire manquant", e.Message, StringComparison.Ordinal);
        // An empty text is as good as missing.
        Assert.NotEmpty(PlatformCall.ValidateIndicators(MandatoryOnes().Select(v => v.Key == key ? v with { Text = v.Text is null ? null : "  ", Count = null } : v).ToList()));
    }

    [Fact]
    public void Counts_are_whole_non_negative_numbers_texts_are_texts_and_unknown_keys_are_refused()
    {
        Assert.Equal("indicators.public_events", Assert.Single(PlatformCall.ValidateIndicators(
            MandatoryOnes().Select(v => v.Key == "public_events" ? v with { Count = -1 } : v).ToList())).Field);
        Assert.Equal("indicators.training_actions", Assert.Single(PlatformCall.ValidateIndicators(
            MandatoryOnes().Select(v => v.Key == "training_actions" ? v with { Count = 2 } : v).ToList())).Field);
        Assert.Equal("indicators.patients_served", Assert.Single(PlatformCall.ValidateIndicators([.. MandatoryOnes(), new("patients_served", null, 1, null)])).Field);
        Assert.Contains("deux fois", Assert.Single(PlatformCall.ValidateIndicators([.. MandatoryOnes(), new("public_events", null, 4, null)])).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Additional_indicators_have_a_label_and_a_value()
    {
        Assert.Empty(PlatformCall.ValidateIndicators([.. MandatoryOnes(), new("extra_tele", "Téléconsultations organisées", 57, null)]));
        Assert.Contains("libellé requis", Assert.Single(PlatformCall.ValidateIndicators([.. MandatoryOnes(), new("extra_tele", null, 57, null)])).Message, StringComparison.Ordinal);
        Assert.Contains("valeur requise", Assert.Single(PlatformCall.ValidateIndicators([.. MandatoryOnes(), new("extra_tele", "Téléconsultations", null, " ")])).Message, StringComparison.Ordinal);
        Assert.Single(PlatformCall.ValidateIndicators([.. MandatoryOnes(), new("extra_", "Sans clé", 1, null)]));
        var many = Enumerable.Range(1, 21).Select(i => new IndicatorValue($"extra_{i}", $"Indicateur {i}", i, null));
        Assert.Equal("indicators", Assert.Single(PlatformCall.ValidateIndicators([.. MandatoryOnes(), .. many])).Field);
    }

    [Fact]
    public void The_year_two_renewal_is_decided_on_the_yearly_report_and_a_refusal_states_its_reasons()
    {
        Assert.Empty(PlatformCall.ValidateRenewal(true, null, yearOneReportFiled: true));
        Assert.Empty(PlatformCall.ValidateRenewal(false, "Activité insuffisante.", yearOneReportFiled: true));
        Assert.Equal("reasons", Assert.Single(PlatformCall.ValidateRenewal(false, " ", yearOneReportFiled: true)).Field);
        Assert.Contains("évaluation annuelle", Assert.Single(PlatformCall.ValidateRenewal(true, null, yearOneReportFiled: false)).Message, StringComparison.Ordinal);
        Assert.Equal("renewed", Assert.Single(PlatformCall.ValidateRenewal(null, null, yearOneReportFiled: true)).Field);
    }

    [Fact]
    public void The_decision_is_told_to_exactly_the_four_audiences_of_section_IX()
    {
        Assert.Equal([Recipient.EstablishmentDirectors, Recipient.FiliereCoordinator, Recipient.CentreHeads, Recipient.RegionalAgency],
            DecisionRecipients.For(ProcedureKind.PlatformProject));
    }

    [Fact]
    public void A_platform_project_goes_through_the_jury_before_the_decision()
    {
        Assert.Equal(DossierState.JuryReview, DossierStateMachine.Next(ProcedureKind.PlatformProject, DossierState.Submitted, DossierAction.ReferToJury).To);
        Assert.False(DossierStateMachine.Next(ProcedureKind.PlatformProject, DossierState.Submitted, DossierAction.Approve).Allowed);
        Assert.Equal(DossierState.Approved, DossierStateMachine.Next(ProcedureKind.PlatformProject, DossierState.AwaitingDecision, DossierAction.Approve).To);
    }
}
