using Maillage.Domain.Compliance;
using Maillage.Domain.Referential;
using Xunit;
using static Maillage.Core.Tests.Features.Compliance.Reports;

namespace Maillage.Core.Tests.Features.Compliance;

/// <summary>Every row of the thresholds table (note 2018), at threshold − 1 (not_met) and at threshold (met), in both campaigns.</summary>
public sealed class ThresholdTests
{
    // kind, field, CS/HDJ minimum, active-patient minimum, research minimum (0 = no minimum: not_applicable)
    public static TheoryData<string, string?, int, int, int> Rows => new()
    {
        { "crmr_coordinating", "general", 300, 150, 2 },
        { "crmr_constitutive", "general", 150, 75, 1 },
        { "crmr_coordinating", "cystic_fibrosis", 300, 150, 2 },
        { "crmr_constitutive", "cystic_fibrosis", 150, 75, 1 },
        { "crmr_coordinating", "als", 400, 200, 2 },
        { "crmr_constitutive", "als", 400, 200, 1 },
        { "crmr_coordinating", "haemophilia", 600, 400, 2 },
        { "crmr_constitutive", "haemophilia", 450, 300, 1 },
        { "crmr_coordinating", "willebrand", 600, 400, 2 },
        { "crmr_constitutive", "willebrand", 450, 300, 1 },
        { "crmr_coordinating", "platelet", 400, 200, 2 },
        { "crmr_constitutive", "platelet", 150, 100, 1 },
        { "ccmr", null, 0, 25, 0 },
        { "crcm", null, 0, 50, 0 },
        { "crc_sla", null, 0, 50, 0 },
        { "crc_mhc", null, 150, 100, 0 },
    };

    public static TheoryData<string> Campaigns => new() { "2023-2028", "2017-2022" };

    private static Maillage.Domain.Referential.Referential Campaign(string id) => id == "2023-2028" ? R2023 : R2017;

    [Theory, MemberData(nameof(Rows))]
    public void Cs_hdj_below_and_at_threshold(string kind, string? field, int cs, int fa, int research)
    {
        _ = fa; _ = research;
        foreach (var campaign in new[] { "2023-2028", "2017-2022" })
        {
            var r = Campaign(campaign);
            if (cs == 0)
            {
                var na = Finding(Site(Kind(kind), Field(field), consultations: 0, dayHospital: 0), Criterion.CsHdj, r);
                Assert.Equal(FindingStatus.NotApplicable, na.Status);
                continue;
            }
            // Split between consultations and day-hospital stays: the criterion is their sum.
            var below = Finding(Site(Kind(kind), Field(field), consultations: cs - 1 - 10, dayHospital: 10), Criterion.CsHdj, r);
            var at = Finding(Site(Kind(kind), Field(field), consultations: cs - 10, dayHospital: 10), Criterion.CsHdj, r);
            Assert.Equal(FindingStatus.NotMet, below.Status);
            Assert.Equal(FindingStatus.Met, at.Status);
            Assert.Equal(cs, at.Expected!.Number);
            Assert.Equal(cs, at.Actual!.Number);
            Assert.Equal(cs - 1, below.Actual!.Number);
            Assert.StartsWith("THR-", at.Rule, StringComparison.Ordinal);
            // The citation is the public title, date and section (Note d'information du 19 septembre 2018, §1), never a file name.
            Assert.StartsWith("Note d'information n° DGOS/DIR/DGRI/2018/218 du 19 septembre 2018", at.Source.Citation, StringComparison.Ordinal);
            Assert.Contains("(2018-09-19), §1", at.Source.Citation, StringComparison.Ordinal);
            Assert.DoesNotContain(".txt", at.Source.Citation, StringComparison.Ordinal);
        }
    }

    [Theory, MemberData(nameof(Rows))]
    public void Active_patients_below_and_at_threshold(string kind, string? field, int cs, int fa, int research)
    {
        _ = cs; _ = research;
        foreach (var r in new[] { R2023, R2017 })
        {
            var below = Finding(Site(Kind(kind), Field(field), activePatients: fa - 1), Criterion.ActivePatients, r);
            var at = Finding(Site(Kind(kind), Field(field), activePatients: fa), Criterion.ActivePatients, r);
            Assert.Equal(FindingStatus.NotMet, below.Status);
            Assert.Equal(FindingStatus.Met, at.Status);
            Assert.Equal(fa, at.Expected!.Number);
        }
    }

    [Theory, MemberData(nameof(Rows))]
    public void Research_below_and_at_threshold(string kind, string? field, int cs, int fa, int research)
    {
        _ = cs; _ = fa;
        foreach (var r in new[] { R2023, R2017 })
        {
            if (research == 0)
            {
                Assert.Equal(FindingStatus.NotApplicable, Finding(Site(Kind(kind), Field(field), research: 0), Criterion.Research, r).Status);
                continue;
            }
            Assert.Equal(FindingStatus.NotMet, Finding(Site(Kind(kind), Field(field), research: research - 1), Criterion.Research, r).Status);
            Assert.Equal(FindingStatus.Met, Finding(Site(Kind(kind), Field(field), research: research), Criterion.Research, r).Status);
        }
    }

    [Theory, MemberData(nameof(Rows))]
    public void Site_meeting_every_threshold_is_compliant(string kind, string? field, int cs, int fa, int research)
    {
        var report = Site(Kind(kind), Field(field), activePatients: fa, consultations: cs, dayHospital: 0, research: research);
        Assert.Equal(Verdict.Compliant, ComplianceEngine.Evaluate(report, R2023, AsOf).Verdict);
    }

    [Fact]
    public void Missing_numbers_are_missing_and_make_the_verdict_incomplete()
    {
        var noHdj = Site(SiteKind.CrmrCoordinating, dayHospital: null);
        Assert.Equal(FindingStatus.Missing, Finding(noHdj, Criterion.CsHdj).Status);
        Assert.Equal(Verdict.Incomplete, ComplianceEngine.Evaluate(noHdj, R2023, AsOf).Verdict);
        var noFa = Site(SiteKind.Ccmr, activePatients: null);
        Assert.Equal(FindingStatus.Missing, Finding(noFa, Criterion.ActivePatients).Status);
        Assert.Equal(FindingStatus.Missing, Finding(noFa, Criterion.Floor25).Status);
        Assert.Equal(FindingStatus.Missing, Finding(Site(SiteKind.CrmrConstitutive, research: null), Criterion.Research).Status);
        Assert.Null(Finding(noFa, Criterion.ActivePatients).Actual);
    }

    [Fact]
    public void Not_met_outweighs_missing()
    {
        var report = Site(SiteKind.CrmrCoordinating, activePatients: 10, dayHospital: null);
        Assert.Equal(Verdict.NonCompliant, ComplianceEngine.Evaluate(report, R2023, AsOf).Verdict);
    }
}
