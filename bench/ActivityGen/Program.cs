using System.Buffers.Text;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using Maillage.Core.Data;
using Maillage.Core.Infrastructure.Nomenclature;
using Maillage.Domain.Activity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

// Deterministic generator of activity extracts (format v1) over the demo registry.
// usage: ActivityGen --db FILE.db --rows N --seed S --year Y --out FILE.csv[.gz] [--centres-out centres.csv]
// (--centres-out also writes departements.csv next to it: the DuckDB side of the benchmark joins them)
// The database is seeded with the demo data when it has no centre.
var opts = new Dictionary<string, string>(StringComparer.Ordinal);
for (var i = 0; i + 1 < args.Length; i += 2) opts[args[i]] = args[i + 1];
string Opt(string name, string fallback) => opts.TryGetValue(name, out var v) ? v : fallback;
var dbPath = Opt("--db", "demo.db");
var rows = long.Parse(Opt("--rows", "100000"), CultureInfo.InvariantCulture);
var seed = ulong.Parse(Opt("--seed", "42"), CultureInfo.InvariantCulture);
var year = int.Parse(Opt("--year", "2024"), CultureInfo.InvariantCulture);
var outPath = Opt("--out", "activity.csv");
var centresOut = Opt("--centres-out", "");

await using var db = new MaillageDbContext(new DbContextOptionsBuilder<MaillageDbContext>().UseSqlite($"Data Source={dbPath}").Options);
await DatabaseInitializer.InitializeAsync(db, SeedMode.Demo, NullLogger.Instance);

var catalog = await OrphaCatalog.LoadAsync(db, default);
var perimeter = (await db.NetworkDiseases.AsNoTracking().ToListAsync())
    .Where(d => catalog.Resolve(d.OrphaCode) is not null)
    .GroupBy(d => d.NetworkId).ToDictionary(g => g.Key, g => g.Select(d => d.OrphaCode).Order().ToArray(), StringComparer.Ordinal);
var allActive = catalog.All.Where(d => d.IsActive).Select(d => d.Code).Order().ToArray();
var regions = await db.Departements.AsNoTracking().ToDictionaryAsync(d => d.Code, d => d.RegionCode);
var departements = regions.Keys.Order(StringComparer.Ordinal).ToArray();
var centres = (await db.Centres.AsNoTracking().Include(c => c.Attachments).Include(c => c.Establishment)
        .Where(c => c.ClosedOn == null).ToListAsync())
    .OrderBy(c => c.Id, StringComparer.Ordinal).ToList();
if (centres.Count == 0) throw new InvalidOperationException("No centre in the demo database.");

if (centresOut.Length > 0)
{
    using var w = new StreamWriter(centresOut, false, new UTF8Encoding(false)) { NewLine = "\n" };
    w.WriteLine("centre_id;site_finess;departement;region");
    foreach (var c in centres)
        w.WriteLine($"{c.Id};{c.EstablishmentFiness};{c.Establishment!.DepartementCode};{regions.GetValueOrDefault(c.Establishment.DepartementCode)}");
    using var d = new StreamWriter(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(centresOut))!, "departements.csv"), false, new UTF8Encoding(false)) { NewLine = "\n" };
    d.WriteLine("code;region");
    foreach (var (code, region) in regions.OrderBy(kv => kv.Key, StringComparer.Ordinal)) d.WriteLine($"{code};{region}");
}

var rng = new SplitMix(seed);
// Skew: centre weight ~ 1/rank^1.1 over a shuffled order, so a few centres are large.
var order = Enumerable.Range(0, centres.Count).OrderBy(_ => rng.Next()).ToArray();
var weights = new double[centres.Count];
for (var r = 0; r < order.Length; r++) weights[order[r]] = 1.0 / Math.Pow(r + 1, 1.1);
var total = weights.Sum();
var cumulative = new double[centres.Count];
var acc = 0.0;
for (var i = 0; i < weights.Length; i++) cumulative[i] = acc += weights[i] / total;
var pools = weights.Select(w => (int)Math.Max(20, w / total * rows / 9)).ToArray();
var centreCodes = centres.Select(c =>
{
    var network = c.NetworkId ?? c.Attachments.Select(a => a.NetworkId).Order(StringComparer.Ordinal).FirstOrDefault();
    return network is not null && perimeter.TryGetValue(network, out var codes) && codes.Length > 0 ? codes : allActive;
}).ToArray();
var centreDeps = centres.Select(c => c.Establishment!.DepartementCode).ToArray();
var sameRegionDeps = centres.Select(c => departements.Where(d => regions[d] == regions.GetValueOrDefault(c.Establishment!.DepartementCode) && d != c.Establishment!.DepartementCode).ToArray()).ToArray();
var centreIds = centres.Select(c => Encoding.UTF8.GetBytes(c.Id)).ToArray();
var centreFiness = centres.Select(c => Encoding.ASCII.GetBytes(c.EstablishmentFiness)).ToArray();
var dayOfYear0 = new DateOnly(year, 1, 1).DayNumber;
var daysInYear = DateTime.IsLeapYear(year) ? 366 : 365;
string[] statuses = ["en_cours", "probable", "confirme", "confirme", "confirme", "indetermine", "infirme", "porteur_sain"];
// context: cumulative shares (CS, CS_MULTI, TLC, AVIS_CS, AVIS_SALLE, AVIS_DOSSIER, HDJ, HC, RCP_ORG, RCP_NAT)
double[] contextShares = [0.42, 0.05, 0.08, 0.04, 0.04, 0.06, 0.12, 0.13, 0.03, 0.03];
var contextCumulative = new double[contextShares.Length];
acc = 0;
for (var i = 0; i < contextShares.Length; i++) contextCumulative[i] = acc += contextShares[i];

await using var file = File.Create(outPath);
await using Stream output = outPath.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)
    ? new GZipStream(file, CompressionLevel.Fastest) : new BufferedStream(file, 1 << 20);
var line = new byte[512];
output.Write(Encoding.ASCII.GetBytes(ActivityExtract.Header + "\n"));
long written = 0, stayCounter = 0;
while (written < rows)
{
    var centre = Array.BinarySearch(cumulative, rng.NextDouble()) is var b && b < 0 ? Math.Min(~b, centres.Count - 1) : b;
    // Patients of a centre: low indices get many acts (u² skew).
    var u = rng.NextDouble();
    var patient = (long)(pools[centre] * u * u);
    var p = new SplitMix(seed ^ ((ulong)centre << 40) ^ (ulong)patient * 0x9E3779B97F4A7C15UL);
    var id1 = p.Next();
    var id2 = p.Next();
    var orphaRoll = p.NextDouble();
    var orpha = orphaRoll < 0.7 ? centreCodes[centre][(int)(p.Next() % (ulong)centreCodes[centre].Length)] : 0;
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
    if (rng.NextDouble() < 0.02) residence = departements[(int)(rng.Next() % (ulong)departements.Length)];

    var c = Array.BinarySearch(contextCumulative, rng.NextDouble() * contextCumulative[^1]) is var cb && cb < 0 ? Math.Min(~cb, 9) : cb;
    var context = (ActivityContext)c;
    var day = (int)(rng.Next() % (ulong)daysInYear);
    var days = context switch
    {
        ActivityContext.FullHospitalisation => 1 + (int)(rng.Next() % 7),
        ActivityContext.BedsideOpinion => 1 + (int)(rng.Next() % 3),
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
        output.Write(line, 0, n);
        written++;
    }
}
await Console.Error.WriteLineAsync($"{written} rows, {centres.Count} centres -> {outPath}");

/// <summary>SplitMix64: a small deterministic generator (same output on every platform and .NET version).</summary>
internal sealed class SplitMix(ulong state)
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
