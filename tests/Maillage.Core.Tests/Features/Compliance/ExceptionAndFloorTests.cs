using Maillage.Domain.Compliance;
using Maillage.Domain.Referential;
using Xunit;
using static Maillage.Core.Tests.Features.Compliance.Reports;

namespace Maillage.Core.Tests.Features.Compliance;

/// <summary>The two exceptions (where they apply, where they do not) and the floor of 25 that none lifts.</summary>
public sealed class ExceptionAndFloorTests
{
    [Fact]
    public void Prevalence_ratio_lifts_the_activity_thresholds_of_a_general_constitutive_site()
    {
        var report = Site(SiteKind.CrmrConstitutive, ClinicalField.General, activePatients: 40, consultations: 60, exception: ExceptionCode.PrevalenceRatio);
        Assert.Equal(FindingStatus.Exception, Finding(report, Criterion.CsHdj).Status);
        Assert.Equal(FindingStatus.Exception, Finding(report, Criterion.ActivePatients).Status);
        Assert.Equal(FindingStatus.Met, Finding(report, Criterion.Floor25).Status);
        Assert.Equal(Verdict.CompliantWithException, ComplianceEngine.Evaluate(report, R2023, AsOf).Verdict);
    }

    [Fact]
    public void An_exception_is_not_needed_when_the_threshold_is_met()
    {
        var report = Site(SiteKind.CrmrConstitutive, activePatients: 75, consultations: 150, exception: ExceptionCode.PrevalenceRatio);
        Assert.Equal(Verdict.Compliant, ComplianceEngine.Evaluate(report, R2023, AsOf).Verdict);
    }

    [Fact]
    public void Prevalence_ratio_never_lifts_research()
    {
        var report = Site(SiteKind.CrmrConstitutive, research: 0, exception: ExceptionCode.PrevalenceRatio);
        Assert.Equal(FindingStatus.NotMet, Finding(report, Criterion.Research).Status);
    }

    [Theory]
    [InlineData("crmr_coordinating", "general")]
    [InlineData("crmr_constitutive", "cystic_fibrosis")] // « les seuils définis ci-dessus » = the general ones
    [InlineData("crmr_constitutive", "haemophilia")]
    [InlineData("crcm", null)]
    [InlineData("crc_mhc", null)]
    public void Prevalence_ratio_does_not_apply_elsewhere(string kind, string? field)
    {
        var report = Site(Kind(kind), Field(field), activePatients: 26, consultations: 50, exception: ExceptionCode.PrevalenceRatio);
        Assert.Equal(FindingStatus.NotMet, Finding(report, Criterion.ActivePatients).Status);
        Assert.Equal(Verdict.NonCompliant, ComplianceEngine.Evaluate(report, R2023, AsOf).Verdict);
    }

    [Fact]
    public void Territorial_mesh_lifts_the_activity_thresholds_of_a_crc_mhc()
    {
        var report = Site(SiteKind.CrcMhc, activePatients: 60, consultations: 100, exception: ExceptionCode.TerritorialMesh);
        Assert.Equal(FindingStatus.Exception, Finding(report, Criterion.CsHdj).Status);
        Assert.Equal(FindingStatus.Exception, Finding(report, Criterion.ActivePatients).Status);
        Assert.Equal(Verdict.CompliantWithException, ComplianceEngine.Evaluate(report, R2023, AsOf).Verdict);
    }

    [Theory]
    [InlineData("crmr_constitutive", "general")]
    [InlineData("crmr_coordinating", "haemophilia")]
    [InlineData("crcm", null)]
    [InlineData("crc_sla", null)]
    public void Territorial_mesh_does_not_apply_elsewhere(string kind, string? field)
    {
        var report = Site(Kind(kind), Field(field), activePatients: 26, consultations: 50, exception: ExceptionCode.TerritorialMesh);
        Assert.Equal(FindingStatus.NotMet, Finding(report, Criterion.ActivePatients).Status);
    }

    [Theory]
    [InlineData("crmr_coordinating", "general")]
    [InlineData("crmr_constitutive", "platelet")]
    [InlineData("ccmr", null)]
    [InlineData("crcm", null)]
    [InlineData("crc_sla", null)]
    [InlineData("crc_mhc", null)]
    public void Floor_24_is_not_met_and_25_is_met_for_every_kind(string kind, string? field)
    {
        Assert.Equal(FindingStatus.NotMet, Finding(Site(Kind(kind), Field(field), activePatients: 24), Criterion.Floor25).Status);
        Assert.Equal(FindingStatus.Met, Finding(Site(Kind(kind), Field(field), activePatients: 25), Criterion.Floor25).Status);
        Assert.Equal(25, Finding(Site(Kind(kind), Field(field), activePatients: 25), Criterion.Floor25).Expected!.Number);
    }

    [Theory]
    [InlineData("crmr_constitutive", ExceptionCode.PrevalenceRatio)]
    [InlineData("crc_mhc", ExceptionCode.TerritorialMesh)]
    public void No_exception_lifts_the_floor(string kind, ExceptionCode exception)
    {
        var report = Site(Kind(kind), activePatients: 24, consultations: 50, exception: exception);
        Assert.Equal(FindingStatus.Exception, Finding(report, Criterion.ActivePatients).Status);
        Assert.Equal(FindingStatus.NotMet, Finding(report, Criterion.Floor25).Status);
        Assert.Equal(Verdict.NonCompliant, ComplianceEngine.Evaluate(report, R2023, AsOf).Verdict);
        var at25 = report with { ActivePatients = 25 };
        Assert.Equal(Verdict.CompliantWithException, ComplianceEngine.Evaluate(at25, R2023, AsOf).Verdict);
    }
}
