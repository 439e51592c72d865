using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Maillage.Core.Data;
using Maillage.Core.Infrastructure.Nomenclature;
using Maillage.Domain.Activity;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Core.Demo;

/// <summary>What <see cref="DemoActivityExtract.WriteAsync"/> writes: how many rows, from which seed, for which year and centres.</summary>
public sealed record DemoActivityExtractOptions
{
    public long Rows { get; init; } = 100_000;
    public ulong Seed { get; init; } = 42;
    public int Year { get; init; } = 2024;
    /// <summary>The centres the acts are drawn for (null: every open centre of the registry).</summary>
    public IReadOnlyCollection<string>? Centres { get; init; }
    /// <summary>No act after this day (the current year of the demo: nothing in the future); null: the whole year.</summary>
    public DateOnly? LastDay { get; init; }
    /// <summary>Write the header line (false to append a second year to the same file).</summary>
    public bool Header { get; init; } = true;
    /// <summary>How the rows spread over centres, patients, stays and residences (the benchmark's data shapes).</summary>
    public DemoActivityShape Shape { get; init; } = DemoActivityShape.Default;
}

/// <summary>
/// The data shapes of the generated extracts (bench/activity/run.sh --shape): the same format and validity, the rows spread
/// differently, so that the import is measured on more than one distribution.
/// </summary>
public enum DemoActivityShape
{
    /// <summary>The demo's shape: centre sizes ~ 1/rank^1.1, about rows/9 patients, a few patients with many acts (u² skew).</summary>
    Default,
    /// <summary>Many more distinct patients: a pool of about 0.8 × rows patients, drawn uniformly (most have one or two acts).</summary>
    ManyPatients,
    /// <summary>Zipf (s = 1) over all centres and, within a centre, Zipf over a pool of rows/2 patients.</summary>
    Zipf,
    /// <summary>Long multi-day stays: more full hospitalisations (up to 45 days) and bedside opinions (up to 10 days).</summary>
    LongStays,
    /// <summary>Many residence changes: a third of the acts give another département than the patient's usual one.</summary>
    ResidenceMoves,
}

/// <summary>Codes of <see cref="DemoActivityShape"/> as the command lines spell them.</summary>
public static class DemoActivityShapes
{
    public static IReadOnlyList<DemoActivityShape> All { get; } = Enum.GetValues<DemoActivityShape>();

    public static string Code(this DemoActivityShape shape) => shape switch
    {
        DemoActivityShape.Default => "default",
        DemoActivityShape.ManyPatients => "many-patients",
        DemoActivityShape.Zipf => "zipf",
        DemoActivityShape.LongStays => "long-stays",
        DemoActivityShape.ResidenceMoves => "residence-moves",
    };

    public static bool TryParse(string? code, out DemoActivityShape shape)
    {
        foreach (var s in All)
            if (string.Equals(s.Code(), code, StringComparison.Ordinal))
            {
                shape = s;
                return true;
            }
        shape = DemoActivityShape.Default;
        return false;
    }
}

/// <summary>A centre as the generator sees it: id, establishment FINESS, département of its site, candidate ORPHAcodes.</summary>
public sealed record DemoExtractCentre(string Id, string Finess, string Departement, IReadOnlyList<int> OrphaCodes);

/// <summary>
/// A deterministic, fictitious activity extract (format v1, docs/formats/activity-extract.md) over the registry of the
/// database: the same registry, options and seed give the same bytes, on every platform. Used by the demo's first start
/// (<see cref="DemoActivity"/>, a few thousand rows imported through <see cref="Features.Activity.ActivityImporter"/>) and
/// by the import benchmark (bench/ActivityGen, millions of rows). Patients are random pseudonyms; nothing describes a real person.
/// </summary>
public static class DemoActivityExtract
{
    /// <summary>Writes the rows to <paramref name="output"/>; returns how many were written.</summary>
    public static async Task<long> WriteAsync(MaillageDbContext db, Stream output, DemoActivityExtractOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(options);
        var catalog = await OrphaCatalog.LoadAsync(db, ct);
        var perimeter = (await db.NetworkDiseases.AsNoTracking().ToListAsync(ct))
            .Where(d => catalog.Resolve(d.OrphaCode) is not null)
            .GroupBy(d => d.NetworkId).ToDictionary(g => g.Key, g => g.Select(d => d.OrphaCode).Order().ToArray(), StringComparer.Ordinal);
        var allActive = catalog.All.Where(d => d.IsActive).Select(d => d.Code).Order().ToArray();
        var regions = await db.Departements.AsNoTracking().ToDictionaryAsync(d => d.Code, d => d.RegionCode, ct);
        var wanted = options.Centres is null ? null : new HashSet<string>(options.Centres, StringComparer.Ordinal);
        var centres = (await db.Centres.AsNoTracking().Include(c => c.Attachments).Include(c => c.Establishment)
                .Where(c => c.ClosedOn == null).ToListAsync(ct))
            .Where(c => wanted is null || wanted.Contains(c.Id))
            .OrderBy(c => c.Id, StringComparer.Ordinal).ToList();
        if (centres.Count == 0) throw new InvalidOperationException("Aucun centre ouvert pour l'extraction de démonstration.");
        var inputs = centres.Select(c =>
        {
            var network = c.NetworkId ?? c.Attachments.Select(a => a.NetworkId).Order(StringComparer.Ordinal).FirstOrDefault();
            var codes = network is not null && perimeter.TryGetValue(network, out var p) && p.Length > 0 ? p : allActive;
            return new DemoExtractCentre(c.Id, c.EstablishmentFiness, c.Establishment!.DepartementCode, codes);
        }).ToList();
        return Write(inputs, regions, output, options, ct);
    }

    /// <summary>
    /// Writes the rows for <paramref name="centres"/> (sorted by id, open) and the départements' regions to
    /// <paramref name="output"/>; returns how many were written. Same inputs, options and seed: same bytes.
    /// </summary>
    public static long Write(IReadOnlyList<DemoExtractCentre> centres, IReadOnlyDictionary<string, string> regions, Stream output,
        DemoActivityExtractOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(centres);
        ArgumentNullException.ThrowIfNull(regions);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(options);
        if (centres.Count == 0) throw new InvalidOperationException("Aucun centre ouvert pour l'extraction de démonstration.");
        var (rows, seed, year, shape) = (options.Rows, options.Seed, options.Year, options.Shape);
        var departements = regions.Keys.Order(StringComparer.Ordinal).ToArray();
        var rng = new SplitMix(seed);
        // Skew: centre weight ~ 1/rank^1.1 over a shuffled order, so a few centres are large (Zipf shape: 1/rank).
        var order = Enumerable.Range(0, centres.Count).OrderBy(_ => rng.Next()).ToArray();
        var weights = new double[centres.Count];
        var exponent = shape == DemoActivityShape.Zipf ? 1.0 : 1.1;
        for (var r = 0; r < order.Length; r++) weights[order[r]] = 1.0 / Math.Pow(r + 1, exponent);
        var total = weights.Sum();
        var cumulative = new double[centres.Count];
        var acc = 0.0;
        for (var i = 0; i < weights.Length; i++) cumulative[i] = acc += weights[i] / total;
        // Patients per centre: a pool proportional to its weight (rows/9 in all; 0.8 × rows for many distinct patients).
        var poolShare = shape switch
        {
            DemoActivityShape.ManyPatients => 0.8,
            DemoActivityShape.Zipf => 0.5,
            DemoActivityShape.Default or DemoActivityShape.LongStays or DemoActivityShape.ResidenceMoves => 1.0 / 9,
        };
        var pools = weights.Select(w => (long)Math.Max(20, w / total * rows * poolShare)).ToArray();
        var centreCodes = centres.Select(c => c.OrphaCodes).ToArray();
        var centreDeps = centres.Select(c => c.Departement).ToArray();
        var sameRegionDeps = centres.Select(c => departements.Where(d => regions[d] == regions.GetValueOrDefault(c.Departement) && d != c.Departement).ToArray()).ToArray();
        var centreIds = centres.Select(c => Encoding.UTF8.GetBytes(c.Id)).ToArray();
        var centreFiness = centres.Select(c => Encoding.ASCII.GetBytes(c.Finess)).ToArray();
        var moveRate = shape == DemoActivityShape.ResidenceMoves ? 1.0 / 3 : 0.02;
        var dayOfYear0 = new DateOnly(year, 1, 1).DayNumber;
        var daysInYear = DateTime.IsLeapYear(year) ? 366 : 365;
        if (options.LastDay is { } last && last.Year == year) daysInYear = last.DayOfYear;
        string[] statuses = ["en_cours", "probable", "confirme", "confirme", "confirme", "indetermine", "infirme", "porteur_sain"];
        // context: cumulative shares (CS, CS_MULTI, TLC, AVIS_CS, AVIS_SALLE, AVIS_DOSSIER, HDJ, HC, RCP_ORG, RCP_NAT)
        double[] contextShares = shape == DemoActivityShape.LongStays
            ? [0.30, 0.03, 0.05, 0.03, 0.08, 0.05, 0.10, 0.30, 0.03, 0.03]
            : [0.42, 0.05, 0.08, 0.04, 0.04, 0.06, 0.12, 0.13, 0.03, 0.03];
        var contextCumulative = new double[contextShares.Length];
        acc = 0;
        for (var i = 0; i < contextShares.Length; i++) contextCumulative[i] = acc += contextShares[i];

        var line = new byte[512];
        if (options.Header) output.Write(Encoding.ASCII.GetBytes(ActivityExtract.Header + "\n"));
        long written = 0, stayCounter = 0;
        while (written < rows)
        {
            ct.ThrowIfCancellationRequested();
            var centre = Array.BinarySearch(cumulative, rng.NextDouble()) is var b && b < 0 ? Math.Min(~b, centres.Count - 1) : b;
            // Patients of a centre: low indices get many acts (u² skew; uniform for many patients; Zipf: rank ~ e^(u·ln(pool+1))).
            var u = rng.NextDouble();
            var patient = shape switch
            {
                DemoActivityShape.ManyPatients => (long)(pools[centre] * u),
                DemoActivityShape.Zipf => Math.Min(pools[centre] - 1, (long)Math.Exp(u * Math.Log(pools[centre] + 1.0)) - 1),
                DemoActivityShape.Default or DemoActivityShape.LongStays or DemoActivityShape.ResidenceMoves => (long)(pools[centre] * u * u),
            };
            var p = new SplitMix(seed ^ ((ulong)centre << 40) ^ (ulong)patient * 0x9E3779B97F4A7C15UL);
            var id1 = p.Next();
            var id2 = p.Next();
            var orphaRoll = p.NextDouble();
            var orpha = orphaRoll < 0.7 && centreCodes[centre].Count > 0 ? centreCodes[centre][(int)(p.Next() % (ulong)centreCodes[centre].Count)] : 0;
            var status = orpha == 0 && p.NextDouble() < 0.5 ? "" : statuses[(int)(p.Next() % (ulong)statuses.Length)];
            var birth = 1930 + (int)(p.Next() % 94);
            var sex = (p.Next() % 100) switch { < 49 => "F", < 99 => "M", _ => "I" };
            var resRoll = p.NextDouble();
            var residence = resRoll switch
            {
                < 0.55 => centreDeps[centre],
                < 0.75 when sameRegionDeps[centre].Length > 0 => sameRegionDeps[centre][(int)(p.Next() % (ulong)sameRegionDeps[centre].Length)],
                < 0.94 => departements[(int)(p.Next() % (ulong)departements.Length)],
                < 0.97 => "99",
                _ => "",
            };
            // A few patients move during the year: another département on some acts.
            if (rng.NextDouble() < moveRate) residence = departements[(int)(rng.Next() % (ulong)departements.Length)];

            var c = Array.BinarySearch(contextCumulative, rng.NextDouble() * contextCumulative[^1]) is var cb && cb < 0 ? Math.Min(~cb, 9) : cb;
            var context = (ActivityContext)c;
            var day = (int)(rng.Next() % (ulong)daysInYear);
            var days = context switch
            {
                ActivityContext.FullHospitalisation => 1 + (int)(rng.Next() % (shape == DemoActivityShape.LongStays ? 45UL : 7UL)),
                ActivityContext.BedsideOpinion => 1 + (int)(rng.Next() % (shape == DemoActivityShape.LongStays ? 10UL : 3UL)),
                _ => 1,
            };
            var stay = context.RequiresStay() ? "S" + (++stayCounter).ToString(CultureInfo.InvariantCulture) : "";
            var outOfScope = rng.NextDouble() < 0.03;
            for (var d = 0; d < days && written < rows; d++)
            {
                var date = DateOnly.FromDayNumber(dayOfYear0 + Math.Min(day + d, daysInYear - 1));
                var n = 0;
                void Put(ReadOnlySpan<byte> s) { s.CopyTo(line.AsSpan(n)); n += s.Length; }
                void PutAscii(string s) { n += Encoding.ASCII.GetBytes(s, line.AsSpan(n)); }
                void PutInt(long v) { Utf8Formatter.TryFormat(v, line.AsSpan(n), out var k); n += k; }
                void Sep() => line[n++] = (byte)';';
                Utf8Formatter.TryFormat(id1, line.AsSpan(n), out var w1, new System.Buffers.StandardFormat('x', 16)); n += w1;
                Utf8Formatter.TryFormat(id2, line.AsSpan(n), out var w2, new System.Buffers.StandardFormat('x', 16)); n += w2; Sep();
                Put(centreFiness[centre]); Sep();
                Put(centreIds[centre]); Sep();
                PutInt(date.Year); line[n++] = (byte)'-';
                if (date.Month < 10) line[n++] = (byte)'0';
                PutInt(date.Month); line[n++] = (byte)'-';
                if (date.Day < 10) line[n++] = (byte)'0';
                PutInt(date.Day); Sep();
                PutAscii(context.Code()); Sep();
                PutAscii(stay); Sep();
                if (orpha != 0) PutInt(orpha);
                Sep();
                PutAscii(status); Sep();
                PutInt(birth); Sep();
                PutAscii(sex); Sep();
                PutAscii(residence); Sep();
                line[n++] = outOfScope ? (byte)'1' : (byte)'0';
                line[n++] = (byte)'\n';
                output.Write(line, 0, n); // synchronous: millions of short lines for the benchmark
                written++;
            }
        }
        return written;
    }

    /// <summary>SplitMix64: a small deterministic generator (same output on every platform and .NET version).</summary>
    public sealed class SplitMix(ulong state)
    {
        private ulong _state = state;

        public ulong Next()
        {
            var z = _state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }

        public double NextDouble() => (Next() >> 11) * (1.0 / (1UL << 53));
    }
}
