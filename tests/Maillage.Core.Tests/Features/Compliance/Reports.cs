using Maillage.Core.Infrastructure.Campaigns;
using Maillage.Domain.Compliance;
using Maillage.Domain.Referential;
using Maillage.Domain.Registry;

namespace Maillage.Core.Tests.Features.Compliance;

/// <summary>The shipped referentials and a builder of site reports that meet everything unless told otherwise.</summary>
internal static class Reports
{
    public static readonly Maillage.Domain.Referential.Referential R2023 = CampaignCatalogue.Shipped.Get("2023-2028");
    public static readonly Maillage.Domain.Referential.Referential R2017 = CampaignCatalogue.Shipped.Get("2017-2022");
    public static readonly DateOnly AsOf = new(2024, 6, 15);

    public static SiteReport Site(
        SiteKind kind, ClinicalField? field = null, int? activePatients = 1000, int? consultations = 1000, int? dayHospital = 0,
        int? research = 10, HeadStatus? status = HeadStatus.PuPh, DateOnly? birth = null, bool? clinical = null, ExceptionCode? exception = null) =>
        new("SITE", kind, kind.IsCrmr() ? field ?? ClinicalField.General : null, 2024, activePatients, consultations, dayHospital, research,
            status, birth, clinical, exception);

    public static Finding Finding(SiteReport report, Criterion criterion, Maillage.Domain.Referential.Referential? referential = null, DateOnly? asOf = null) =>
        ComplianceEngine.Evaluate(report, referential ?? R2023, asOf ?? AsOf).Findings.Single(f => f.Criterion == criterion);

    public static SiteKind Kind(string code) => Codes.TryParseKind(code, out var k) ? k : throw new ArgumentException(code);

    public static ClinicalField? Field(string? code) => code is null ? null : Codes.TryParseField(code, out var f) ? f : throw new ArgumentException(code);
}
