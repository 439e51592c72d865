using System.Globalization;
using Maillage.Core.Infrastructure.Tabular;

namespace Maillage.Core.Demo;

public sealed record DemoRegion(string Code, string Name, string? ArsName, long Population, bool Overseas);

public sealed record DemoDepartement(string Code, string Name, string RegionCode, long Population);

public sealed record DemoCommune(string Code, string Name, string DepartementCode, IReadOnlyList<string> PostalCodes, long Population);

/// <summary>A filière as listed in data/fsmr/fsmr_23.csv. <paramref name="MainErn"/> may name several ERN ("A / B").</summary>
public sealed record DemoFiliere(string Acronym, string Name, string HostEstablishment, string HostCity, string MainErn, bool HostUnverified = false);

public sealed record DemoErn(string Acronym, string Name);

/// <summary>
/// One row of data/fsmr/filiere_domains.csv: an ORPHA head code (group or disease) of a filière's domain, and the demo
/// networks (theme numbers of the filière's plan, <see cref="DemoCatalog"/>) whose perimeter starts from it; no number:
/// every network of the filière that has no row of its own.
/// </summary>
public sealed record DemoDomainHead(string Filiere, IReadOnlyList<int> Networks, int OrphaCode, string LabelFr, string NameEn);

/// <summary>
/// Plain inputs of <see cref="DemoNetworkGenerator"/>: the real geography, filières and ERN, and the active ORPHA codes
/// each filière's perimeters are drawn from (sorted, so the draw is deterministic).
/// </summary>
public sealed record DemoInputs(
    IReadOnlyList<DemoRegion> Regions,
    IReadOnlyList<DemoDepartement> Departements,
    IReadOnlyList<DemoCommune> Communes,
    IReadOnlyList<DemoFiliere> Filieres,
    IReadOnlyList<DemoErn> Erns,
    Func<string, IReadOnlyList<int>> OrphaCodesForFiliere)
{
    /// <summary>The filières' domains by theme (data/fsmr/filiere_domains.csv); empty: the perimeters are drawn from <see cref="OrphaCodesForFiliere"/>.</summary>
    public IReadOnlyList<DemoDomainHead> Domains { get; init; } = [];

    /// <summary>The active codes below an ORPHA code in any classification, nearest first (for the perimeters' specific diseases).</summary>
    public Func<int, IReadOnlyList<int>> ActiveBelow { get; init; } = _ => [];

    /// <summary>
    /// Orphanet classifications (by their number in "ORPHAclassification_NNN_...") whose active codes make each
    /// filière's perimeters; extra codes are added as is (e.g. cystic fibrosis, ORPHA:586, for MUCO-CFTR).
    /// </summary>
    public static IReadOnlyDictionary<string, (int[] Classifications, int[] ExtraCodes)> FiliereClassifications { get; } =
        new Dictionary<string, (int[], int[])>(StringComparer.Ordinal)
        {
            ["CARDIOGEN"] = ([146, 148], []),
            ["FIMARAD"] = ([187], []),
            ["RespiFIL"] = ([184], []),
            ["ORKID"] = ([188], []),
            ["MHEMO"] = ([194], []),
            ["MaRIH"] = ([194, 195], []),
            ["MCGRE"] = ([194], []),
            ["FILNEMUS"] = ([181], []),
            ["BRAIN-TEAM"] = ([181], []),
            ["FILSLAN"] = ([181], []),
            ["DéfiScience"] = ([181], []),
            ["G2M"] = ([150], []),
            ["OSCAR"] = ([199], []),
            ["SENSGENE"] = ([189, 200], []),
            ["TETECOU"] = ([209, 197], []),
            ["FIRENDO"] = ([193], []),
            ["FILFOIE"] = ([183], []),
            ["FAI2R"] = ([196, 231], []),
            ["FAVA-Multi"] = ([198], []),
            ["FIMATHO"] = ([186, 182, 152], []),
            ["NeuroSphinx"] = ([185], []),
            ["AnDDI-Rares"] = ([147], []),
            ["MUCO-CFTR"] = ([184], [586]),
        };

    /// <summary>Reads the inputs from the repository's data/ folder (geo, fsmr, orphanet).</summary>
    public static DemoInputs FromDataDirectory(string dataDir)
    {
        var inv = CultureInfo.InvariantCulture;
        var regions = ReadRows(Path.Combine(dataDir, "geo", "regions.csv"), ';')
            .Select(r => new DemoRegion(r["code"], r["name"], NullIfEmpty(r["ars_name"]), ParseLong(r["population"]), r["overseas"] == "1"))
            .ToList();
        var departements = ReadRows(Path.Combine(dataDir, "geo", "departements.csv"), ';')
            .Select(r => new DemoDepartement(r["code"], r["name"], r["region_code"], ParseLong(r["population"])))
            .ToList();
        var communes = ReadRows(Path.Combine(dataDir, "geo", "communes.csv"), ';')
            .Select(r => new DemoCommune(r["code"], r["name"], r["departement_code"],
                r["postal_codes"].Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                ParseLong(r["population"])))
            .ToList();
        var filieres = ReadRows(Path.Combine(dataDir, "fsmr", "fsmr_23.csv"), ',')
            .Select(r => new DemoFiliere(r["acronym"], r["name_fr"], r["host_establishment"], r["host_city"], r["main_ern"],
                r.TryGetValue("host_source", out var src) && src.Contains("verify", StringComparison.OrdinalIgnoreCase)))
            .ToList();
        var erns = ReadRows(Path.Combine(dataDir, "fsmr", "ern_24.csv"), ',')
            .Select(r => new DemoErn(r["acronym"], r["scope_en"]))
            .ToList();

        var active = new HashSet<int>();
        foreach (var r in ReadRows(Path.Combine(dataDir, "orphanet", "orphanomenclature_2023_fr_en.csv"), ','))
            if (r["status"].Equals("Active", StringComparison.OrdinalIgnoreCase))
                active.Add(int.Parse(r["orpha_code"], NumberStyles.Integer, inv));

        // classification number -> (parents, children)
        var parents = new Dictionary<int, HashSet<int>>();
        var children = new Dictionary<int, HashSet<int>>();
        foreach (var r in ReadRows(Path.Combine(dataDir, "orphanet", "orpha_classification_edges_fr_2023.csv"), ','))
        {
            var id = ClassificationNumber(r["classification"]);
            if (id is null) continue;
            if (!parents.TryGetValue(id.Value, out var ps)) parents[id.Value] = ps = [];
            if (!children.TryGetValue(id.Value, out var cs)) children[id.Value] = cs = [];
            ps.Add(int.Parse(r["parent"], NumberStyles.Integer, inv));
            cs.Add(int.Parse(r["child"], NumberStyles.Integer, inv));
        }

        var perFiliere = new Dictionary<string, IReadOnlyList<int>>(StringComparer.Ordinal);
        foreach (var f in filieres)
        {
            var codes = new SortedSet<int>();
            if (FiliereClassifications.TryGetValue(f.Acronym, out var spec))
            {
                foreach (var cl in spec.Classifications)
                {
                    if (!children.TryGetValue(cl, out var cs)) continue;
                    // Every node of the classification but its root (the head group, e.g. "Rare cardiac disease").
                    foreach (var code in cs) if (active.Contains(code)) codes.Add(code);
                    foreach (var code in parents[cl]) if (cs.Contains(code) && active.Contains(code)) codes.Add(code);
                }
                foreach (var code in spec.ExtraCodes) if (active.Contains(code)) codes.Add(code);
            }
            perFiliere[f.Acronym] = codes.ToArray();
        }

        var merged = new Dictionary<int, SortedSet<int>>();
        foreach (var r in ReadRows(Path.Combine(dataDir, "orphanet", "orpha_classification_edges_fr_2023.csv"), ','))
        {
            var parent = int.Parse(r["parent"], NumberStyles.Integer, inv);
            if (!merged.TryGetValue(parent, out var set)) merged[parent] = set = [];
            set.Add(int.Parse(r["child"], NumberStyles.Integer, inv));
        }
        IReadOnlyList<int> ActiveBelow(int code)
        {
            var seen = new HashSet<int> { code };
            var order = new List<int>();
            var queue = new Queue<int>();
            queue.Enqueue(code);
            while (queue.Count > 0)
                if (merged.TryGetValue(queue.Dequeue(), out var next))
                    foreach (var c in next)
                        if (seen.Add(c))
                        {
                            if (active.Contains(c)) order.Add(c);
                            queue.Enqueue(c);
                        }
            return order;
        }

        return new DemoInputs(regions, departements, communes, filieres, erns,
            acronym => perFiliere.TryGetValue(acronym, out var list) ? list : [])
        {
            Domains = ReadDomains(Path.Combine(dataDir, "fsmr", "filiere_domains.csv"), active),
            ActiveBelow = ActiveBelow,
        };
    }

    /// <summary>The filières' domains (data/fsmr/filiere_domains.csv), active codes only; empty when the file is absent.</summary>
    public static IReadOnlyList<DemoDomainHead> ReadDomains(string path, IReadOnlySet<int>? active = null)
    {
        if (!File.Exists(path)) return [];
        var inv = CultureInfo.InvariantCulture;
        return [.. ReadRows(path, ',')
            .Select(r => new DemoDomainHead(r["filiere"],
                [.. r["networks"].Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(n => int.Parse(n, NumberStyles.Integer, inv))],
                int.Parse(r["orpha_code"], NumberStyles.Integer, inv), r["label_fr"], r["name_en"]))
            .Where(h => active is null || active.Contains(h.OrphaCode))];
    }

    private static int? ClassificationNumber(string name)
    {
        const string prefix = "ORPHAclassification_";
        if (!name.StartsWith(prefix, StringComparison.Ordinal)) return null;
        var rest = name.AsSpan(prefix.Length);
        var end = rest.IndexOf('_');
        if (end <= 0) return null;
        return int.TryParse(rest[..end], NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;
    }

    private static long ParseLong(string s) =>
        long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 0;

    private static string? NullIfEmpty(string s) => string.IsNullOrWhiteSpace(s) ? null : s;

    /// <summary>Rows of a delimited UTF-8 file with a header, as header → value, read by the one CSV reader.</summary>
    internal static IEnumerable<Dictionary<string, string>> ReadRows(string path, char separator) =>
        CsvDocument.Read(path, separator).Records();
}
