using Maillage.Core.Data;
using Maillage.Core.Features.Budget;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain.Funding;
using Maillage.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Core.Demo;

/// <summary>
/// A fictitious MIG budget year of the demo (<see cref="Year"/>, shared on the <see cref="DemoReports.Year"/> reports), so
/// that a newcomer sees the chain at first start: the source's envelopes; C1 published (F04–F07 from the MIG variable part,
/// half of F17), C2 published (the other half of F17, F23 delegations and one withdrawal), C3 in preparation (the
/// platforms from the PEMR model, F22); declarations of use by the AP-HP (the demo establishment account) and another
/// establishment, one validated by the ARS, one under reserve. Every row is marked fictitious. Deterministic.
/// </summary>
public static class DemoBudget
{
    public const int Year = DemoReports.Year + 1;

    public static async Task SeedAsync(MaillageDbContext db, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var admin = new Caller("demo-dgos", UserRole.NationalAdmin, null);
        var s = new BudgetService(db, clock);
        await s.OpenYearAsync(admin, Year, fictitious: true, ct);
        await s.UpdateYearAsync(admin, Year, new BudgetYearInput(MigLines.DefaultPlatformLine,
            MigLines.SourceEnvelopes(Year).ToDictionary(e => e.Code, e => e.Amount),
            null, "Budget de démonstration (fictif) : montants calculés sur les rapports fictifs de " + DemoReports.Year + "."), null, ct);

        await s.ComputeAsync(admin, Year, BudgetCircularCode.C1, new BudgetComputeInput([MigLineCode.F04], null, null), null, ct);
        await s.ComputeAsync(admin, Year, BudgetCircularCode.C1,
            new BudgetComputeInput([MigLineCode.F17], new Dictionary<MigLineCode, decimal> { [MigLineCode.F17] = 6_900_000m }, null), null, ct);
        var c1 = await s.PublishAsync(admin, Year, BudgetCircularCode.C1, null, ct);

        await s.ComputeAsync(admin, Year, BudgetCircularCode.C2, new BudgetComputeInput([MigLineCode.F17], null, null), null, ct);
        var ejs = await db.Establishments.AsNoTracking().Where(e => e.Level == EstablishmentLevel.LegalEntity).OrderBy(e => e.Finess).Select(e => e.Finess).ToListAsync(ct);
        var byAmount = c1.Delegations.Where(d => d.Line == MigLineCode.F04).OrderByDescending(d => d.Amount).ThenBy(d => d.Finess, StringComparer.Ordinal).ToList();
        foreach (var (d, k) in byAmount.Take(3).Select((d, k) => (d, k)))
            await s.SetDelegationAsync(admin, Year, BudgetCircularCode.C2, new DelegationInput(d.Finess, MigLineCode.F23, 120_000m + (k * 30_000m),
                "AAP PNDS et ETP (fictif)"), null, ct);
        if (byAmount.Count > 3)
            await s.SetDelegationAsync(admin, Year, BudgetCircularCode.C2, new DelegationInput(byAmount[3].Finess, MigLineCode.F04, -15_000m,
                "Retrait de crédits : engagements de l'année précédente non tenus (fictif)"), null, ct);
        await s.PublishAsync(admin, Year, BudgetCircularCode.C2, null, ct);

        try
        {
            await s.ComputeAsync(admin, Year, BudgetCircularCode.C3, new BudgetComputeInput([MigLines.DefaultPlatformLine], null, null), null, ct);
        }
        catch (BudgetRuleException)
        {
            // The demo's platforms would exceed the line's envelope (the rule refuses it): C3 then shows F22 only.
        }
        foreach (var (ej, k) in byAmount.Take(2).Select((d, k) => (d.Finess, k)))
            await s.SetDelegationAsync(admin, Year, BudgetCircularCode.C3, new DelegationInput(ej, MigLineCode.F22, k == 0 ? 120_000m : 40_000m,
                "Module maladies rares du DPI, « nouvel appui » (fictif)"), null, ct);

        // Declarations: the demo establishment (AP-HP, or the first EJ) and the EJ that received the most F04 credits.
        var aphp = await db.Establishments.AsNoTracking().Where(e => e.Level == EstablishmentLevel.LegalEntity && e.Name.Contains("AP-HP"))
            .Select(e => e.Finess).FirstOrDefaultAsync(ct) ?? ejs.FirstOrDefault();
        var declaring = new[] { aphp, byAmount.FirstOrDefault()?.Finess }.OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var centres = await db.Centres.AsNoTracking().Include(c => c.Establishment).Include(c => c.Network)
            .Where(c => c.ClosedOn == null && (c.Kind == CentreKind.ReferenceSite || c.Kind == CentreKind.ResourceCentre)).ToListAsync(ct);
        var reviewed = 0;
        foreach (var ej in declaring)
        {
            var mine = centres.Where(c => (c.Establishment?.LegalEntityFiness ?? c.EstablishmentFiness) == ej)
                .Select(c => (Centre: c, Line: BudgetRules.CentreLine(c.Network?.FiliereAcronym, c.ResourceKind?.ToString())))
                .Where(x => x.Line == MigLineCode.F04).OrderBy(x => x.Centre.Id, StringComparer.Ordinal).Take(3).ToList();
            var delegated = c1.Delegations.Where(d => d.Finess == ej && d.Line == MigLineCode.F04).Sum(d => d.Amount);
            if (mine.Count == 0 || delegated <= 0) continue;
            foreach (var (x, k) in mine.Select((x, k) => (x, k)))
            {
                var amount = decimal.Round(delegated / (mine.Count + 1), 2);
                var d = await s.DeclareAsync(admin with { UserName = "demo-etablissement" }, new DeclarationInput(Year, ej, MigLineCode.F04, x.Centre.Id, amount,
                    "Recrutement d'un temps de secrétariat et d'ARC (fictif)"), null, ct);
                if (reviewed == 0)
                    await s.ReviewAsync(admin with { UserName = "demo-ars" }, d.Id, BudgetDeclarationStatus.Validated, "Conforme aux crédits délégués (fictif).", null, ct);
                else if (reviewed == 1)
                    await s.ReviewAsync(admin with { UserName = "demo-ars" }, d.Id, BudgetDeclarationStatus.Reserve,
                        "Réserve : les recrutements déclarés ne figurent pas dans l'état des effectifs transmis (fictif).", null, ct);
                reviewed++;
            }
        }
    }
}
