using Maillage.Domain.Registry;

namespace Maillage.Domain.Territory;

/// <summary>A region as the coverage rules see it.</summary>
public sealed record CoverageRegion(string Code, string Name, bool Overseas, long Population);

/// <summary>
/// One centre counted for one filière in one region: a reference site counts for its network's filière; a CCMR or a
/// CRC counts for the filière of each network it is attached to (so once per filière, whatever the number of networks).
/// </summary>
public sealed record CoverageUnit(string CentreId, CentreKind Kind, string Filiere, string RegionCode);

/// <summary>The counts of one filière in one region.</summary>
public sealed record CoverageCell(string Filiere, string RegionCode, int ReferenceSites, int CompetenceCentres, int ResourceCentres, long Population)
{
    public int Total => ReferenceSites + CompetenceCentres + ResourceCentres;

    /// <summary>Structures (all kinds) per million inhabitants; null when the population is unknown (0).</summary>
    public double? TotalPerMillion => CoverageRules.PerMillion(Total, Population);

    public double? ReferenceSitesPerMillion => CoverageRules.PerMillion(ReferenceSites, Population);
}

public enum GapKind
{
    /// <summary>The region has no reference site and no competence centre (CCMR) of the filière.</summary>
    NoReferenceNorCompetence,
    /// <summary>An overseas region with no structure of the filière (no site, CCMR or CRC) while the mainland has some.</summary>
    OverseasCoveredFromMainland,
    /// <summary>More than half of the filière's reference sites are in this one region.</summary>
    Concentrated,
}

/// <summary>A flagged gap. <see cref="Count"/>/<see cref="Total"/> carry the figures of the concentration rule.</summary>
public sealed record CoverageGap(GapKind Kind, string Filiere, string RegionCode, int Count, int Total);

public sealed record CoverageMatrix(
    IReadOnlyList<string> Filieres,
    IReadOnlyList<CoverageRegion> Regions,
    IReadOnlyList<CoverageCell> Cells,
    IReadOnlyList<CoverageGap> Gaps)
{
    public CoverageCell Cell(string filiere, string region) =>
        Cells.First(c => c.Filiere == filiere && c.RegionCode == region);
}

/// <summary>
/// Coverage of the territory by filière and region, and the gaps the follow-up committee looks for (issue 5; seed
/// 000 §5, mission 4: "identify ... gaps (new diseases to cover, insufficient territorial mesh)"):
/// <list type="bullet">
/// <item>a region with no reference site and no competence centre for a filière (CRC do not count: the rule names
/// reference and competence centres);</item>
/// <item>an overseas region covered only from the mainland: the filière has no structure of any kind there, but has
/// some in metropolitan France;</item>
/// <item>a filière whose reference sites are concentrated: strictly more than half of them in one region (exactly half
/// is not "more than half").</item>
/// </list>
/// Pure: the caller says which centres exist (e.g. those labelled on a date).
/// </summary>
public static class CoverageRules
{
    public static double? PerMillion(int count, long population) =>
        population <= 0 ? null : count * 1_000_000d / population;

    /// <summary>Strictly more than half: <c>inRegion * 2 &gt; total</c>.</summary>
    public static bool IsConcentrated(int inRegion, int total) => total > 0 && (long)inRegion * 2 > total;

    public static CoverageMatrix Analyse(IReadOnlyList<string> filieres, IReadOnlyList<CoverageRegion> regions, IEnumerable<CoverageUnit> units)
    {
        ArgumentNullException.ThrowIfNull(filieres);
        ArgumentNullException.ThrowIfNull(regions);
        ArgumentNullException.ThrowIfNull(units);
        // (filière, region) -> counts, each centre once per filière and kind
        var seen = new HashSet<(string Centre, string Filiere)>();
        var counts = new Dictionary<(string Filiere, string Region), int[]>();
        foreach (var u in units)
        {
            if (!seen.Add((u.CentreId, u.Filiere))) continue;
            var key = (u.Filiere, u.RegionCode);
            if (!counts.TryGetValue(key, out var c)) counts[key] = c = new int[3];
            c[(int)u.Kind]++;
        }

        var cells = new List<CoverageCell>(filieres.Count * regions.Count);
        var gaps = new List<CoverageGap>();
        foreach (var f in filieres)
        {
            var row = regions.Select(r =>
            {
                var c = counts.GetValueOrDefault((f, r.Code)) ?? new int[3];
                return new CoverageCell(f, r.Code, c[(int)CentreKind.ReferenceSite], c[(int)CentreKind.CompetenceCentre], c[(int)CentreKind.ResourceCentre], r.Population);
            }).ToList();
            cells.AddRange(row);

            var totalSites = row.Sum(c => c.ReferenceSites);
            var mainlandStructures = row.Where(c => !regions.First(r => r.Code == c.RegionCode).Overseas).Sum(c => c.Total);
            foreach (var (cell, region) in row.Zip(regions))
            {
                if (cell.ReferenceSites == 0 && cell.CompetenceCentres == 0)
                    gaps.Add(new CoverageGap(GapKind.NoReferenceNorCompetence, f, region.Code, 0, totalSites));
                if (region.Overseas && cell.Total == 0 && mainlandStructures > 0)
                    gaps.Add(new CoverageGap(GapKind.OverseasCoveredFromMainland, f, region.Code, 0, mainlandStructures));
                if (IsConcentrated(cell.ReferenceSites, totalSites))
                    gaps.Add(new CoverageGap(GapKind.Concentrated, f, region.Code, cell.ReferenceSites, totalSites));
            }
        }
        return new CoverageMatrix(filieres, regions, cells, gaps);
    }
}
