using System.Globalization;
using System.IO.Compression;
using System.Text;
using Maillage.Core.Data;
using Maillage.Core.Demo;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

// Deterministic generator of activity extracts (format v1) over the demo registry: the rows come from
// Maillage.Core.Demo.DemoActivityExtract, the same generator as the demo's first-start activity.
// usage: ActivityGen --db FILE.db --rows N --seed S --year Y --out FILE.csv[.gz] [--centres-out centres.csv]
//        [--shape default|many-patients|zipf|long-stays|residence-moves]
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
if (!DemoActivityShapes.TryParse(Opt("--shape", "default"), out var shape))
{
    await Console.Error.WriteLineAsync($"--shape: one of {string.Join(", ", DemoActivityShapes.All.Select(s => s.Code()))}");
    return 2;
}

await using var db = new MaillageDbContext(new DbContextOptionsBuilder<MaillageDbContext>().UseSqlite($"Data Source={dbPath}").Options);
await DatabaseInitializer.InitializeAsync(db, SeedMode.Demo, NullLogger.Instance);

if (centresOut.Length > 0)
{
    var regions = await db.Departements.AsNoTracking().ToDictionaryAsync(d => d.Code, d => d.RegionCode);
    var centres = (await db.Centres.AsNoTracking().Include(c => c.Establishment).Where(c => c.ClosedOn == null).ToListAsync())
        .OrderBy(c => c.Id, StringComparer.Ordinal).ToList();
    using var w = new StreamWriter(centresOut, false, new UTF8Encoding(false)) { NewLine = "\n" };
    w.WriteLine("centre_id;site_finess;departement;region");
    foreach (var c in centres)
        w.WriteLine($"{c.Id};{c.EstablishmentFiness};{c.Establishment!.DepartementCode};{regions.GetValueOrDefault(c.Establishment.DepartementCode)}");
    using var d = new StreamWriter(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(centresOut))!, "departements.csv"), false, new UTF8Encoding(false)) { NewLine = "\n" };
    d.WriteLine("code;region");
    foreach (var (code, region) in regions.OrderBy(kv => kv.Key, StringComparer.Ordinal)) d.WriteLine($"{code};{region}");
}

await using var file = File.Create(outPath);
await using Stream output = outPath.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)
    ? new GZipStream(file, CompressionLevel.Fastest) : new BufferedStream(file, 1 << 20);
var written = await DemoActivityExtract.WriteAsync(db, output, new DemoActivityExtractOptions { Rows = rows, Seed = seed, Year = year, Shape = shape });
await Console.Error.WriteLineAsync($"{written} rows ({shape.Code()}) -> {outPath}");
return 0;
