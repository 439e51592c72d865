using System.Globalization;
using Maillage.Core.Features.Procedures;
using Maillage.Core.Features.Registry;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Core.Data;

/// <summary>Who changed an aggregate last and when (from the audit trail).</summary>
public sealed record LastChange(string UserName, DateTimeOffset At);

/// <summary>
/// The current version of an editable aggregate (the API's ETag) and the explanation of a stale write: who changed it
/// last and when, from the audit trail. Entity names are the audit trail's: centre, network, establishment, person,
/// association, filiere, platform, annual_report (id <c>CENTRE/YEAR</c>), dossier.
/// </summary>
public sealed class Versions(MaillageDbContext db, TimeProvider clock)
{
    public const string StaleRule = "R-STALE";

    public async Task<int?> CurrentAsync(string entity, string id, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        switch (entity)
        {
            case "centre": return await db.Centres.AsNoTracking().Where(x => x.Id == id).Select(x => (int?)x.Version).FirstOrDefaultAsync(ct);
            case "network": return await db.Networks.AsNoTracking().Where(x => x.Id == id).Select(x => (int?)x.Version).FirstOrDefaultAsync(ct);
            case "establishment": return await db.Establishments.AsNoTracking().Where(x => x.Finess == id).Select(x => (int?)x.Version).FirstOrDefaultAsync(ct);
            case "person": return await db.People.AsNoTracking().Where(x => x.Id == id).Select(x => (int?)x.Version).FirstOrDefaultAsync(ct);
            case "association": return await db.Associations.AsNoTracking().Where(x => x.Id == id).Select(x => (int?)x.Version).FirstOrDefaultAsync(ct);
            case "filiere": return await db.Filieres.AsNoTracking().Where(x => x.Acronym == id).Select(x => (int?)x.Version).FirstOrDefaultAsync(ct);
            case "platform": return await db.Platforms.AsNoTracking().Where(x => x.Id == id).Select(x => (int?)x.Version).FirstOrDefaultAsync(ct);
            // A committee not edited yet is version 0 (nothing stored).
            case "governance": return await db.Filieres.AsNoTracking().AnyAsync(x => x.Acronym == id, ct)
                ? await db.GovernanceCommittees.AsNoTracking().Where(x => x.FiliereAcronym == id).Select(x => (int?)x.Version).FirstOrDefaultAsync(ct) ?? 0 : null;
            case "dossier": return await db.Set<Dossier>().AsNoTracking().Where(x => x.Id == id).Select(x => (int?)x.Version).FirstOrDefaultAsync(ct);
            case "budget_year":
                return int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var by)
                    ? await db.BudgetYears.AsNoTracking().Where(x => x.Year == by).Select(x => (int?)x.Version).FirstOrDefaultAsync(ct) : null;
            case "budget_circular": return await db.BudgetCirculars.AsNoTracking().Where(x => x.Id == id).Select(x => (int?)x.Version).FirstOrDefaultAsync(ct);
            case "budget_declaration": return await db.BudgetDeclarations.AsNoTracking().Where(x => x.Id == id).Select(x => (int?)x.Version).FirstOrDefaultAsync(ct);
            case "annual_report":
            {
                var slash = id.LastIndexOf('/');
                if (slash < 0 || !int.TryParse(id.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var year)) return null;
                var centre = id[..slash];
                // A report not saved yet is version 0 (the pre-filled draft a GET shows).
                return await db.AnnualReports.AsNoTracking().Where(x => x.CentreId == centre && x.Year == year).Select(x => (int?)x.Version).FirstOrDefaultAsync(ct) ?? 0;
            }
            // Filière activity (docs/filieres-reports.md); a filière's report not saved yet is version 0, as a centre's.
            case "filiere_report":
            {
                var slash = id.LastIndexOf('/');
                if (slash < 0 || !int.TryParse(id.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var year)) return null;
                var filiere = id[..slash];
                return await db.FiliereReports.AsNoTracking().Where(x => x.FiliereAcronym == filiere && x.Year == year).Select(x => (int?)x.Version).FirstOrDefaultAsync(ct) ?? 0;
            }
            case "filiere_action": return await db.FiliereActions.AsNoTracking().Where(x => x.Id == id).Select(x => (int?)x.Version).FirstOrDefaultAsync(ct);
            case "filiere_training": return await db.FiliereTrainings.AsNoTracking().Where(x => x.Id == id).Select(x => (int?)x.Version).FirstOrDefaultAsync(ct);
            case "filiere_laboratory": return await db.FiliereLaboratories.AsNoTracking().Where(x => x.Id == id).Select(x => (int?)x.Version).FirstOrDefaultAsync(ct);
            case "network_registry": return await db.NetworkRegistries.AsNoTracking().Where(x => x.Id == id).Select(x => (int?)x.Version).FirstOrDefaultAsync(ct);
            default: return null;
        }
    }

    public async Task<LastChange?> LastChangeAsync(string entity, string id, CancellationToken ct = default)
    {
        var e = await db.AuditEntries.AsNoTracking().Where(a => a.Entity == entity && a.EntityId == id)
            .OrderByDescending(a => a.Id).Select(a => new { a.UserName, a.At }).FirstOrDefaultAsync(ct);
        return e is null ? null : new LastChange(e.UserName, e.At);
    }

    /// <summary>The French explanation of a stale write, naming the current version and, when known, who and when.</summary>
    public async Task<string> StaleMessageAsync(string entity, string id, int current, CancellationToken ct = default)
    {
        var last = await LastChangeAsync(entity, id, ct);
        return Message(current, last, clock);
    }

    public static string Message(int current, LastChange? last, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        var who = last is null ? "" : $" par {last.UserName} le {Maillage.Domain.French.DateTime(last.At, clock.LocalTimeZone)}";
        return $"Modifié entre-temps{who} (version actuelle : {current}) : votre enregistrement n'a pas été appliqué pour ne pas écraser "
            + "cette modification. Rechargez pour voir la version actuelle, puis reportez vos changements.";
    }

    /// <summary>The result of a stale registry or report write (412 in the API).</summary>
    public async Task<WriteResult> StaleAsync(string entity, string id, CancellationToken ct = default)
    {
        var current = await CurrentAsync(entity, id, ct) ?? 0;
        return WriteResult.Stale(await StaleMessageAsync(entity, id, current, ct), current);
    }
}
