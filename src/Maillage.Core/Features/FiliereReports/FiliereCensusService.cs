using System.Globalization;
using Maillage.Core.Data;
using Maillage.Core.Features.Registry;
using Maillage.Core.Infrastructure.Security;
using Maillage.Core.Infrastructure.Tabular;
using Maillage.Domain.Filieres;
using Maillage.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Core.Features.FiliereReports;

/// <summary>A census line as written (form, API body). Codes are the tables' snake_case codes.</summary>
public sealed record TrainingInput(string? Kind, string? Title, int Year, string? Link);

public sealed record LaboratoryInput(string? Kind, string? Name, string? Establishment, string? EstablishmentFiness);

public sealed record RegistryInput(string? NetworkId, string? Kind, string? Name, int? StartYear, string? Link);

/// <summary>A registry or cohort with its network's name.</summary>
public sealed record RegistryRow(NetworkRegistry Registry, string NetworkName);

/// <summary>A filière's census: trainings and PNDS, laboratories, registries and cohorts of its networks.</summary>
public sealed record CensusView(FiliereSubject Filiere, IReadOnlyList<FiliereTraining> Trainings, IReadOnlyList<FiliereLaboratory> Laboratories,
    IReadOnlyList<RegistryRow> Registries, IReadOnlyList<(string Id, string Name)> Networks, bool CanEdit);

/// <summary>
/// The training and information census of a filière (DU/DIU, e-learning, ETP programmes, PNDS written and updated), its
/// laboratories (diagnostic and research) and the registries and cohorts of its networks (note of 19 September 2018,
/// §2 « Missions » and « Définition »). Public information: everyone reads it; the filière's coordinator and the
/// ministry write it. Every write is versioned and audited (docs/filieres-reports.md).
/// </summary>
public sealed class FiliereCensusService(MaillageDbContext db, TimeProvider clock)
{
    /// <summary>Bounds per filière: a census line more is refused with the bound named.</summary>
    public const int MaxTrainings = 500, MaxLaboratories = 200, MaxRegistries = 200;
    public const int FirstYear = 1980;
    private const int TitleMax = 300, LinkMax = 500;

    private int ThisYear => clock.GetLocalNow().Year;

    public async Task<CensusView?> ReadAsync(Caller caller, string acronym, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var f = await FiliereActivityScope.SubjectAsync(db, acronym, ct);
        if (f is null) return null;
        var trainings = await db.FiliereTrainings.AsNoTracking().Where(t => t.FiliereAcronym == f.Acronym).ToListAsync(ct);
        var labs = await db.FiliereLaboratories.AsNoTracking().Where(t => t.FiliereAcronym == f.Acronym).ToListAsync(ct);
        var networks = await db.Networks.AsNoTracking().Where(n => n.FiliereAcronym == f.Acronym).Select(n => new { n.Id, n.Name }).ToListAsync(ct);
        var ids = networks.Select(n => n.Id).ToList();
        var registries = await db.NetworkRegistries.AsNoTracking().Where(r => ids.Contains(r.NetworkId)).ToListAsync(ct);
        var names = networks.ToDictionary(n => n.Id, n => n.Name, StringComparer.Ordinal);
        return new CensusView(f,
            trainings.OrderBy(t => t.Kind).ThenByDescending(t => t.Year).ThenBy(t => t.Id, StringComparer.Ordinal).ToList(),
            labs.OrderBy(l => l.Kind).ThenBy(l => l.Name, StringComparer.Ordinal).ToList(),
            registries.OrderBy(r => names[r.NetworkId], StringComparer.Ordinal).ThenBy(r => r.Name, StringComparer.Ordinal).Select(r => new RegistryRow(r, names[r.NetworkId])).ToList(),
            networks.OrderBy(n => n.Name, StringComparer.Ordinal).Select(n => (n.Id, n.Name)).ToList(),
            FiliereActivityScope.CanEdit(caller, f.Acronym));
    }

    // ------------------------------------------------------------------ trainings

    public async Task<(WriteResult Result, string? Id)> AddTrainingAsync(Caller caller, string acronym, TrainingInput input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (early, f) = await EditableAsync(caller, acronym, ct);
        if (early is not null) return (early, null);
        if (ValidateTraining(input) is { Count: > 0 } errors) return (WriteResult.Invalid(errors), null);
        if (await db.FiliereTrainings.CountAsync(t => t.FiliereAcronym == f!.Acronym, ct) >= MaxTrainings)
            return (Invalid("filiere_training", "id", $"Le recensement de la filière compte déjà {MaxTrainings} formations, le maximum."), null);
        var t = new FiliereTraining { Id = await SequentialIds.NextAsync(db.FiliereTrainings.Select(x => x.Id), $"FOR-{f!.Acronym}-", "000", ct), FiliereAcronym = f.Acronym, Title = "", UpdatedBy = "" };
        Apply(t, input);
        Stamp(t, caller);
        db.FiliereTrainings.Add(t);
        return (await InsertAsync(ct), t.Id);
    }

    /// <summary>
    /// One training or PNDS line of <paramref name="acronym"/>'s census for its edit form: null when unknown or of another
    /// filière; refused (<see cref="AccessRefusedException"/>) to anyone but the filière's coordinator and the ministry.
    /// </summary>
    public async Task<FiliereTraining?> TrainingForEditAsync(Caller caller, string acronym, string id, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (string.IsNullOrEmpty(acronym) || acronym.Length > 32 || !FiliereActivityScope.CanEdit(caller, acronym))
            throw new AccessRefusedException(caller, "Seuls le coordonnateur de la filière et le ministère modifient son recensement.");
        if (string.IsNullOrEmpty(id) || id.Length > 48) return null;
        return await db.FiliereTrainings.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id && x.FiliereAcronym == acronym, ct);
    }

    public async Task<WriteResult> UpdateTrainingAsync(Caller caller, string id, TrainingInput input, int? expectedVersion, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var t = await FindAsync(db.FiliereTrainings, id, ct);
        if (await CheckAsync(caller, t, t?.FiliereAcronym, expectedVersion, "filiere_training", id, ct) is { } early) return early;
        if (ValidateTraining(input) is { Count: > 0 } errors) return WriteResult.Invalid(errors);
        Apply(t!, input);
        Stamp(t!, caller);
        return await SaveAsync(t!, "filiere_training", id, ct);
    }

    public async Task<WriteResult> DeleteTrainingAsync(Caller caller, string id, int? expectedVersion, CancellationToken ct = default)
    {
        var t = await FindAsync(db.FiliereTrainings, id, ct);
        if (await CheckAsync(caller, t, t?.FiliereAcronym, expectedVersion, "filiere_training", id, ct) is { } early) return early;
        db.FiliereTrainings.Remove(t!);
        return await SaveAsync(t!, "filiere_training", id, ct);
    }

    public IReadOnlyList<RuleViolation> ValidateTraining(TrainingInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new List<RuleViolation>();
        if (!FiliereActivityCodes.TrainingKinds.TryParse(input.Kind, out _))
            errors.Add(V("filiere_training", "kind", $"Type « {input.Kind} » inconnu (valeurs admises : {string.Join(", ", FiliereActivityCodes.TrainingKinds.Codes)})."));
        Text(errors, "filiere_training", "title", "Intitulé", input.Title, TitleMax, required: true);
        if (input.Year < FirstYear || input.Year > ThisYear + 1)
            errors.Add(V("filiere_training", "year", $"Année {input.Year} : acceptée de {FirstYear} à {ThisYear + 1}."));
        Link(errors, "filiere_training", input.Link);
        return errors;
    }

    private static void Apply(FiliereTraining t, TrainingInput i)
    {
        t.Kind = FiliereActivityCodes.TrainingKinds.TryParse(i.Kind, out var k) ? k : t.Kind;
        t.Title = i.Title!.Trim();
        t.Year = i.Year;
        t.Link = Clean(i.Link);
    }

    // ------------------------------------------------------------------ laboratories

    public async Task<(WriteResult Result, string? Id)> AddLaboratoryAsync(Caller caller, string acronym, LaboratoryInput input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (early, f) = await EditableAsync(caller, acronym, ct);
        if (early is not null) return (early, null);
        if (await ValidateLaboratoryAsync(input, ct) is { Count: > 0 } errors) return (WriteResult.Invalid(errors), null);
        if (await db.FiliereLaboratories.CountAsync(t => t.FiliereAcronym == f!.Acronym, ct) >= MaxLaboratories)
            return (Invalid("filiere_laboratory", "id", $"La filière compte déjà {MaxLaboratories} laboratoires, le maximum."), null);
        var l = new FiliereLaboratory { Id = await SequentialIds.NextAsync(db.FiliereLaboratories.Select(x => x.Id), $"LAB-{f!.Acronym}-", "000", ct), FiliereAcronym = f.Acronym, Name = "", Establishment = "", UpdatedBy = "" };
        Apply(l, input);
        Stamp(l, caller);
        db.FiliereLaboratories.Add(l);
        return (await InsertAsync(ct), l.Id);
    }

    public async Task<WriteResult> UpdateLaboratoryAsync(Caller caller, string id, LaboratoryInput input, int? expectedVersion, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var l = await FindAsync(db.FiliereLaboratories, id, ct);
        if (await CheckAsync(caller, l, l?.FiliereAcronym, expectedVersion, "filiere_laboratory", id, ct) is { } early) return early;
        if (await ValidateLaboratoryAsync(input, ct) is { Count: > 0 } errors) return WriteResult.Invalid(errors);
        Apply(l!, input);
        Stamp(l!, caller);
        return await SaveAsync(l!, "filiere_laboratory", id, ct);
    }

    public async Task<WriteResult> DeleteLaboratoryAsync(Caller caller, string id, int? expectedVersion, CancellationToken ct = default)
    {
        var l = await FindAsync(db.FiliereLaboratories, id, ct);
        if (await CheckAsync(caller, l, l?.FiliereAcronym, expectedVersion, "filiere_laboratory", id, ct) is { } early) return early;
        db.FiliereLaboratories.Remove(l!);
        return await SaveAsync(l!, "filiere_laboratory", id, ct);
    }

    private async Task<IReadOnlyList<RuleViolation>> ValidateLaboratoryAsync(LaboratoryInput input, CancellationToken ct)
    {
        var errors = new List<RuleViolation>();
        if (!FiliereActivityCodes.LaboratoryKinds.TryParse(input.Kind, out _))
            errors.Add(V("filiere_laboratory", "kind", $"Type « {input.Kind} » inconnu (valeurs admises : {string.Join(", ", FiliereActivityCodes.LaboratoryKinds.Codes)})."));
        Text(errors, "filiere_laboratory", "name", "Nom", input.Name, TitleMax, required: true);
        Text(errors, "filiere_laboratory", "establishment", "Établissement", input.Establishment, TitleMax, required: true);
        var finess = Clean(input.EstablishmentFiness);
        if (finess is not null)
        {
            if (finess.Length != 9) errors.Add(V("filiere_laboratory", "establishment_finess", $"FINESS « {Cut(finess)} » : 9 caractères attendus."));
            else if (!await db.Establishments.AnyAsync(e => e.Finess == finess, ct))
                errors.Add(V("filiere_laboratory", "establishment_finess", $"FINESS « {finess} » : établissement inconnu du registre (laissez vide pour un organisme hors registre)."));
        }
        return errors;
    }

    private static void Apply(FiliereLaboratory l, LaboratoryInput i)
    {
        l.Kind = FiliereActivityCodes.LaboratoryKinds.TryParse(i.Kind, out var k) ? k : l.Kind;
        l.Name = i.Name!.Trim();
        l.Establishment = i.Establishment!.Trim();
        l.EstablishmentFiness = Clean(i.EstablishmentFiness);
    }

    // ------------------------------------------------------------------ registries and cohorts (per network)

    /// <summary>Adds a registry or cohort to a network; the caller must edit the network's filière.</summary>
    public async Task<(WriteResult Result, string? Id)> AddRegistryAsync(Caller caller, string acronym, RegistryInput input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (early, f) = await EditableAsync(caller, acronym, ct);
        if (early is not null) return (early, null);
        if (await ValidateRegistryAsync(input, f!.Acronym, ct) is { Count: > 0 } errors) return (WriteResult.Invalid(errors), null);
        var networkIds = db.Networks.Where(n => n.FiliereAcronym == f.Acronym).Select(n => n.Id);
        if (await db.NetworkRegistries.CountAsync(r => networkIds.Contains(r.NetworkId), ct) >= MaxRegistries)
            return (Invalid("network_registry", "id", $"Les réseaux de la filière comptent déjà {MaxRegistries} registres et cohortes, le maximum."), null);
        var r = new NetworkRegistry { Id = await SequentialIds.NextAsync(db.NetworkRegistries.Select(x => x.Id), $"REG-{f.Acronym}-", "000", ct), NetworkId = "", Name = "", UpdatedBy = "" };
        Apply(r, input);
        Stamp(r, caller);
        db.NetworkRegistries.Add(r);
        return (await InsertAsync(ct), r.Id);
    }

    public async Task<WriteResult> UpdateRegistryAsync(Caller caller, string id, RegistryInput input, int? expectedVersion, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var r = await FindAsync(db.NetworkRegistries, id, ct);
        var acronym = r is null ? null : await FiliereOfNetworkAsync(r.NetworkId, ct);
        if (await CheckAsync(caller, r, acronym, expectedVersion, "network_registry", id, ct) is { } early) return early;
        // Scope from the result of the change: the new network must be of the same filière.
        if (await ValidateRegistryAsync(input, acronym!, ct) is { Count: > 0 } errors) return WriteResult.Invalid(errors);
        Apply(r!, input);
        Stamp(r!, caller);
        return await SaveAsync(r!, "network_registry", id, ct);
    }

    public async Task<WriteResult> DeleteRegistryAsync(Caller caller, string id, int? expectedVersion, CancellationToken ct = default)
    {
        var r = await FindAsync(db.NetworkRegistries, id, ct);
        var acronym = r is null ? null : await FiliereOfNetworkAsync(r.NetworkId, ct);
        if (await CheckAsync(caller, r, acronym, expectedVersion, "network_registry", id, ct) is { } early) return early;
        db.NetworkRegistries.Remove(r!);
        return await SaveAsync(r!, "network_registry", id, ct);
    }

    private async Task<string?> FiliereOfNetworkAsync(string networkId, CancellationToken ct) =>
        await db.Networks.AsNoTracking().Where(n => n.Id == networkId).Select(n => n.FiliereAcronym).FirstOrDefaultAsync(ct);

    private async Task<IReadOnlyList<RuleViolation>> ValidateRegistryAsync(RegistryInput input, string acronym, CancellationToken ct)
    {
        var errors = new List<RuleViolation>();
        var network = Clean(input.NetworkId);
        if (network is null) errors.Add(V("network_registry", "network_id", "Le réseau (CRMR) de rattachement est obligatoire."));
        else if (network.Length > 40 || !string.Equals(await FiliereOfNetworkAsync(network, ct), acronym, StringComparison.Ordinal))
            errors.Add(V("network_registry", "network_id", $"Réseau « {Cut(network)} » : inconnu ou hors de la filière {acronym}."));
        if (!FiliereActivityCodes.CohortKinds.TryParse(input.Kind, out _))
            errors.Add(V("network_registry", "kind", $"Type « {input.Kind} » inconnu (valeurs admises : {string.Join(", ", FiliereActivityCodes.CohortKinds.Codes)})."));
        Text(errors, "network_registry", "name", "Nom", input.Name, TitleMax, required: true);
        if (input.StartYear is { } y && (y < 1950 || y > ThisYear))
            errors.Add(V("network_registry", "start_year", $"Année de début {y} : acceptée de 1950 à {ThisYear}."));
        Link(errors, "network_registry", input.Link);
        return errors;
    }

    private static void Apply(NetworkRegistry r, RegistryInput i)
    {
        r.NetworkId = Clean(i.NetworkId)!;
        r.Kind = FiliereActivityCodes.CohortKinds.TryParse(i.Kind, out var k) ? k : r.Kind;
        r.Name = i.Name!.Trim();
        r.StartYear = i.StartYear;
        r.Link = Clean(i.Link);
    }

    // ------------------------------------------------------------------ export (CSV, docs/filieres-reports.md)

    public static readonly IReadOnlyList<string> ExportHeader =
        ["filiere", "category", "id", "kind", "title", "year", "establishment", "establishment_finess", "network_id", "link", "fictitious"];

    /// <summary>The census of every filière (or one) as rows of <see cref="ExportHeader"/>: public data, any caller.</summary>
    public async Task<List<IReadOnlyList<string?>>> ExportRowsAsync(string? filiere, CancellationToken ct)
    {
        var rows = new List<IReadOnlyList<string?>>();
        var trainings = await db.FiliereTrainings.AsNoTracking().Where(t => filiere == null || t.FiliereAcronym == filiere).ToListAsync(ct);
        foreach (var t in trainings.OrderBy(t => t.FiliereAcronym, StringComparer.Ordinal).ThenBy(t => t.Id, StringComparer.Ordinal))
            rows.Add([t.FiliereAcronym, "training", t.Id, FiliereActivityCodes.TrainingKinds.Code(t.Kind), t.Title, t.Year.ToString(CultureInfo.InvariantCulture), null, null, null, t.Link, Bool(t.Fictitious)]);
        var labs = await db.FiliereLaboratories.AsNoTracking().Where(t => filiere == null || t.FiliereAcronym == filiere).ToListAsync(ct);
        foreach (var l in labs.OrderBy(t => t.FiliereAcronym, StringComparer.Ordinal).ThenBy(t => t.Id, StringComparer.Ordinal))
            rows.Add([l.FiliereAcronym, "laboratory", l.Id, FiliereActivityCodes.LaboratoryKinds.Code(l.Kind), l.Name, null, l.Establishment, l.EstablishmentFiness, null, null, Bool(l.Fictitious)]);
        var registries = await (from r in db.NetworkRegistries.AsNoTracking()
                                join n in db.Networks.AsNoTracking() on r.NetworkId equals n.Id
                                where filiere == null || n.FiliereAcronym == filiere
                                select new { r, n.FiliereAcronym }).ToListAsync(ct);
        foreach (var x in registries.OrderBy(x => x.FiliereAcronym, StringComparer.Ordinal).ThenBy(x => x.r.Id, StringComparer.Ordinal))
            rows.Add([x.FiliereAcronym, "registry", x.r.Id, FiliereActivityCodes.CohortKinds.Code(x.r.Kind), x.r.Name, x.r.StartYear?.ToString(CultureInfo.InvariantCulture), null, null, x.r.NetworkId, x.r.Link, Bool(x.r.Fictitious)]);
        return rows;
    }

    public async Task<byte[]> ExportCsvAsync(string? filiere, CancellationToken ct) => Write(await ExportRowsAsync(filiere, ct), xlsx: false);

    /// <summary>The same rows as <see cref="ExportCsvAsync"/> as one XLSX sheet « Recensement » (the spreadsheet the DGOS
    /// and the ARS work in).</summary>
    public async Task<byte[]> ExportXlsxAsync(string? filiere, CancellationToken ct) => Write(await ExportRowsAsync(filiere, ct), xlsx: true);

    /// <summary>Rows of <see cref="ExportHeader"/> as the census file: CSV, or one XLSX sheet « Recensement » (the one CSV
    /// and XLSX writers, so their formula policy). The API and the CLI write through it.</summary>
    public static byte[] Write(IReadOnlyList<IReadOnlyList<string?>> rows, bool xlsx)
    {
        if (!xlsx) return CsvTable.ToBytes(ExportHeader, rows);
        using var stream = new MemoryStream();
        XlsxTable.Write(stream, [TableSheet.FromRows("Recensement", ExportHeader, rows)]);
        return stream.ToArray();
    }

    private static string Bool(bool b) => b ? "true" : "false";

    // ------------------------------------------------------------------ shared

    private async Task<(WriteResult? Early, FiliereSubject? Filiere)> EditableAsync(Caller caller, string acronym, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (!caller.IsAuthenticated) return (WriteResult.Forbidden, null);
        var f = await FiliereActivityScope.SubjectAsync(db, acronym, ct);
        if (f is null) return (WriteResult.NotFound, null);
        return FiliereActivityScope.CanEdit(caller, f.Acronym) ? (null, f) : (WriteResult.Forbidden, null);
    }

    private static async Task<T?> FindAsync<T>(DbSet<T> set, string id, CancellationToken ct) where T : class =>
        string.IsNullOrEmpty(id) || id.Length > 48 ? null : await set.FindAsync([id], ct);

    private async Task<WriteResult?> CheckAsync(Caller caller, IVersioned? entity, string? acronym, int? expectedVersion, string entityName, string id, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (!caller.IsAuthenticated) return WriteResult.Forbidden;
        if (entity is null || acronym is null) return WriteResult.NotFound;
        if (!FiliereActivityScope.CanEdit(caller, acronym)) return WriteResult.Forbidden;
        if (!Versioning.Expect(db, entity, expectedVersion)) return await StaleAsync(entityName, id, ct);
        return null;
    }

    private async Task<WriteResult> InsertAsync(CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return WriteResult.Ok with { CurrentVersion = 1 };
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return WriteResult.Conflict("Une autre ligne vient d'être ajoutée au même moment : recommencez.");
        }
    }

    private async Task<WriteResult> SaveAsync(IVersioned entity, string entityName, string id, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return WriteResult.Ok with { CurrentVersion = entity.Version };
        }
        catch (DbUpdateConcurrencyException)
        {
            return await StaleAsync(entityName, id, ct);
        }
    }

    private async Task<WriteResult> StaleAsync(string entity, string id, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        return await new Versions(db, clock).StaleAsync(entity, id, ct);
    }

    private void Stamp(FiliereTraining t, Caller caller) { t.UpdatedAt = clock.GetUtcNow(); t.UpdatedBy = FiliereActivityScope.Who(caller); }
    private void Stamp(FiliereLaboratory t, Caller caller) { t.UpdatedAt = clock.GetUtcNow(); t.UpdatedBy = FiliereActivityScope.Who(caller); }
    private void Stamp(NetworkRegistry t, Caller caller) { t.UpdatedAt = clock.GetUtcNow(); t.UpdatedBy = FiliereActivityScope.Who(caller); }

    private static void Text(List<RuleViolation> errors, string entity, string field, string label, string? value, int max, bool required)
    {
        if (string.IsNullOrWhiteSpace(value)) { if (required) errors.Add(V(entity, field, $"{label} : obligatoire.")); }
        else if (value.Trim().Length > max) errors.Add(V(entity, field, $"{label} : {value.Trim().Length} caractères, au plus {max}."));
    }

    private static void Link(List<RuleViolation> errors, string entity, string? link)
    {
        var l = Clean(link);
        if (l is null) return;
        if (l.Length > LinkMax) errors.Add(V(entity, "link", $"Lien : {l.Length} caractères, au plus {LinkMax}."));
        else if (!Uri.TryCreate(l, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
            errors.Add(V(entity, "link", $"Lien « {Cut(l)} » : une adresse web complète est attendue (https://…)."));
    }

    private static WriteResult Invalid(string entity, string field, string message) => WriteResult.Invalid([V(entity, field, message)]);

    private static RuleViolation V(string entity, string field, string message) => new("R-FILIERE-CENSUS", entity, "", field, message);

    private static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static string Cut(string s) => s.Length > 40 ? s[..40] + "…" : s;
}
