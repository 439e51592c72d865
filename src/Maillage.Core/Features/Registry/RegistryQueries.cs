using System.Globalization;
using Maillage.Core.Infrastructure.Auditing;
using Maillage.Core.Data;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Core.Features.Registry;

/// <summary>Filters of the structure lists (web and API share them).</summary>
public sealed record CentreFilter
{
    public CentreKind? Kind { get; init; }
    public SiteRole? Role { get; init; }
    public string? Filiere { get; init; }
    public string? Region { get; init; }
    public string? Departement { get; init; }
    /// <summary>FINESS of an ET or of an EJ (all its sites).</summary>
    public string? Establishment { get; init; }
    public string? Network { get; init; }
    /// <summary>Labelling period id: structures labelled in that period.</summary>
    public string? Period { get; init; }
    /// <summary>ORPHA code: centres whose network perimeter (or attached networks' perimeters) holds it.</summary>
    public int? Orpha { get; init; }
    /// <summary>Existing as of this date (covered by a label); null = currently open.</summary>
    public DateOnly? AsOf { get; init; }
    /// <summary>Free text over the name, id, establishment, commune and head.</summary>
    public string? Q { get; init; }
}

public sealed record Page<T>(IReadOnlyList<T> Items, int Total, int PageNumber, int PageSize)
{
    public int PageCount => Page.Count(Total, PageSize);
}

/// <summary>What every paged list computes the same way.</summary>
public static class Page
{
    /// <summary>The pages <paramref name="total"/> items fill at <paramref name="pageSize"/> a page (at least one; one when unpaged).</summary>
    public static int Count(int total, int pageSize) => pageSize <= 0 ? 1 : Math.Max(1, (total + pageSize - 1) / pageSize);
}

public sealed record CentreRow(
    string Id, string Name, CentreKind Kind, SiteRole? Role, ResourceCentreKind? ResourceKind,
    string? NetworkId, string? NetworkName, IReadOnlyList<string> Filieres,
    string EstablishmentFiness, string EstablishmentName, string? Commune, string DepartementCode, string RegionCode,
    string? HeadName, bool Closed);

/// <summary>One change of an object's history. <paramref name="Author"/> is who made it as the caller may see it: the account's
/// display name for signed-in callers, a neutral label otherwise; never the account's user name (docs/security.md, "Reads").</summary>
public sealed record HistoryRow(DateTimeOffset At, string Author, string Action, string? Origin, string? Before, string? After);

/// <summary>Read models of the registry. Pages, API and CLI call these; nothing here writes.</summary>
public sealed class RegistryQueries(MaillageDbContext db, TimeProvider clock)
{
    public DateOnly Today => DateOnly.FromDateTime(clock.GetLocalNow().Date);

    public Task<bool> IsDemoAsync(CancellationToken ct = default) => DataSetInfo.IsDemoAsync(db, ct);

    /// <summary>Ids of the structures covered by a label on <paramref name="d"/>.</summary>
    private IQueryable<Label> LabelsOn(DateOnly d) =>
        db.Labels.Where(l => l.Decision != LabelDecision.NotRetained && l.ValidFrom <= d && (l.ValidTo == null || l.ValidTo >= d));

    public async Task<RegistryStats> StatsAsync(DateOnly? asOf = null, CancellationToken ct = default)
    {
        var d = asOf ?? Today;
        var labels = await LabelsOn(d).AsNoTracking().ToListAsync(ct);
        var networkIds = labels.Where(l => l.NetworkId != null).Select(l => l.NetworkId!).ToHashSet(StringComparer.Ordinal);
        var centreIds = labels.Where(l => l.CentreId != null).Select(l => l.CentreId!).ToHashSet(StringComparer.Ordinal);
        var platformIds = labels.Where(l => l.PlatformId != null).Select(l => l.PlatformId!).ToHashSet(StringComparer.Ordinal);

        var deps = await db.Departements.AsNoTracking().ToDictionaryAsync(x => x.Code, x => x.RegionCode, ct);
        var estDep = await db.Establishments.AsNoTracking().ToDictionaryAsync(x => x.Finess, x => x.DepartementCode, ct);
        var networks = await db.Networks.AsNoTracking().Select(n => new { n.Id, n.FiliereAcronym }).ToDictionaryAsync(n => n.Id, n => n.FiliereAcronym, ct);
        var centres = await db.Centres.AsNoTracking().Include(c => c.Attachments).ToListAsync(ct);
        var platforms = await db.Platforms.AsNoTracking().ToListAsync(ct);
        var filieres = await db.Filieres.AsNoTracking().Select(f => f.Acronym).ToListAsync(ct);
        var regions = await db.Regions.AsNoTracking().Select(r => r.Code).ToListAsync(ct);

        var stats = new RegistryStats
        {
            AsOf = d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            FictitiousDemoData = await IsDemoAsync(ct),
            Totals = new StructureCounts(),
            ByFiliere = new SortedDictionary<string, StructureCounts>(filieres.ToDictionary(f => f, _ => new StructureCounts()), StringComparer.Ordinal),
            ByRegion = new SortedDictionary<string, StructureCounts>(regions.ToDictionary(r => r, _ => new StructureCounts()), StringComparer.Ordinal),
        };
        string? RegionOf(string finess) => estDep.TryGetValue(finess, out var dep) && deps.TryGetValue(dep, out var r) ? r : null;
        StructureCounts? F(string? acronym) => acronym is not null && stats.ByFiliere.TryGetValue(acronym, out var c) ? c : null;
        StructureCounts? R(string? code) => code is not null && stats.ByRegion.TryGetValue(code, out var c) ? c : null;

        var coordinatingRegion = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var c in centres.Where(c => centreIds.Contains(c.Id)))
        {
            var region = R(RegionOf(c.EstablishmentFiness));
            switch (c.Kind)
            {
                case CentreKind.ReferenceSite:
                    var fil = F(c.NetworkId is not null && networks.TryGetValue(c.NetworkId, out var a) ? a : null);
                    if (c.Role == SiteRole.Coordinating)
                    {
                        stats.Totals.CoordinatingSites++;
                        if (fil is not null) fil.CoordinatingSites++;
                        if (region is not null) region.CoordinatingSites++;
                        if (c.NetworkId is not null) coordinatingRegion[c.NetworkId] = RegionOf(c.EstablishmentFiness);
                    }
                    else
                    {
                        stats.Totals.ConstitutiveSites++;
                        if (fil is not null) fil.ConstitutiveSites++;
                        if (region is not null) region.ConstitutiveSites++;
                    }
                    break;
                case CentreKind.CompetenceCentre:
                case CentreKind.ResourceCentre:
                    var isCcmr = c.Kind == CentreKind.CompetenceCentre;
                    if (isCcmr) stats.Totals.CompetenceCentres++; else stats.Totals.ResourceCentres++;
                    if (region is not null) { if (isCcmr) region.CompetenceCentres++; else region.ResourceCentres++; }
                    var fils = c.Attachments.Select(x => networks.TryGetValue(x.NetworkId, out var f) ? f : null)
                        .Where(f => f is not null).Distinct(StringComparer.Ordinal);
                    foreach (var f in fils)
                    {
                        var counts = F(f);
                        if (counts is null) continue;
                        if (isCcmr) counts.CompetenceCentres++; else counts.ResourceCentres++;
                    }
                    break;
            }
        }
        foreach (var id in networkIds)
        {
            stats.Totals.Networks++;
            if (networks.TryGetValue(id, out var f)) { var c = F(f); if (c is not null) c.Networks++; }
            if (coordinatingRegion.TryGetValue(id, out var r)) { var c = R(r); if (c is not null) c.Networks++; }
        }
        foreach (var p in platforms.Where(p => platformIds.Contains(p.Id)))
        {
            stats.Totals.Platforms++;
            var c = R(p.RegionCode ?? RegionOf(p.HostFiness));
            if (c is not null) c.Platforms++;
        }
        return stats;
    }

    public async Task<Page<CentreRow>> CentresAsync(CentreFilter f, int page = 1, int pageSize = 50, CancellationToken ct = default)
    {
        page = Math.Max(1, page);
        pageSize = Math.Clamp(pageSize, 1, 10_000);
        var q = db.Centres.AsNoTracking().AsQueryable();
        if (f.Kind is not null) q = q.Where(c => c.Kind == f.Kind);
        if (f.Role is not null) q = q.Where(c => c.Role == f.Role);
        if (f.Network is not null) q = q.Where(c => c.NetworkId == f.Network || c.Attachments.Any(a => a.NetworkId == f.Network));
        if (f.Filiere is not null)
            q = q.Where(c => (c.Network != null && c.Network.FiliereAcronym == f.Filiere)
                || c.Attachments.Any(a => db.Networks.Any(n => n.Id == a.NetworkId && n.FiliereAcronym == f.Filiere)));
        if (f.Departement is not null) q = q.Where(c => c.Establishment!.DepartementCode == f.Departement);
        if (f.Region is not null) q = q.Where(c => c.Establishment!.Departement!.RegionCode == f.Region);
        if (f.Establishment is not null) q = q.Where(c => c.EstablishmentFiness == f.Establishment || c.Establishment!.LegalEntityFiness == f.Establishment);
        if (f.Orpha is not null)
        {
            var code = f.Orpha.Value;
            q = q.Where(c => db.NetworkDiseases.Any(nd => nd.OrphaCode == code && (nd.NetworkId == c.NetworkId || c.Attachments.Any(a => a.NetworkId == nd.NetworkId))));
        }
        if (f.Period is not null) q = q.Where(c => db.Labels.Any(l => l.CentreId == c.Id && l.PeriodId == f.Period && l.Decision != LabelDecision.NotRetained));
        if (f.AsOf is not null)
        {
            var d = f.AsOf.Value;
            q = q.Where(c => LabelsOn(d).Any(l => l.CentreId == c.Id));
        }
        else if (f.Period is null)
        {
            q = q.Where(c => c.ClosedOn == null);
        }
        if (!string.IsNullOrWhiteSpace(f.Q))
        {
#pragma warning disable CA1304, CA1311 // inside an EF expression tree: translated to SQL lower(), no culture involved

            var text = f.Q.Trim().ToLowerInvariant();
            var today = Today;
            q = q.Where(c => c.Name.ToLower().Contains(text) || c.Id.ToLower().Contains(text)
                || c.Establishment!.Name.ToLower().Contains(text) || (c.Establishment.Commune != null && c.Establishment.Commune.ToLower().Contains(text))
                || (c.Network != null && c.Network.Name.ToLower().Contains(text))
                || db.Mandates.Any(m => m.CentreId == c.Id && m.From <= today && (m.To == null || m.To >= today)
                    && (m.Person!.LastName.ToLower().Contains(text) || m.Person.FirstName.ToLower().Contains(text))));
#pragma warning restore CA1304, CA1311
        }
        var total = await q.CountAsync(ct);
        var rows = await q.OrderBy(c => c.Kind).ThenBy(c => c.Id).Skip((page - 1) * pageSize).Take(pageSize)
            .Select(c => new
            {
                c.Id, c.Name, c.Kind, c.Role, c.ResourceKind, c.NetworkId,
                NetworkName = c.Network != null ? c.Network.Name : null,
                NetworkFiliere = c.Network != null ? c.Network.FiliereAcronym : null,
                c.EstablishmentFiness,
                EstablishmentName = c.Establishment!.Name,
                c.Establishment.Commune,
                c.Establishment.DepartementCode,
                c.Establishment.Departement!.RegionCode,
                c.ClosedOn,
            })
            .ToListAsync(ct);
        var ids = rows.Select(r => r.Id).ToList();
        var attached = await db.CentreAttachments.AsNoTracking().Where(a => ids.Contains(a.CentreId))
            .Join(db.Networks, a => a.NetworkId, n => n.Id, (a, n) => new { a.CentreId, n.FiliereAcronym }).ToListAsync(ct);
        var heads = await CurrentHeadsAsync(ids, ct);
        var items = rows.Select(r => new CentreRow(r.Id, r.Name, r.Kind, r.Role, r.ResourceKind, r.NetworkId, r.NetworkName,
            (r.NetworkFiliere is not null ? [r.NetworkFiliere] : attached.Where(a => a.CentreId == r.Id).Select(a => a.FiliereAcronym).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList()),
            r.EstablishmentFiness, r.EstablishmentName, r.Commune, r.DepartementCode, r.RegionCode,
            heads.GetValueOrDefault(r.Id), r.ClosedOn != null)).ToList();
        return new Page<CentreRow>(items, total, page, pageSize);
    }

    /// <summary>Display names of the current heads of the given centres.</summary>
    public async Task<Dictionary<string, string>> CurrentHeadsAsync(IReadOnlyCollection<string> centreIds, CancellationToken ct = default)
    {
        var today = Today;
        var list = await db.Mandates.AsNoTracking()
            .Where(m => m.Role == MandateRole.CentreHead && m.CentreId != null && centreIds.Contains(m.CentreId) && m.From <= today && (m.To == null || m.To >= today))
            .Select(m => new { m.CentreId, m.Person!.Title, m.Person.FirstName, m.Person.LastName })
            .ToListAsync(ct);
        return list.GroupBy(m => m.CentreId!).ToDictionary(g => g.Key,
            g => g.Select(m => string.IsNullOrEmpty(m.Title) ? $"{m.FirstName} {m.LastName}" : $"{m.Title} {m.FirstName} {m.LastName}").First(), StringComparer.Ordinal);
    }

    /// <summary>Author shown for a change by a user account to callers who may not see who it was (the public).</summary>
    public const string SomeUser = "un utilisateur";
    /// <summary>Author shown for a change made by the command-line tool (its operator's system account is not shown).</summary>
    public const string Operator = "opérateur (ligne de commande)";
    /// <summary>The seed and system jobs, as the audit stores them.</summary>
    public const string SystemActor = "système";

    /// <summary>
    /// The history of an object as this caller may read it, or null when the caller may not read it at all: a person's
    /// history holds his or her identifying data (<see cref="DataClass.IdentifyingPersonal"/>, on the person's scope);
    /// other objects' histories are public. Authors: account display names for signed-in callers, a neutral label for the
    /// public (account names feed lockout attacks); the audit rows keep the user names.
    /// </summary>
    public async Task<IReadOnlyList<HistoryRow>?> HistoryAsync(Caller caller, string entity, string id, CancellationToken ct = default)
    {
        if (entity == "person")
        {
            var scope = caller.Role == UserRole.NationalAdmin ? null : await new AccessPolicy(db, clock).ScopeOfAsync("person", id, ct);
            if (!DataAccess.CanRead(caller, DataClass.IdentifyingPersonal, scope)) return null;
        }
        var rows = await db.AuditEntries.AsNoTracking().Where(a => a.Entity == entity && a.EntityId == id)
            .OrderByDescending(a => a.Id).Take(500)
            .Select(a => new { a.At, a.UserName, a.Action, a.Origin, a.Before, a.After }).ToListAsync(ct);
        var names = rows.Select(r => r.UserName).Distinct().ToList();
        var accounts = await db.Users.AsNoTracking().Where(u => u.UserName != null && names.Contains(u.UserName))
            .Select(u => new { u.UserName, u.DisplayName }).ToListAsync(ct);
        var displayNames = accounts.ToDictionary(u => u.UserName!, u => u.DisplayName, StringComparer.Ordinal);
        string Author(string userName)
        {
            if (userName == SystemActor) return SystemActor;
            if (userName.StartsWith("cli:", StringComparison.Ordinal) || userName == "cli") return Operator;
            if (!caller.IsAuthenticated) return SomeUser;
            return displayNames.TryGetValue(userName, out var display) && !string.IsNullOrWhiteSpace(display) ? display : SomeUser;
        }
        return rows.Select(a => new HistoryRow(a.At, Author(a.UserName), a.Action, a.Origin, a.Before, a.After)).ToList();
    }

    public Task<List<Label>> LabelsOfAsync(string? networkId = null, string? centreId = null, string? platformId = null, string? filiere = null, CancellationToken ct = default) =>
        db.Labels.AsNoTracking()
            .Where(l => (networkId != null && l.NetworkId == networkId) || (centreId != null && l.CentreId == centreId)
                || (platformId != null && l.PlatformId == platformId) || (filiere != null && l.FiliereAcronym == filiere))
            .OrderBy(l => l.ValidFrom).ToListAsync(ct);

    public Task<List<Mandate>> MandatesAsync(string? centreId = null, string? personId = null, string? filiere = null, string? platformId = null, CancellationToken ct = default) =>
        db.Mandates.AsNoTracking().Include(m => m.Person)
            .Where(m => (centreId != null && m.CentreId == centreId) || (personId != null && m.PersonId == personId)
                || (filiere != null && m.FiliereAcronym == filiere) || (platformId != null && m.PlatformId == platformId))
            .OrderByDescending(m => m.From).ToListAsync(ct);

    public Task<Centre?> CentreAsync(string id, CancellationToken ct = default) =>
        db.Centres.AsNoTracking().Include(c => c.Attachments).Include(c => c.Establishment).ThenInclude(e => e!.Departement).ThenInclude(d => d!.Region)
            .Include(c => c.Network).ThenInclude(n => n!.Filiere)
            .FirstOrDefaultAsync(c => c.Id == id, ct);

    /// <summary>A centre with its current head's public name and its filières (the API's view of a centre).</summary>
    public async Task<CentreDetail?> CentreDetailAsync(string id, CancellationToken ct = default)
    {
        var c = await CentreAsync(id, ct);
        if (c is null) return null;
        var heads = await CurrentHeadsAsync([id], ct);
        var networkIds = c.Attachments.Select(a => a.NetworkId).Append(c.NetworkId).Where(x => x is not null).ToList();
        var filieres = await db.Networks.AsNoTracking().Where(n => networkIds.Contains(n.Id)).Select(n => n.FiliereAcronym).Distinct().OrderBy(x => x).ToListAsync(ct);
        return new CentreDetail(c, heads.GetValueOrDefault(id), filieres);
    }

    public Task<Network?> NetworkAsync(string id, CancellationToken ct = default) =>
        db.Networks.AsNoTracking().Include(n => n.Perimeter).Include(n => n.Erns).Include(n => n.Filiere)
            .FirstOrDefaultAsync(n => n.Id == id, ct);

    public Task<Establishment?> EstablishmentAsync(string finess, CancellationToken ct = default) =>
        db.Establishments.AsNoTracking().Include(e => e.LegalEntity).Include(e => e.Departement).ThenInclude(d => d!.Region)
            .FirstOrDefaultAsync(e => e.Finess == finess, ct);

    public Task<Filiere?> FiliereAsync(string acronym, CancellationToken ct = default) =>
        db.Filieres.AsNoTracking().Include(f => f.Erns).Include(f => f.Host).FirstOrDefaultAsync(f => f.Acronym == acronym, ct);

    public Task<Person?> PersonAsync(string id, CancellationToken ct = default) =>
        db.People.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct);

    public Task<Association?> AssociationAsync(string id, CancellationToken ct = default) =>
        db.Associations.AsNoTracking().Include(a => a.Conventions).FirstOrDefaultAsync(a => a.Id == id, ct);

    public Task<Platform?> PlatformAsync(string id, CancellationToken ct = default) =>
        db.Platforms.AsNoTracking().Include(p => p.Establishments).Include(p => p.Centres).Include(p => p.Host)
            .FirstOrDefaultAsync(p => p.Id == id, ct);

    /// <summary>Names of ORPHA codes (French first, English otherwise).</summary>
    public async Task<Dictionary<int, string>> OrphaNamesAsync(IReadOnlyCollection<int> codes, CancellationToken ct = default) =>
        await db.OrphaDiseases.AsNoTracking().Where(o => codes.Contains(o.Code))
            .ToDictionaryAsync(o => o.Code, o => o.NameFr ?? o.NameEn, ct);
}
