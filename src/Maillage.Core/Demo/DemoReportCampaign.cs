using System.Globalization;
using Maillage.Core.Data;
using Maillage.Core.Features.Accounts;
using Maillage.Core.Features.Registry;
using Maillage.Core.Features.Reports;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain.Registry;
using Maillage.Domain.Reports;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Core.Demo;

/// <summary>
/// The demo's current reporting campaign: reports of <see cref="YearOf"/> (the year whose reports are due next, so that
/// the deadline is ahead of today) in every state — draft, submitted, validated, transmitted, reopened by the ministry,
/// returned by the direction — for centres of the demo establishment account (the AP-HP legal entity) and of the demo
/// filière, written through <see cref="ReportService"/> by the head, the direction and the ministry as the workflow asks,
/// each marked <see cref="AnnualReport.Fictitious"/>. The demo head's own centre is left without a report: « to fill ».
/// Deterministic given the date.
/// </summary>
public static class DemoReportCampaign
{
    /// <summary>The states seeded, in turn over the chosen centres.</summary>
    public enum Step { Draft, Submitted, Validated, Transmitted, Reopened, Returned }

    private static readonly Step[] Cycle = [Step.Transmitted, Step.Validated, Step.Submitted, Step.Draft, Step.Transmitted, Step.Reopened, Step.Returned, Step.Submitted];

    /// <summary>The year whose reports are due next: last year's until their deadline (30 June), then this year's.</summary>
    public static int? YearOf(DateOnly today)
    {
        if (ReportService.DeadlineOf(today.Year - 1) is { } last && today <= last) return today.Year - 1;
        return ReportService.DeadlineOf(today.Year) is not null ? today.Year : null;
    }

    public static async Task<IReadOnlyDictionary<Step, int>> SeedAsync(MaillageDbContext db, DemoClock clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(clock);
        var counts = Enum.GetValues<Step>().ToDictionary(s => s, _ => 0);
        if (YearOf(clock.Today) is not { } year) return counts;
        var accounts = await DemoAccounts.PlanAsync(db, ct);
        var legalEntity = accounts.FirstOrDefault(a => a.UserName == "etablissement")?.ScopeId;
        var headCentre = accounts.FirstOrDefault(a => a.UserName == "responsable")?.ScopeId;
        var centres = await db.Centres.AsNoTracking().Include(c => c.Establishment).Include(c => c.Network)
            .Where(c => c.ClosedOn == null).ToListAsync(ct);
        // From the end of the identifiers: the tests and the first pages pick the first ones.
        var chosen = centres.Where(c => legalEntity != null && c.Establishment?.LegalEntityFiness == legalEntity)
            .OrderByDescending(c => c.Id, StringComparer.Ordinal).Take(16)
            .Concat(centres.Where(c => c.Kind == CentreKind.ReferenceSite && c.Network?.FiliereAcronym == DemoActivity.Filiere)
                .OrderByDescending(c => c.Id, StringComparer.Ordinal).Take(8))
            .Where(c => c.Id != headCentre).DistinctBy(c => c.Id).OrderBy(c => c.Id, StringComparer.Ordinal).ToList();
        var service = new ReportService(db, new AccessPolicy(db, clock), clock);
        var admin = new Caller("admin", UserRole.NationalAdmin, null);
        for (var i = 0; i < chosen.Count; i++)
        {
            var c = chosen[i];
            var step = Cycle[i % Cycle.Length];
            var le = c.Establishment?.LegalEntityFiness ?? c.EstablishmentFiness;
            var head = new Caller($"responsable-{c.Id}".ToLowerInvariant(), UserRole.CentreHead, c.Id);
            var direction = new Caller($"direction-{le}", UserRole.Establishment, le);
            var random = new Random(Stable(c.Id) ^ year);
            clock.At(-40 + (i % 10), 10);
            Check(await service.SaveAsync(head, c.Id, year, Input(c, year, random, complete: step != Step.Draft), ct), c.Id, "brouillon");
            if (step == Step.Draft) { counts[step]++; continue; }
            clock.At(-30 + (i % 10), 11);
            Check(await service.TransitionAsync(head, c.Id, year, ReportAction.Submit, null, ct), c.Id, "soumission");
            switch (step)
            {
                case Step.Returned:
                    clock.At(-20 + (i % 10), 14);
                    Check(await service.TransitionAsync(direction, c.Id, year, ReportAction.Return, "Merci de compléter les projets de recherche (motif fictif).", ct), c.Id, "renvoi");
                    break;
                case Step.Validated or Step.Transmitted or Step.Reopened:
                    clock.At(-20 + (i % 10), 14);
                    Check(await service.TransitionAsync(direction, c.Id, year, ReportAction.Validate, null, ct), c.Id, "validation");
                    if (step == Step.Validated) break;
                    clock.At(-15 + (i % 10), 15);
                    Check(await service.TransitionAsync(direction, c.Id, year, ReportAction.Transmit, null, ct), c.Id, "transmission");
                    if (step == Step.Transmitted) break;
                    clock.At(-5, 16);
                    Check(await service.TransitionAsync(admin, c.Id, year, ReportAction.Reopen, "File active à rapprocher de l'extraction BNDMR (motif fictif).", ct), c.Id, "réouverture");
                    break;
                case Step.Draft or Step.Submitted:
                    break;
            }
            counts[step]++;
        }
        var ids = chosen.Select(c => c.Id).ToList();
        await db.AnnualReports.Where(r => r.Year == year && ids.Contains(r.CentreId)).ExecuteUpdateAsync(s => s.SetProperty(r => r.Fictitious, true), ct);
        db.ChangeTracker.Clear();
        return counts;
    }

    private static void Check(WriteResult r, string centre, string what)
    {
        if (r.Status != WriteStatus.Ok)
            throw new InvalidOperationException($"Démo : rapport de {centre} ({what}) refusé : {string.Join(" ; ", r.Errors.Select(e => e.Message))}");
    }

    /// <summary>Figures around plausible values; a draft leaves some fields to fill.</summary>
    private static ReportInput Input(Centre c, int year, Random random, bool complete)
    {
        var crmr = c.Kind == CentreKind.ReferenceSite;
        var fa = crmr ? random.Next(120, 600) : random.Next(25, 150);
        var id = c.Id.ToLowerInvariant();
        return new ReportInput
        {
            ActivePatients = fa, Consultations = complete ? fa * 2 + random.Next(0, 200) : null, DayHospitalStays = fa / 4, FullHospitalStays = complete ? fa / 10 : null,
            ExpertOpinions = random.Next(5, 200), RcpOrganised = random.Next(0, 40), RcpAttended = random.Next(0, 20), EtpProgrammes = random.Next(0, 3),
            PndsWritten = random.Next(0, 2), PndsUpdated = random.Next(0, 2), TeleExpertise = complete ? random.Next(0, 60) : null, BndmrEntry = true,
            Publications = Enumerable.Range(0, crmr ? random.Next(2, 6) : random.Next(0, 2))
                .Select(i => new Publication($"Publication fictive {i + 1} ({c.Id})", "Revue fictive", year, $"10.99999/maillage-demo.{id}.{year}.{i + 1}", null)).ToList(),
            ResearchProjects = complete
                ? Enumerable.Range(0, crmr ? random.Next(1, 4) : random.Next(0, 2)).Select(i => new ResearchProject($"Projet fictif {i + 1} ({c.Id})", year - random.Next(3), i % 2 == 0 ? "PHRC" : "ANR")).ToList()
                : null,
            SigapsPoints4y = crmr ? random.Next(50, 900) : random.Next(0, 100), DuDiuCoordinated = random.Next(0, 3), AssociationConventions = random.Next(0, 4),
            ActionPlanRevised = complete ? random.Next(3) > 0 : null,
            OtherTeaching = complete ? "Enseignements fictifs de démonstration." : null,
        };
    }

    /// <summary>A hash of a string that does not change between runs (string.GetHashCode does).</summary>
    internal static int Stable(string s)
    {
        var h = 2166136261u;
        foreach (var ch in s) h = (h ^ ch) * 16777619u;
        return (int)(h & 0x7FFFFFFF);
    }

    internal static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
