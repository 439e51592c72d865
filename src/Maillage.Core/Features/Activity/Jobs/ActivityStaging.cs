using Maillage.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Core.Features.Activity.Jobs;

/// <summary>What is staged for a job: the uploaded extract (deleted when the job ends) or its rejects file.</summary>
public enum StagedKind
{
    Upload,
    Rejects,
}

/// <summary>One 1 MiB piece of a staged file (table <c>activity_staged_chunks</c>).</summary>
public sealed class ActivityStagedChunk
{
    public required string JobId { get; set; }
    public StagedKind Kind { get; set; }
    public int Seq { get; set; }
    public required byte[] Data { get; set; }
}

/// <summary>
/// Where the files of the import jobs wait, readable by every node: in the database as 1 MiB chunks (default), or in
/// a folder shared by the nodes (<c>Maillage:Activity:StagingFolder</c>, e.g. an NFS mount), as <c>&lt;job&gt;.upload</c> and
/// <c>&lt;job&gt;.rejects.csv</c>. A scoped service on the scope's database context.
/// </summary>
public sealed class ActivityStaging(MaillageDbContext db, ActivityJobOptions options)
{
    public const int ChunkBytes = 1 << 20;

    private string? Folder => options.StagingFolder;

    private string PathOf(string jobId, StagedKind kind)
    {
        Directory.CreateDirectory(Folder!);
        return Path.Combine(Folder!, jobId + (kind == StagedKind.Upload ? ".upload" : ".rejects.csv"));
    }

    /// <summary>Copies <paramref name="source"/> (streamed, never held whole); <paramref name="onChunk"/> is called after
    /// each chunk with the bytes so far (heartbeat, cancellation). Returns the byte count.</summary>
    public async Task<long> WriteAsync(string jobId, StagedKind kind, Stream source, Func<long, CancellationToken, Task>? onChunk, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(source);
        await DeleteAsync(jobId, kind, ct);
        var buffer = new byte[ChunkBytes];
        long total = 0;
        if (Folder is not null)
        {
            await using var file = new FileStream(PathOf(jobId, kind), FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
            int n;
            while ((n = await source.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, ct)) > 0)
            {
                await file.WriteAsync(buffer.AsMemory(0, n), ct);
                total += n;
                if (onChunk is not null) await onChunk(total, ct);
            }
            return total;
        }
        var seq = 0;
        var tracking = db.ChangeTracker.AutoDetectChangesEnabled;
        try
        {
            int n;
            while ((n = await source.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, ct)) > 0)
            {
                db.Add(new ActivityStagedChunk { JobId = jobId, Kind = kind, Seq = seq++, Data = buffer.AsSpan(0, n).ToArray() });
                await db.SaveChangesAsync(ct);
                db.ChangeTracker.Clear();
                total += n;
                if (onChunk is not null) await onChunk(total, ct);
            }
        }
        finally
        {
            db.ChangeTracker.Clear();
            db.ChangeTracker.AutoDetectChangesEnabled = tracking;
        }
        return total;
    }

    /// <summary>A forward-only stream over a staged file, or null when there is none.</summary>
    public async Task<Stream?> OpenReadAsync(string jobId, StagedKind kind, CancellationToken ct)
    {
        if (Folder is not null)
        {
            var path = PathOf(jobId, kind);
            return File.Exists(path) ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan) : null;
        }
        if (!await db.Set<ActivityStagedChunk>().AnyAsync(c => c.JobId == jobId && c.Kind == kind, ct)) return null;
        return new ChunkStream(db, jobId, kind);
    }

    public async Task<bool> ExistsAsync(string jobId, StagedKind kind, CancellationToken ct) =>
        Folder is not null ? File.Exists(PathOf(jobId, kind)) : await db.Set<ActivityStagedChunk>().AnyAsync(c => c.JobId == jobId && c.Kind == kind, ct);

    public async Task DeleteAsync(string jobId, StagedKind kind, CancellationToken ct)
    {
        if (Folder is not null)
        {
            try { File.Delete(PathOf(jobId, kind)); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
            return;
        }
        await db.Set<ActivityStagedChunk>().Where(c => c.JobId == jobId && c.Kind == kind).ExecuteDeleteAsync(ct);
    }

    /// <summary>Reads the chunks one at a time, by sequence number (sync reads for the importer's scanner, async for HTTP).</summary>
    private sealed class ChunkStream(MaillageDbContext db, string jobId, StagedKind kind) : ForwardReadStream
    {
        private byte[] _chunk = [];
        private int _offset;
        private int _next;
        private bool _end;
        private long _position;

        private IQueryable<byte[]> Next() =>
            db.Set<ActivityStagedChunk>().AsNoTracking().Where(c => c.JobId == jobId && c.Kind == kind && c.Seq == _next).Select(c => c.Data);

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (_offset == _chunk.Length && !_end) Load(Next().FirstOrDefault());
            return Copy(buffer);
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_offset == _chunk.Length && !_end) Load(await Next().FirstOrDefaultAsync(cancellationToken));
            return Copy(buffer.Span);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        private void Load(byte[]? data)
        {
            if (data is null || data.Length == 0) { _end = true; _chunk = []; }
            else { _chunk = data; _next++; }
            _offset = 0;
        }

        private int Copy(Span<byte> buffer)
        {
            var n = Math.Min(buffer.Length, _chunk.Length - _offset);
            _chunk.AsSpan(_offset, n).CopyTo(buffer);
            _offset += n;
            _position += n;
            return n;
        }

        public override long Position { get => _position; set => throw new NotSupportedException(); }
    }
}
