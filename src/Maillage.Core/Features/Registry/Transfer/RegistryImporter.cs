using Microsoft.EntityFrameworkCore;
using Maillage.Core.Data;
using Maillage.Domain.Registry;

namespace Maillage.Core.Features.Registry.Transfer;

/// <summary>Outcome of an import: every error (then nothing was written), or the counts of what was written.</summary>
public sealed record RegistryImportResult(IReadOnlyList<ImportError> Errors, int Created, int Updated, int Unchanged, bool Applied);

/// <summary>
/// Imports the registry format into the database (docs/formats/registry.md). The files are merged with the
/// database content (file wins per stable id; optional columns absent from a file keep their stored values;
/// absent files leave their entities untouched) and the structural rules are checked on the merged registry.
/// Any error: nothing is written. Otherwise one transaction upserts the records of the files
/// (<see cref="RegistryStore.UpsertAsync"/>).
/// </summary>
public static class RegistryImporter
{
    public static async Task<RegistryImportResult> ImportAsync(MaillageDbContext db, string path, IOrphaLookup orpha, CancellationToken ct = default) =>
        await ImportAsync(db, RegistryFileReader.Read(path), orpha, ct);

    public static async Task<RegistryImportResult> ImportAsync(MaillageDbContext db, RegistryReadResult read, IOrphaLookup orpha, CancellationToken ct = default)
    {
        var stored = await RegistryStore.LoadAsync(db, ct);
        var extraErrors = new List<ImportError>();

        var associations = MergeAssociations(read, stored, extraErrors, out var associationsToWrite);
        var incoming = new RegistryData
        {
            Regions = Incoming(read, RegistryFormat.Regions, stored.Regions),
            Departements = Incoming(read, RegistryFormat.Departements, stored.Departements),
            Establishments = Incoming(read, RegistryFormat.Establishments, stored.Establishments),
            Erns = Incoming(read, RegistryFormat.Erns, stored.Erns),
            Filieres = Incoming(read, RegistryFormat.Filieres, stored.Filieres),
            Networks = Incoming(read, RegistryFormat.Networks, stored.Networks),
            Centres = Incoming(read, RegistryFormat.Centres, stored.Centres),
            Platforms = Incoming(read, RegistryFormat.Platforms, stored.Platforms),
            People = Incoming(read, RegistryFormat.People, stored.People),
            Mandates = Incoming(read, RegistryFormat.Mandates, stored.Mandates),
            Associations = associationsToWrite,
            Periods = Incoming(read, RegistryFormat.Periods, stored.Periods),
            Labels = Incoming(read, RegistryFormat.Labels, stored.Labels),
        };
        var merged = new RegistryData
        {
            Regions = Merge(RegistryFormat.Regions, stored.Regions, incoming.Regions),
            Departements = Merge(RegistryFormat.Departements, stored.Departements, incoming.Departements),
            Establishments = Merge(RegistryFormat.Establishments, stored.Establishments, incoming.Establishments),
            Erns = Merge(RegistryFormat.Erns, stored.Erns, incoming.Erns),
            Filieres = Merge(RegistryFormat.Filieres, stored.Filieres, incoming.Filieres),
            Networks = Merge(RegistryFormat.Networks, stored.Networks, incoming.Networks),
            Centres = Merge(RegistryFormat.Centres, stored.Centres, incoming.Centres),
            Platforms = Merge(RegistryFormat.Platforms, stored.Platforms, incoming.Platforms),
            People = Merge(RegistryFormat.People, stored.People, incoming.People),
            Mandates = Merge(RegistryFormat.Mandates, stored.Mandates, incoming.Mandates),
            Associations = associations,
            Periods = Merge(RegistryFormat.Periods, stored.Periods, incoming.Periods),
            Labels = Merge(RegistryFormat.Labels, stored.Labels, incoming.Labels),
        };

        var violations = RegistryRules.Validate(merged, orpha);
        var errors = RegistryReadResult.Combine(read.Errors.Concat(extraErrors), read.Locate(violations));
        if (errors.Count > 0) return new RegistryImportResult(errors, 0, 0, 0, false);

        await using var tx = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        var result = await RegistryStore.UpsertAsync(db, incoming, ct);
        // A demo export stays marked as fictitious wherever it is imported.
        if (read.FictitiousDemoData && !await db.DataSetInfos.AnyAsync(x => x.Key == DataSetInfo.DemoKey, ct))
        {
            db.DataSetInfos.Add(new DataSetInfo { Key = DataSetInfo.DemoKey, Value = "true" });
            await db.SaveChangesAsync(ct);
        }
        if (tx is not null) await tx.CommitAsync(ct);
        return new RegistryImportResult([], result.Created, result.Updated, result.Unchanged, true);
    }

    /// <summary>The rows of a sheet, with the optional columns the sheet lacked filled from the stored record.</summary>
    private static List<T> Incoming<T>(RegistryReadResult read, RegistrySheet<T> sheet, IReadOnlyCollection<T> stored) where T : class
    {
        if (read.Get(sheet) is not { } parsed) return [];
        var byKey = new Dictionary<string, T>(StringComparer.Ordinal);
        if (parsed.PresentColumns.Count < sheet.Columns.Count)
            foreach (var s in stored) byKey.TryAdd(sheet.Key(s), s);
        var list = new List<T>(parsed.Rows.Count);
        foreach (var (entity, _) in parsed.Rows)
        {
            if (byKey.TryGetValue(sheet.Key(entity), out var existing)) parsed.FillMissingColumns(entity, existing);
            list.Add(entity);
        }
        return list;
    }

    /// <summary>Stored records not in the import, then the imported ones (so that rules blame imported rows first).</summary>
    private static List<T> Merge<T>(RegistrySheet<T> sheet, IReadOnlyCollection<T> stored, IReadOnlyCollection<T> incoming) where T : class
    {
        if (incoming.Count == 0) return stored.ToList();
        var keys = incoming.Select(sheet.Key).ToHashSet(StringComparer.Ordinal);
        return stored.Where(s => !keys.Contains(sheet.Key(s))).Concat(incoming).ToList();
    }

    /// <summary>
    /// Associations and their conventions. When conventions.csv is part of the import, it gives the whole list of
    /// conventions of every association it names and of every association of associations.csv; otherwise stored
    /// conventions are kept.
    /// </summary>
    private static List<Association> MergeAssociations(RegistryReadResult read, RegistryData stored, List<ImportError> errors, out List<Association> toWrite)
    {
        var storedById = stored.Associations.ToDictionary(a => a.Id, StringComparer.Ordinal);
        toWrite = Incoming(read, RegistryFormat.Associations, stored.Associations);
        var hasConventions = read.Has(RegistryFormat.Conventions);
        foreach (var a in toWrite)
            if (!hasConventions)
                a.Conventions = storedById.TryGetValue(a.Id, out var s) ? s.Conventions : [];
        if (hasConventions)
        {
            var inFile = toWrite.Select(a => a.Id).ToHashSet(StringComparer.Ordinal);
            var parsed = read.Get(RegistryFormat.Conventions)!;
            foreach (var group in parsed.Rows.GroupBy(r => r.Entity.AssociationId, StringComparer.Ordinal))
            {
                if (inFile.Contains(group.Key)) continue;
                if (!storedById.TryGetValue(group.Key, out var s))
                {
                    foreach (var (_, line) in group)
                        errors.Add(new ImportError(parsed.File, line, "association_id", $"Association « {group.Key} » inconnue."));
                    continue;
                }
                toWrite.Add(new Association
                {
                    Id = s.Id, Name = s.Name, Acronym = s.Acronym, Website = s.Website, DepartementCode = s.DepartementCode,
                    Conventions = group.Select(r => r.Entity).ToList(),
                });
            }
        }
        return Merge(RegistryFormat.Associations, stored.Associations, toWrite);
    }
}
