using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Maillage.Core.Data;
using Maillage.Core.Infrastructure.Campaigns;
using Maillage.Core.Infrastructure.Nomenclature;
using Maillage.Core.Infrastructure.Security;
using Maillage.Core.Infrastructure.Tabular;
using Maillage.Core.Infrastructure.Telemetry;
using Maillage.Domain.Activity;
using Maillage.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Core.Features.Activity;

public sealed class ActivityImportOptions
{
    /// <summary>Validate and compute, write nothing (the rejects file is still written).</summary>
    public bool DryRun { get; init; }
    /// <summary>Above this share of rejected rows nothing is written.</summary>
    public double MaxRejectRate { get; init; } = 0.001;
    /// <summary>Who imports (stored in the import log).</summary>
    public string ImportedBy { get; init; } = "inconnu";
    /// <summary>
    /// Which contexts count for each indicator, per calendar year: the campaign referential covering the year of the
    /// acts (null: the shipped referentials, <see cref="CampaignCatalogue.Activity"/>).
    /// </summary>
    public ActivityCampaignDefinitions? Campaigns { get; init; }
    public int Workers { get; init; } = Environment.ProcessorCount;
    public IProgress<ActivityImportProgress>? Progress { get; init; }
    public TimeProvider Clock { get; init; } = TimeProvider.System;
    /// <summary>Called inside the transaction, after every write and before the commit (cancellation point; tests use it
    /// to prove that a failure there leaves the previous state).</summary>
    public Func<CancellationToken, Task>? BeforeCommitAsync { get; init; }
    /// <summary>Called once the figures are computed, before the transaction opens (the import jobs' tests use it to hold a
    /// run there while another node takes the job over).</summary>
    public Func<CancellationToken, Task>? BeforeStoreAsync { get; init; }
    /// <summary>A .gz extract stops when it decompresses past this many bytes (default 64 GiB: 16 × the 4 GiB upload limit).</summary>
    public long MaxDecompressedBytes { get; init; } = 64L * 1024 * 1024 * 1024;
    /// <summary>A .gz extract stops when it decompresses to more than this many bytes per compressed byte
    /// (after the first <see cref="DecompressionRatioGraceBytes"/>); a CSV extract compresses about 5–15:1.</summary>
    public double MaxCompressionRatio { get; init; } = 200;
    public long DecompressionRatioGraceBytes { get; init; } = 8L * 1024 * 1024;
}

public enum ActivityImportOutcome
{
    /// <summary>Indicators replaced and import logged.</summary>
    Applied,
    /// <summary>--dry-run: computed, nothing written.</summary>
    DryRun,
    /// <summary>Too many rejects: nothing written.</summary>
    Refused,
}

public sealed record ActivityImportResult
{
    public ActivityImportOutcome Outcome { get; init; }
    public long Rows { get; init; }
    public long Rejected { get; init; }
    public required IReadOnlyDictionary<ActivityRejectReason, long> RejectsByReason { get; init; }
    public double RejectRate => Rows == 0 ? 0 : (double)Rejected / Rows;
    public double MaxRejectRate { get; init; }
    public required IReadOnlyList<int> Years { get; init; }
    /// <summary>Per year of the file, the campaign referential whose indicator definition counted it (null: the default one).</summary>
    public required IReadOnlyDictionary<int, string?> CampaignByYear { get; init; }
    public required IReadOnlyList<ActivityIndicators> Indicators { get; init; }
    public required string Sha256 { get; init; }
    /// <summary>The rejects file written, or null when there was no reject.</summary>
    public string? RejectsFile { get; init; }
    public bool RejectDetailsTruncated { get; init; }
    public TimeSpan Duration { get; init; }
    public long? ImportId { get; init; }
    /// <summary>Stored annual reports of the file's (centre, year) pairs whose compliance verdict or findings changed with the new measured figures.</summary>
    public int VerdictsRefreshed { get; init; }
}

/// <summary>
/// <c>maillage activity import</c>: streams an extract (docs/formats/activity-extract.md), validates every row,
/// computes the indicators in memory, then — unless too many rows were rejected — replaces, in one transaction, the
/// indicators of each (centre, year) present in the file and logs the import. Everything is computed before the
/// transaction opens, so an interrupted import leaves the previous state. No patient identifier is ever written.
/// </summary>
public static class ActivityImporter
{
    /// <summary>
    /// The registry and nomenclature as the validation needs them. Plain SQL (the same on both providers) rather than
    /// LINQ: three simple reads, and the CLI starts faster without compiling their queries.
    /// </summary>
    public static Task<ActivityReferential> LoadReferentialAsync(MaillageDbContext db, CancellationToken ct) =>
        LoadReferentialAsync(ActivityConnection.Of(db), ct);

    /// <summary>As above, on a context's connection or a plain one.</summary>
    public static async Task<ActivityReferential> LoadReferentialAsync(ActivityConnection db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var conn = db.Connection;
        var wasClosed = await db.OpenAsync(ct);
        try
        {
            var regions = new Dictionary<string, string>(StringComparer.Ordinal);
            await ReadAsync(conn, "SELECT \"Code\", \"RegionCode\" FROM departements", r => regions[r.GetString(0)] = r.GetString(1), ct);
            var centres = new List<ActivityCentre>();
            await ReadAsync(conn, "SELECT c.\"Id\", c.\"EstablishmentFiness\", c.\"ClosedOn\", e.\"DepartementCode\" FROM centres c " +
                "JOIN establishments e ON e.\"Finess\" = c.\"EstablishmentFiness\"", r =>
            {
                var dep = r.GetString(3);
                centres.Add(new ActivityCentre(r.GetString(0), r.GetString(1), r.IsDBNull(2) ? null : AsDate(r.GetValue(2)), dep, regions.GetValueOrDefault(dep)));
            }, ct);
            var diseases = new List<OrphaDisease>();
            await ReadAsync(conn, "SELECT \"Code\", \"Status\", \"RedirectTo\" FROM orpha_diseases", r => diseases.Add(new OrphaDisease
            {
                Code = Convert.ToInt32(r.GetValue(0), CultureInfo.InvariantCulture),
                NameEn = "",
                Status = r.GetString(1),
                RedirectTo = r.IsDBNull(2) ? null : Convert.ToInt32(r.GetValue(2), CultureInfo.InvariantCulture),
            }), ct);
            var catalog = new OrphaCatalog(diseases, []);
            var orpha = diseases.ToDictionary(d => d.Code, d => catalog.Resolve(d.Code) is not null);
            return new ActivityReferential(centres, regions, orpha);
        }
        finally
        {
            if (wasClosed) await db.CloseAsync();
        }
    }

    private static DateOnly AsDate(object value) => value switch
    {
        DateOnly d => d,
        DateTime dt => DateOnly.FromDateTime(dt),
        string s => DateOnly.Parse(s, CultureInfo.InvariantCulture),
        _ => throw new InvalidOperationException("ClosedOn: unexpected type " + value.GetType().Name),
    };

    private static async Task ReadAsync(System.Data.Common.DbConnection conn, string sql, Action<System.Data.Common.DbDataReader> row, CancellationToken ct)
    {
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) row(reader);
    }

    /// <summary>The rejects file of an extract: <c>name.rejects.csv</c> next to it (a .gz or .csv suffix dropped).</summary>
    public static string RejectsPathFor(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var name = Path.GetFileName(path);
        foreach (var suffix in new[] { ".gz", ".csv" })
            if (name.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)) name = name[..^suffix.Length];
        return Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".", name + ".rejects.csv");
    }

    /// <summary>Who may import activity extracts: the national administration only (the extracts of the national rare-disease
    /// data bank cover every centre). The CLI runs as <see cref="Caller.Operator"/>.</summary>
    public static bool CanImport(Caller caller) => AccessPolicy.Allows(caller, new ObjectScope { NationalOnly = true });

    public const string RefusedImport =
        "L'import des extractions d'activité (banque nationale de données maladies rares) est réservé à l'administration nationale.";

    /// <summary>Refuses (<see cref="AccessRefusedException"/>) a caller who may not import.</summary>
    public static void Authorise(Caller caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (!CanImport(caller)) throw new AccessRefusedException(caller, RefusedImport);
    }

    public static Task<ActivityImportResult> ImportAsync(MaillageDbContext db, Caller caller, string path, ActivityImportOptions options, CancellationToken ct) =>
        ImportAsync(ActivityConnection.Of(db), caller, path, options, ct);

    /// <summary>Imports a file on a context's connection or a plain one (the CLI: no EF model built, ADR 0012).</summary>
    public static async Task<ActivityImportResult> ImportAsync(ActivityConnection db, Caller caller, string path, ActivityImportOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(path);
        Authorise(caller);
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        return await ImportAsync(db, caller, file, Path.GetFileName(path), file.Length, RejectsPathFor(path), options, ct);
    }

    /// <summary>Imports from a stream (a file, an upload); a name ending in .gz is decompressed. Refuses a caller who may
    /// not import (<see cref="CanImport"/>) before reading anything. Traced as the span <c>activity.import</c>.</summary>
    public static Task<ActivityImportResult> ImportAsync(MaillageDbContext db, Caller caller, Stream input, string fileName, long? length,
        string rejectsPath, ActivityImportOptions options, CancellationToken ct) =>
        ImportAsync(ActivityConnection.Of(db), caller, input, fileName, length, rejectsPath, options, ct);

    /// <summary>As above, on a context's connection or a plain one.</summary>
    public static async Task<ActivityImportResult> ImportAsync(ActivityConnection db, Caller caller, Stream input, string fileName, long? length,
        string rejectsPath, ActivityImportOptions options, CancellationToken ct)
    {
        Authorise(caller);
        using var span = MaillageTelemetry.Source.StartActivity("activity.import");
        span?.SetTag("maillage.import.file", fileName);
        span?.SetTag("maillage.import.by", options?.ImportedBy);
        span?.SetTag("maillage.import.dry_run", options?.DryRun);
        try
        {
            var result = await ImportCoreAsync(db, caller, input, fileName, length, rejectsPath, options!, ct);
            var outcome = result.Outcome.ToString().ToLowerInvariant();
            span?.SetTag("maillage.import.id", result.ImportId);
            span?.SetTag("maillage.import.outcome", outcome);
            span?.SetTag("maillage.import.rows", result.Rows);
            span?.SetTag("maillage.import.rejected", result.Rejected);
            span?.SetTag("maillage.import.years", string.Join(',', result.Years));
            MaillageTelemetry.ActivityImports.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
            MaillageTelemetry.ActivityImportRows.Add(result.Rows);
            return result;
        }
        catch (Exception e)
        {
            MaillageTelemetry.Fail(span, e);
            MaillageTelemetry.ActivityImports.Add(1, new KeyValuePair<string, object?>("outcome", "failed"));
            throw;
        }
    }

    private static async Task<ActivityImportResult> ImportCoreAsync(ActivityConnection db, Caller caller, Stream input, string fileName, long? length,
        string rejectsPath, ActivityImportOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(options);
        var clock = Stopwatch.StartNew();
        var referential = await LoadReferentialAsync(db, ct);

        using var hashing = new HashingStream(input);
        var progress = options.Progress;
        var scan = await Task.Run(() =>
        {
            using Stream content = fileName.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)
                ? new DecompressionGuardStream(new GZipStream(hashing, CompressionMode.Decompress, leaveOpen: true), fileName,
                    () => hashing.BytesRead, options.MaxDecompressedBytes, options.MaxCompressionRatio, options.DecompressionRatioGraceBytes)
                : new NonClosingStream(hashing);
            var lastReport = 0L;
            return ActivityScanner.Scan(content, referential, options.Workers, (lines, rejected) =>
            {
                var now = clock.ElapsedMilliseconds;
                if (progress is null || now - lastReport < 100) return;
                lastReport = now;
                progress.Report(new ActivityImportProgress(hashing.BytesRead, length, lines, "lecture", rejected()));
            }, ct);
        }, ct);
        // Bytes after the end of the gzip member (none in a well-formed file) still belong to the file's hash.
        hashing.Drain();
        progress?.Report(new ActivityImportProgress(hashing.BytesRead, length, scan.Rows, "calcul", scan.Rejected));
        if (scan.Rows == 0) throw new ActivityFormatException("Le fichier ne contient aucune ligne de données.");

        var campaigns = options.Campaigns ?? CampaignCatalogue.Shipped.Activity;
        var residences = new List<ActiveResidence>();
        var indicators = scan.Aggregator.Compute(referential, campaigns.ForYear, residences);
        var years = indicators.Select(i => i.Year).Distinct().Order().ToList();
        var rejectsFile = await WriteRejectsAsync(rejectsPath, scan, ct);
        var result = new ActivityImportResult
        {
            Rows = scan.Rows,
            Rejected = scan.Rejected,
            RejectsByReason = scan.RejectsByReason,
            MaxRejectRate = options.MaxRejectRate,
            Years = years,
            CampaignByYear = years.ToDictionary(y => y, campaigns.CampaignOf),
            Indicators = indicators,
            Sha256 = hashing.HashHex(),
            RejectsFile = rejectsFile,
            RejectDetailsTruncated = scan.RejectDetailsTruncated,
        };
        if (result.RejectRate > options.MaxRejectRate)
            return result with { Outcome = ActivityImportOutcome.Refused, Duration = clock.Elapsed };
        if (options.DryRun)
            return result with { Outcome = ActivityImportOutcome.DryRun, Duration = clock.Elapsed };

        progress?.Report(new ActivityImportProgress(hashing.BytesRead, length, scan.Rows, "enregistrement", scan.Rejected));
        if (options.BeforeStoreAsync is not null) await options.BeforeStoreAsync(ct);
        var record = new ActivityImportRecord
        {
            ImportedAt = options.Clock.GetUtcNow(),
            ImportedBy = Truncate(options.ImportedBy, 256),
            FileName = Truncate(fileName, 260),
            Sha256 = result.Sha256,
            SizeBytes = hashing.BytesRead,
            Rows = scan.Rows,
            RejectedRows = scan.Rejected,
            RejectsByReason = JsonSerializer.Serialize(scan.RejectsByReason.ToDictionary(kv => kv.Key.Code(), kv => kv.Value)),
            Years = string.Join(',', years.Select(y => y.ToString(CultureInfo.InvariantCulture))),
            IndicatorRows = indicators.Count,
        };
        var pairs = indicators.Select(i => (i.CentreId, i.Year)).ToList();
        var refreshed = 0;
        // In the import's transaction, before its own last check (a job's lease): the stored compliance verdicts that use the
        // measured file active are refreshed with the new figures, and commit with them or not at all. On a plain connection
        // (the CLI) in plain SQL, so that no EF context is built (ADR 0012).
        await ActivityStore.ReplaceAsync(db, record, indicators, residences, clock, async c =>
        {
            if (!db.HasContext)
                refreshed = await Features.Reports.ReportService.RefreshMeasuredVerdictsAsync(db.Connection, db.CurrentTransaction, pairs, options.Clock, c);
            else if (await AnyReportAsync(db, years, c))
            {
                var reports = new Features.Reports.ReportService(db.Context, new AccessPolicy(db.Context, options.Clock), options.Clock);
                refreshed = await reports.RefreshMeasuredVerdictsAsync(pairs, c);
            }
            if (options.BeforeCommitAsync is not null) await options.BeforeCommitAsync(c);
        }, ct);
        return result with { Outcome = ActivityImportOutcome.Applied, Duration = clock.Elapsed, ImportId = record.Id, VerdictsRefreshed = refreshed };
    }

    /// <summary>Whether a stored annual report exists for one of <paramref name="years"/> (plain SQL, in the import's transaction).</summary>
    private static async Task<bool> AnyReportAsync(ActivityConnection db, IReadOnlyList<int> years, CancellationToken ct)
    {
        foreach (var year in years)
        {
            await using var cmd = db.Connection.CreateCommand();
            cmd.Transaction = db.CurrentTransaction;
            cmd.CommandText = "SELECT 1 FROM annual_reports WHERE \"Year\" = @y LIMIT 1";
            var p = cmd.CreateParameter();
            p.ParameterName = "@y";
            p.Value = year;
            cmd.Parameters.Add(p);
            if (await cmd.ExecuteScalarAsync(ct) is not null and not DBNull) return true;
        }
        return false;
    }

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..max];

    /// <summary>Writes <c>line;column;reason;message</c> (never row content); deletes a stale file when there is no reject.</summary>
    private static async Task<string?> WriteRejectsAsync(string path, ActivityScanResult scan, CancellationToken ct)
    {
        if (scan.Rejected == 0)
        {
            if (File.Exists(path)) File.Delete(path);
            return null;
        }
        await using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
        await writer.WriteLineAsync("line;column;reason;message".AsMemory(), ct);
        var sb = new StringBuilder();
        foreach (var r in scan.Rejects)
        {
            sb.Clear();
            sb.Append(r.Line.ToString(CultureInfo.InvariantCulture)).Append(';')
              .Append(ActivityExtract.ColumnName(r.Column)).Append(';')
              .Append(r.Reason.Code()).Append(';')
              .Append(CsvTable.Escape(r.Reason.Message()));
            await writer.WriteLineAsync(sb, ct);
        }
        return path;
    }

    /// <summary>Counts and hashes (SHA-256) the bytes read through it.</summary>
    private sealed class HashingStream(Stream inner) : ForwardReadStream
    {
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        private byte[]? _result;

        public long BytesRead { get; private set; }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var n = inner.Read(buffer);
            _hash.AppendData(buffer[..n]);
            BytesRead += n;
            return n;
        }

        public void Drain()
        {
            var buffer = new byte[1 << 16];
            while (Read(buffer) > 0) { }
        }

        public string HashHex() => Convert.ToHexStringLower(_result ??= _hash.GetHashAndReset());

        public override long Position { get => BytesRead; set => throw new NotSupportedException(); }

        protected override void Dispose(bool disposing)
        {
            if (disposing) _hash.Dispose();
            base.Dispose(disposing);
        }
    }

    private sealed class NonClosingStream(Stream inner) : ForwardReadStream
    {
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
        public override int Read(Span<byte> buffer) => inner.Read(buffer);
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    }
}

/// <summary>
/// The activity import as a scoped service, for hosts that run imports in the background (the web's import jobs): the
/// same <see cref="ActivityImporter.ImportAsync(MaillageDbContext, Caller, Stream, string, long?, string, ActivityImportOptions, CancellationToken)"/>
/// on the scope's database, so the host holds no database context of its own.
/// </summary>
public sealed class ActivityImportRun(MaillageDbContext db)
{
    public Task<ActivityImportResult> ImportAsync(Caller caller, Stream input, string fileName, long? length, string rejectsPath,
        ActivityImportOptions options, CancellationToken ct) =>
        ActivityImporter.ImportAsync(db, caller, input, fileName, length, rejectsPath, options, ct);
}
