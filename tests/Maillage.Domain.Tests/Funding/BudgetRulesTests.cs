using Maillage.Domain.Funding;
using Xunit;

namespace Maillage.Domain.Tests.Funding;

/// <summary>
/// The MIG budget chain's rules (DGOS, présentation du 7 avril 2022 (relabellisation, MIG), « Financement par Missions
/// d'Intérêt Général (MIG) dédiées aux maladies rares chaque année »): envelopes never exceeded, withdrawals bounded.
/// </summary>
public sealed class BudgetRulesTests
{
    private static readonly IReadOnlyList<EnvelopeAmount> F17Only = [new("F17", 13_800_000m)];

    [Fact]
    public void The_source_envelopes_add_up_as_the_presentation_says()
    {
        var from2021 = MigLines.SourceEnvelopes(2021).ToDictionary(e => e.Code, e => e.Amount);
        Assert.Equal(157_400_000m, from2021[MigLines.Total]);
        Assert.Equal(from2021[MigLines.Total], from2021[MigLines.CentresGroup] + from2021[MigLines.FilieresGroup] + from2021[MigLines.ActionsGroup]);
        Assert.Equal(15_200_000m, from2021["F21"] + from2021["F22"] + from2021["F23"]);
        Assert.Equal(128_400_000m, from2021[MigLines.CentresGroup]);
        var before = Assert.Single(MigLines.SourceEnvelopes(2020));
        Assert.Equal(new EnvelopeAmount(MigLines.Total, 147_600_000m), before);
        Assert.Equal(8, MigLines.All.Count);
        Assert.Equal([MigLineCode.F04, MigLineCode.F05, MigLineCode.F06, MigLineCode.F07], MigLines.Covered(MigLines.CentresGroup));
        Assert.Empty(MigLines.Covered("F99"));
    }

    [Fact]
    public void Delegations_summing_exactly_to_the_envelope_fit_and_one_cent_over_is_refused()
    {
        Assert.Empty(BudgetRules.EnvelopeViolations(F17Only, [new(MigLineCode.F17, 13_000_000m), new(MigLineCode.F17, 800_000m)]));
        var over = Assert.Single(BudgetRules.EnvelopeViolations(F17Only, [new(MigLineCode.F17, 13_000_000m), new(MigLineCode.F17, 800_000.01m)]));
        Assert.Contains("dépassement de 0,01 €", over, StringComparison.Ordinal);
        Assert.Contains("refusé", over, StringComparison.Ordinal);
    }

    [Fact]
    public void A_withdrawal_brings_a_total_back_under_the_envelope()
    {
        Assert.Empty(BudgetRules.EnvelopeViolations(F17Only, [new(MigLineCode.F17, 13_800_000.01m), new(MigLineCode.F17, -0.01m)]));
    }

    [Fact]
    public void A_group_envelope_binds_its_lines_together()
    {
        IReadOnlyList<EnvelopeAmount> centres = [new(MigLines.CentresGroup, 1_000m)];
        Assert.Empty(BudgetRules.EnvelopeViolations(centres, [new(MigLineCode.F04, 600m), new(MigLineCode.F05, 400m)]));
        Assert.Single(BudgetRules.EnvelopeViolations(centres, [new(MigLineCode.F04, 600m), new(MigLineCode.F07, 400.01m)]));
        // The total envelope binds every line, even when the line's own envelope is not exceeded.
        IReadOnlyList<EnvelopeAmount> both = [new(MigLines.Total, 1_000m), new("F22", 2_000m)];
        Assert.Single(BudgetRules.EnvelopeViolations(both, [new(MigLineCode.F22, 1_000.01m)]));
    }

    [Fact]
    public void A_line_no_envelope_covers_cannot_be_delegated()
    {
        var error = Assert.Single(BudgetRules.EnvelopeViolations(F17Only, [new(MigLineCode.F22, 1m)]));
        Assert.Contains("F22", error, StringComparison.Ordinal);
        Assert.Empty(BudgetRules.EnvelopeViolations(F17Only, []));
    }

    [Fact]
    public void A_withdrawal_is_later_motivated_and_bounded_by_what_was_delegated()
    {
        Assert.Null(BudgetRules.WithdrawalError(BudgetCircularCode.C1, 10m, 0m, null));
        Assert.NotNull(BudgetRules.WithdrawalError(BudgetCircularCode.C1, -10m, 100m, "motif"));
        Assert.NotNull(BudgetRules.WithdrawalError(BudgetCircularCode.C2, -10m, 100m, " "));
        Assert.Null(BudgetRules.WithdrawalError(BudgetCircularCode.C2, -100m, 100m, "motif"));
        Assert.Contains("100,00 €", BudgetRules.WithdrawalError(BudgetCircularCode.C3, -100.01m, 100m, "motif"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.01, false, true)]
    [InlineData(0.001, false, false)]
    [InlineData(-1, false, false)]
    [InlineData(-1, true, true)]
    [InlineData(1_000_000_000, false, true)]
    [InlineData(1_000_000_000.01, false, false)]
    public void Amounts_are_in_euros_to_the_cent_and_bounded(double amount, bool negative, bool valid) =>
        Assert.Equal(valid, BudgetRules.AmountError((decimal)amount, negative) is null);

    [Theory]
    [InlineData("MHEMO", null, MigLineCode.F05)]
    [InlineData(null, "Mhc", MigLineCode.F05)]
    [InlineData("MUCO-CFTR", null, MigLineCode.F06)]
    [InlineData(null, "Crcm", MigLineCode.F06)]
    [InlineData("FILSLAN", null, MigLineCode.F07)]
    [InlineData(null, "Sla", MigLineCode.F07)]
    [InlineData("CARDIOGEN", null, MigLineCode.F04)]
    [InlineData(null, null, MigLineCode.F04)]
    public void A_centre_is_funded_on_its_filiere_s_line(string? filiere, string? crc, MigLineCode line) =>
        Assert.Equal(line, BudgetRules.CentreLine(filiere, crc));

    [Fact]
    public void Equal_shares_add_up_to_the_cent()
    {
        var shares = BudgetRules.EqualShares(13_800_000m, 23);
        Assert.Equal(23, shares.Length);
        Assert.Equal(13_800_000m, shares.Sum());
        var odd = BudgetRules.EqualShares(100m, 3);
        Assert.Equal(100m, odd.Sum());
        Assert.Equal([33.34m, 33.33m, 33.33m], odd);
    }

    [Fact]
    public void Both_sources_of_the_platforms_line_are_accepted_and_nothing_else()
    {
        Assert.True(MigLines.IsPlatformLine(MigLineCode.F21));
        Assert.True(MigLines.IsPlatformLine(MigLineCode.F23));
        Assert.False(MigLines.IsPlatformLine(MigLineCode.F22));
        Assert.Equal(MigLineCode.F21, MigLines.DefaultPlatformLine);
        Assert.Contains("F23", MigLines.Of(MigLineCode.F21).Source, StringComparison.Ordinal);
    }
}
