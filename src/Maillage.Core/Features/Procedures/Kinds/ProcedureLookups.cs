using Maillage.Core.Data;
using Maillage.Domain.Procedures;
using Maillage.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Core.Features.Procedures.Kinds;

/// <summary>
/// The registry facts every procedure asks for (read only): the legal entity or region of an establishment, the
/// establishments and associations taking part, a centre's filière, who holds a mandate today. Shared by the dossier
/// service and the procedure kinds (one scoped instance per request, from DI).
/// </summary>
public sealed class ProcedureLookups(MaillageDbContext db, TimeProvider clock)
{
    public DateOnly Today => DateOnly.FromDateTime(clock.GetLocalNow().Date);

    public async Task<string?> LegalEntityOfAsync(string finess, CancellationToken ct) =>
        await db.Establishments.AsNoTracking().Where(e => e.Finess == finess).Select(e => e.LegalEntityFiness ?? e.Finess).FirstOrDefaultAsync(ct);

    public async Task<string?> RegionOfAsync(string finess, CancellationToken ct) =>
        await db.Establishments.AsNoTracking().Where(e => e.Finess == finess).Select(e => e.Departement!.RegionCode).FirstOrDefaultAsync(ct);

    public async Task<IReadOnlyList<Participant>> ParticipantsAsync(IReadOnlyList<string> finess, CancellationToken ct)
    {
        var names = await db.Establishments.AsNoTracking().Where(e => finess.Contains(e.Finess)).ToDictionaryAsync(e => e.Finess, e => e.Name, ct);
        return finess.Distinct().Select(f => new Participant(f, names.TryGetValue(f, out var n) ? $"{n} ({f})" : f)).ToList();
    }

    /// <summary>The associations whose convention with the centre or one of the networks is in force today (<see cref="Conventions.InForceOn"/>).</summary>
    public async Task<IReadOnlyList<Participant>> AssociationsOfAsync(string centreId, IReadOnlyList<string> networkIds, CancellationToken ct)
    {
        var ids = await db.AssociationConventions.AsNoTracking().Where(Conventions.InForceOn(Today))
            .Where(c => (c.TargetKind == ConventionTarget.Centre && c.TargetId == centreId) || (c.TargetKind == ConventionTarget.Network && networkIds.Contains(c.TargetId)))
            .Select(c => c.AssociationId).Distinct().ToListAsync(ct);
        return await db.Associations.AsNoTracking().Where(a => ids.Contains(a.Id)).OrderBy(a => a.Id)
            .Select(a => new Participant(a.Id, a.Name)).ToListAsync(ct);
    }

    public async Task<string?> FiliereOfCentreAsync(string centreId, CancellationToken ct) =>
        await db.CentreAttachments.AsNoTracking().Where(a => a.CentreId == centreId)
            .Join(db.Networks, a => a.NetworkId, n => n.Id, (a, n) => n.FiliereAcronym).OrderBy(x => x).FirstOrDefaultAsync(ct);

    public async Task<string?> CurrentHolderAsync(MandateRole role, string? centreId, string? filiere, CancellationToken ct)
    {
        var today = Today;
        return await db.Mandates.AsNoTracking()
            .Where(m => m.Role == role && m.From <= today && (m.To == null || m.To >= today)
                && (centreId == null || m.CentreId == centreId) && (filiere == null || m.FiliereAcronym == filiere))
            .OrderByDescending(m => m.From).Select(m => m.PersonId).FirstOrDefaultAsync(ct);
    }
}
