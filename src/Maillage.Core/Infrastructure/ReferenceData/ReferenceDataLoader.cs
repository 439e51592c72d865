using System.Globalization;
using Maillage.Core.Data;
using Maillage.Core.Infrastructure.Tabular;
using Maillage.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Core.Infrastructure.ReferenceData;

/// <summary>A filière as listed in <c>data/fsmr/fsmr_23.csv</c>.</summary>
/// <param name="MainErn">The raw <c>main_ern</c> cell, e.g. "ERN ReCONNET / ERN RITA".</param>
/// <param name="ErnNames"><see cref="MainErn"/> split on "/": the first is the main ERN, the others are also linked.</param>
/// <param name="HostUnverified">True when <c>host_source</c> says "verify".</param>
public sealed record FiliereRow(
    string Acronym,
    string Name,
    string HostEstablishment,
    string HostCity,
    string MainErn,
    IReadOnlyList<string> ErnNames,
    bool HostUnverified);

/// <summary>
/// Loads the shipped reference data into the registry: regions and départements (<c>data/geo</c>), the 24 ERN and the
/// 23 filières (<c>data/fsmr</c>). Idempotent upsert by code/acronym:
/// regions, départements and ERN take the file's values; an existing filière only gets its name refreshed and any
/// missing ERN link added (host, "host unverified" and website are edited in the registry and are left alone).
/// Malformed files throw <see cref="InvalidDataException"/> naming the file and the line.
/// </summary>
public static class ReferenceDataLoader
{
    public const string RegionsFile = "geo/regions.csv";
    public const string DepartementsFile = "geo/departements.csv";
    public const string ErnsFile = "fsmr/ern_24.csv";
    public const string FilieresFile = "fsmr/fsmr_23.csv";

    public static async Task LoadAsync(MaillageDbContext db, string dataDirectory, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var regions = ReadRegions(dataDirectory);
        var departements = ReadDepartements(dataDirectory, regions.Select(r => r.Code).ToHashSet(StringComparer.Ordinal));
        var erns = ReadErns(dataDirectory);
        var filieres = ReadFilieres(dataDirectory);
        var links = ResolveErnLinks(filieres, erns);

        var ownTransaction = db.Database.CurrentTransaction is null;
        await using var tx = ownTransaction ? await db.Database.BeginTransactionAsync(ct) : null;

        var existingRegions = await db.Regions.ToDictionaryAsync(r => r.Code, StringComparer.Ordinal, ct);
        foreach (var r in regions)
        {
            if (existingRegions.TryGetValue(r.Code, out var e))
            {
                e.Name = r.Name;
                e.ArsName = r.ArsName;
                e.Population = r.Population;
                e.Overseas = r.Overseas;
            }
            else db.Regions.Add(r);
        }
        await db.SaveChangesAsync(ct);

        var existingDeps = await db.Departements.ToDictionaryAsync(d => d.Code, StringComparer.Ordinal, ct);
        foreach (var d in departements)
        {
            if (existingDeps.TryGetValue(d.Code, out var e))
            {
                e.Name = d.Name;
                e.RegionCode = d.RegionCode;
                e.Population = d.Population;
            }
            else db.Departements.Add(d);
        }

        var existingErns = await db.Erns.ToDictionaryAsync(x => x.Acronym, StringComparer.Ordinal, ct);
        foreach (var ern in erns)
        {
            if (existingErns.TryGetValue(ern.Acronym, out var e)) e.Name = ern.Name;
            else db.Erns.Add(ern);
        }
        await db.SaveChangesAsync(ct);

        var existingFilieres = await db.Filieres.Include(f => f.Erns).ToDictionaryAsync(f => f.Acronym, StringComparer.Ordinal, ct);
        foreach (var row in filieres)
        {
            if (!existingFilieres.TryGetValue(row.Acronym, out var f))
            {
                f = new Filiere { Acronym = row.Acronym, Name = row.Name, HostUnverified = row.HostUnverified };
                db.Filieres.Add(f);
            }
            else f.Name = row.Name;
            foreach (var (ernAcronym, isMain) in links[row.Acronym])
            {
                if (f.Erns.Any(l => string.Equals(l.ErnAcronym, ernAcronym, StringComparison.Ordinal))) continue;
                f.Erns.Add(new FiliereErn { FiliereAcronym = row.Acronym, ErnAcronym = ernAcronym, IsMain = isMain });
            }
        }
        await db.SaveChangesAsync(ct);
        if (tx is not null) await tx.CommitAsync(ct);
    }

    public static IReadOnlyList<FiliereRow> ReadFilieres(string dataDirectory)
    {
        var t = CsvDocument.Read(Path.Combine(dataDirectory, FilieresFile), ',');
        int acronym = t.Column("acronym"), name = t.Column("name_fr"), host = t.Column("host_establishment"),
            city = t.Column("host_city"), ern = t.Column("main_ern"), source = t.Column("host_source");
        var rows = new List<FiliereRow>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var r in t.Rows)
        {
            var a = Required(t, r, acronym);
            if (!seen.Add(a)) throw new InvalidDataException($"{t.FileName}, ligne {r.Line} : filière « {a} » en double.");
            var main = t.Field(r, ern).Trim();
            rows.Add(new FiliereRow(
                a,
                Required(t, r, name),
                t.Field(r, host).Trim(),
                t.Field(r, city).Trim(),
                main,
                main.Split('/', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
                t.Field(r, source).Contains("verify", StringComparison.OrdinalIgnoreCase)));
        }
        return rows;
    }

    public static IReadOnlyList<Region> ReadRegions(string dataDirectory)
    {
        var t = CsvDocument.Read(Path.Combine(dataDirectory, RegionsFile), ';');
        int code = t.Column("code"), name = t.Column("name"), ars = t.Column("ars_name"), pop = t.Column("population"), overseas = t.Column("overseas");
        return t.Rows.Select(r => new Region
        {
            Code = Required(t, r, code),
            Name = Required(t, r, name),
            ArsName = NullIfEmpty(t.Field(r, ars)),
            Population = Long(t, r, pop),
            Overseas = Required(t, r, overseas) switch
            {
                "1" or "true" or "True" => true,
                "0" or "false" or "False" => false,
                var other => throw new InvalidDataException($"{t.FileName}, ligne {r.Line} : overseas « {other} » (0 ou 1 attendu)."),
            },
        }).ToList();
    }

    public static IReadOnlyList<Departement> ReadDepartements(string dataDirectory, IReadOnlySet<string> regionCodes)
    {
        ArgumentNullException.ThrowIfNull(regionCodes);
        var t = CsvDocument.Read(Path.Combine(dataDirectory, DepartementsFile), ';');
        int code = t.Column("code"), name = t.Column("name"), region = t.Column("region_code"), pop = t.Column("population");
        var list = new List<Departement>();
        foreach (var r in t.Rows)
        {
            var regionCode = Required(t, r, region);
            if (!regionCodes.Contains(regionCode))
                throw new InvalidDataException($"{t.FileName}, ligne {r.Line} : région « {regionCode} » inconnue de {RegionsFile}.");
            list.Add(new Departement { Code = Required(t, r, code), Name = Required(t, r, name), RegionCode = regionCode, Population = Long(t, r, pop) });
        }
        return list;
    }

    public static IReadOnlyList<Ern> ReadErns(string dataDirectory)
    {
        var t = CsvDocument.Read(Path.Combine(dataDirectory, ErnsFile), ',');
        int acronym = t.Column("acronym"), scope = t.Column("scope_en");
        return t.Rows.Select(r => new Ern { Acronym = Required(t, r, acronym), Name = Required(t, r, scope) }).ToList();
    }

    /// <summary>Filière acronym → (ERN acronym, is main). ERN names match ignoring case, spaces and hyphens ("ERN ITHACA" = "ERN-ITHACA").</summary>
    private static Dictionary<string, List<(string Ern, bool IsMain)>> ResolveErnLinks(IReadOnlyList<FiliereRow> filieres, IReadOnlyList<Ern> erns)
    {
        var byKey = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var e in erns) byKey[ErnKey(e.Acronym)] = e.Acronym;
        var result = new Dictionary<string, List<(string, bool)>>(StringComparer.Ordinal);
        foreach (var f in filieres)
        {
            var list = new List<(string, bool)>();
            for (var i = 0; i < f.ErnNames.Count; i++)
            {
                if (!byKey.TryGetValue(ErnKey(f.ErnNames[i]), out var acronym))
                    throw new InvalidDataException($"{Path.GetFileName(FilieresFile)} : filière {f.Acronym}, ERN « {f.ErnNames[i]} » absent de {Path.GetFileName(ErnsFile)}.");
                if (!list.Exists(x => x.Item1 == acronym)) list.Add((acronym, i == 0));
            }
            result[f.Acronym] = list;
        }
        return result;
    }

    private static string ErnKey(string name) =>
        new(name.Where(c => !char.IsWhiteSpace(c) && c != '-').Select(char.ToLowerInvariant).ToArray());

    private static string Required(CsvDocument t, TableRow r, int column)
    {
        var value = t.Field(r, column).Trim();
        return value.Length > 0 ? value : throw new InvalidDataException($"{t.FileName}, ligne {r.Line} : « {t.Header[column]} » vide.");
    }

    private static long Long(CsvDocument t, TableRow r, int column)
    {
        var text = t.Field(r, column).Trim();
        return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v)
            ? v
            : throw new InvalidDataException($"{t.FileName}, ligne {r.Line} : « {t.Header[column]} » non numérique (« {text} »).");
    }

    private static string? NullIfEmpty(string s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
