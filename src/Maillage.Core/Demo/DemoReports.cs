using Maillage.Core.Data;
using Maillage.Core.Features.Reports;
using Maillage.Core.Infrastructure.Campaigns;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain.Referential;
using Maillage.Domain.Registry;
using Maillage.Domain.Reports;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Core.Demo;

/// <summary>
/// Fictitious annual reports of the demo network for <see cref="Year"/>, so that the lists and the compliance dashboard
/// show something: one report per open centre, figures drawn from a fixed seed around the campaign's thresholds (about one
/// site in eight below an activity minimum, a few incomplete), validated or transmitted, each marked
/// <see cref="AnnualReport.Fictitious"/>. Deterministic: the same registry gives the same reports.
/// </summary>
public static class DemoReports
{
    public const int Year = 2024;

    public static async Task SeedAsync(MaillageDbContext db, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var centres = await db.Centres.AsNoTracking().Include(c => c.Network).Include(c => c.Attachments).Include(c => c.Establishment).ThenInclude(e => e!.Departement)
            .Where(c => c.ClosedOn == null).ToListAsync(ct);
        await SeedYearAsync(db, clock, Year, centres, ct);
    }

    /// <summary>
    /// The same reports for <paramref name="year"/> and the given centres (loaded with their network, attachments and
    /// establishment's département), from the seed <c>year × 10,000 + 101</c> (20240101 for the default demo's 2024).
    /// Returns how many were added. Used by the national data set (<see cref="DemoNational"/>) for past years.
    /// </summary>
    public static async Task<int> SeedYearAsync(MaillageDbContext db, TimeProvider clock, int year, IReadOnlyCollection<Centre> centreList, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(centreList);
        var referential = CampaignCatalogue.Shipped.ForYear(year) ?? throw new InvalidOperationException($"Aucune campagne pour {year}.");
        var service = new ReportService(db, new AccessPolicy(db, clock), clock);
        var centres = centreList.OrderBy(c => c.Id, StringComparer.Ordinal).ToList();
        var networks = await db.Networks.AsNoTracking().ToDictionaryAsync(n => n.Id, n => n.FiliereAcronym, StringComparer.Ordinal, ct);
        var end = new DateOnly(year, 12, 31);
        var heads = (await db.Mandates.AsNoTracking().Include(m => m.Person).Where(m => m.Role == MandateRole.CentreHead && m.CentreId != null && m.From <= end).ToListAsync(ct))
            .GroupBy(m => m.CentreId!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.OrderByDescending(m => m.From).First().Person, StringComparer.Ordinal);
        var random = new Random((year * 10_000) + 101);
        var stamp = new DateTimeOffset(year + 1, 3, 15, 9, 0, 0, TimeSpan.Zero);
        foreach (var c in centres)
        {
            var kind = ReportService.KindOf(c);
            ClinicalField? field = kind.IsCrmr() && c.Network is { } n ? Enum.Parse<ClinicalField>(n.Field.ToString()) : null;
            var filieres = c.Attachments.Select(a => a.NetworkId).Append(c.NetworkId).OfType<string>().Select(x => networks.GetValueOrDefault(x)).OfType<string>()
                .Distinct(StringComparer.Ordinal).ToList();
            var site = new ReportSite(c, kind, field, c.Establishment?.LegalEntityFiness ?? c.EstablishmentFiness, c.Establishment?.Departement?.RegionCode,
                filieres, heads.GetValueOrDefault(c.Id));
            int Around(int? minimum, int fallback)
            {
                var m = minimum ?? fallback;
                // One site in eight below the minimum (60 to 99 %), the others 100 to 250 %.
                var factor = random.Next(8) == 0 ? 0.6 + (random.NextDouble() * 0.39) : 1.0 + (random.NextDouble() * 1.5);
                return (int)Math.Round(m * factor);
            }
            var fa = Around(referential.FindThreshold(kind, field, Criterion.ActivePatients)?.Minimum, 40);
            var cshdj = Around(referential.FindThreshold(kind, field, Criterion.CsHdj)?.Minimum, fa * 2);
            var hdj = cshdj / 4;
            var researchMin = referential.FindThreshold(kind, field, Criterion.Research)?.Minimum ?? 0;
            var projects = Enumerable.Range(0, researchMin == 0 ? random.Next(2) : random.Next(researchMin + 3) )
                .Select(i => new ResearchProject($"Projet fictif {i + 1} ({c.Id})", year - random.Next(5), i % 2 == 0 ? "PHRC" : "ANR")).ToList();
            var incomplete = random.Next(25) == 0;
            var report = new AnnualReport
            {
                CentreId = c.Id, Year = year, Campaign = referential.CampaignId, Fictitious = true,
                Status = random.Next(10) < 7 ? ReportStatus.Transmitted : ReportStatus.Validated,
                ActivePatients = fa, Consultations = incomplete ? null : cshdj - hdj, DayHospitalStays = hdj, FullHospitalStays = fa / 10,
                ExpertOpinions = random.Next(5, 200), RcpOrganised = random.Next(0, 40), RcpAttended = random.Next(0, 20), EtpProgrammes = random.Next(0, 3),
                PndsWritten = random.Next(0, 2), PndsUpdated = random.Next(0, 2), TeleExpertise = random.Next(0, 60), BndmrEntry = random.Next(10) > 0,
                PublicationsJson = ReportJson.Write(Enumerable.Range(0, kind.IsCrmr() ? random.Next(3, 12) : random.Next(0, 3))
                    .Select(i => new Publication($"Publication fictive {i + 1} ({c.Id})", "Revue fictive", year, $"10.99999/maillage-demo.{c.Id.ToLowerInvariant()}.{i + 1}", null)).ToList()),
                ResearchProjectsJson = ReportJson.Write(projects), SigapsPoints4y = kind.IsCrmr() ? random.Next(50, 900) : random.Next(0, 100),
                DuDiuCoordinated = random.Next(0, 3), AssociationConventions = random.Next(0, 4), ActionPlanRevised = random.Next(3) > 0,
                UpdatedBy = "demo", UpdatedAt = stamp, SubmittedBy = "demo", SubmittedAt = stamp, ValidatedBy = "demo", ValidatedAt = stamp.AddDays(7),
            };
            if (report.Status == ReportStatus.Transmitted) { report.TransmittedBy = "demo"; report.TransmittedAt = stamp.AddDays(10); }
            service.Evaluate(report, site);
            report.EvaluatedAt = stamp.AddDays(10);
            db.AnnualReports.Add(report);
        }
        await db.SaveChangesAsync(ct);
        return centres.Count;
    }
}
