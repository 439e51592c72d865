// Parser study for the activity import (issue 14, ADR 0012): does Sep (nietras.SeparatedValues, MIT) or the scanner's own
// split (1 MiB byte chunks, vectorised IndexOf of '\n' and ';' on UTF-8 bytes) read an extract faster? One thread each,
// the same file from the page cache, the same work per row (the 12 fields' lengths and first bytes folded into a
// checksum, so that nothing is optimised away and both must agree); then the scanner's full validation
// (ActivityExtract.TryParse against the registry) to show what share of a row's cost the split is.
// usage: ParseBench FILE [DEMO_DB] [REPEATS]
using System.Buffers;
using System.Diagnostics;
using Maillage.Core.Features.Activity;
using Maillage.Domain.Activity;
using Microsoft.Data.Sqlite;
using nietras.SeparatedValues;

var file = args.Length > 0 ? args[0] : throw new ArgumentException("usage: ParseBench FILE [DEMO_DB] [REPEATS]");
var db = args.Length > 1 ? args[1] : null;
var repeats = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 3;
var size = new FileInfo(file).Length;
Console.WriteLine($"file {file}: {size / 1e6:F0} MB; best of {repeats}; load {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");

Measure("scanner split (bytes)", () => ScannerSplit(file));
Measure(".NET 10 span Split (bytes)", () => SpanSplit(file));
Measure("Sep (chars)", () => SepSplit(file));
if (db is not null)
{
    await using var connection = new SqliteConnection($"Data Source={db};Mode=ReadOnly");
    var referential = await ActivityImporter.LoadReferentialAsync(ActivityConnection.Of(connection), CancellationToken.None);
    Measure("scanner split + validation (TryParse)", () => ScannerValidate(file, referential));
}
Console.WriteLine($"load {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");

void Measure(string name, Func<(long Rows, long Sum)> run)
{
    (long Rows, long Sum) result = default;
    var bestWall = double.MaxValue;
    var bestCpu = double.MaxValue;
    for (var i = 0; i < repeats; i++)
    {
        var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        result = run();
        bestWall = Math.Min(bestWall, sw.Elapsed.TotalSeconds);
        bestCpu = Math.Min(bestCpu, (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds);
    }
    Console.WriteLine($"{name,-40} rows {result.Rows,12:N0}  checksum {result.Sum,16}  wall {bestWall,7:F2} s  CPU {bestCpu,7:F2} s  {size / 1e6 / bestWall,8:F0} MB/s");
}

static (long, long) ScannerSplit(string path)
{
    long rows = 0, sum = 0;
    Chunks(path, line =>
    {
        rows++;
        var rest = line;
        for (var f = 0; f < 12; f++)
        {
            var semi = rest.IndexOf((byte)';');
            var field = semi < 0 ? rest : rest[..semi];
            sum += field.Length + (field.IsEmpty ? 0 : field[0]);
            rest = semi < 0 ? default : rest[(semi + 1)..];
        }
    });
    return (rows, sum);
}

// The .NET 9+/10 primitive: MemoryExtensions.Split over the line's bytes (ranges, vectorised search underneath).
static (long, long) SpanSplit(string path)
{
    long rows = 0, sum = 0;
    Chunks(path, line =>
    {
        rows++;
        var f = 0;
        foreach (var range in line.Split((byte)';'))
        {
            if (f++ == 12) break;
            var field = line[range];
            sum += field.Length + (field.IsEmpty ? 0 : field[0]);
        }
    });
    return (rows, sum);
}

static (long, long) ScannerValidate(string path, ActivityReferential referential)
{
    long rows = 0, valid = 0;
    Chunks(path, line =>
    {
        rows++;
        if (ActivityExtract.TryParse(line, referential, out _, out _, out _)) valid++;
    });
    return (rows, valid);
}

// The scanner's reading loop (ActivityScanner.Read and Process) on one thread: 1 MiB chunks cut at the last line end.
static void Chunks(string path, SpanAction action)
{
    using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
    var buffer = ArrayPool<byte>.Shared.Rent(ActivityScanner.ChunkSize);
    var filled = 0;
    var header = true;
    while (true)
    {
        var n = stream.Read(buffer, filled, buffer.Length - filled);
        var eof = n == 0;
        filled += n;
        var data = buffer.AsSpan(0, filled);
        var end = eof ? filled : data.LastIndexOf((byte)'\n') + 1;
        var span = data[..end];
        while (!span.IsEmpty)
        {
            var nl = span.IndexOf((byte)'\n');
            var line = nl < 0 ? span : span[..nl];
            span = nl < 0 ? default : span[(nl + 1)..];
            if (header) { header = false; continue; }
            if (!line.IsEmpty) action(line);
        }
        data[end..].CopyTo(buffer);
        filled -= end;
        if (eof) break;
    }
    ArrayPool<byte>.Shared.Return(buffer);
}

static (long, long) SepSplit(string path)
{
    long rows = 0, sum = 0;
    using var reader = Sep.New(';').Reader(o => o with { HasHeader = true }).FromFile(path);
    foreach (var row in reader)
    {
        rows++;
        for (var f = 0; f < 12; f++)
        {
            var field = row[f].Span;
            sum += field.Length + (field.IsEmpty ? 0 : field[0]);
        }
    }
    return (rows, sum);
}

delegate void SpanAction(ReadOnlySpan<byte> line);
