using System.Buffers;
using System.Collections.Concurrent;
using Maillage.Domain.Activity;

namespace Maillage.Core.Features.Activity;

/// <summary>Progress of an import: bytes of the file read so far (compressed bytes for a .gz), rows seen, stage.</summary>
public sealed record ActivityImportProgress(long BytesRead, long? TotalBytes, long Rows, string Stage, long Rejected = 0);

/// <summary>The file is not an activity extract v1 (header, emptiness): nothing is imported.</summary>
public class ActivityFormatException(string message) : Exception(message);

/// <summary>What a scan of an extract found: aggregated acts, rejects, counts.</summary>
public sealed class ActivityScanResult
{
    public required ActivityAggregator Aggregator { get; init; }
    public long Rows { get; init; }
    public long Rejected => RejectsByReason.Values.Sum();
    public required IReadOnlyDictionary<ActivityRejectReason, long> RejectsByReason { get; init; }
    /// <summary>Rejects sorted by line; at most <see cref="ActivityScanner.MaxRejectDetails"/>.</summary>
    public required IReadOnlyList<ActivityReject> Rejects { get; init; }
    public bool RejectDetailsTruncated => Rejects.Count < Rejected;
}

/// <summary>
/// Streams an extract through validation and aggregation without loading it: one reader thread fills pooled 1 MiB
/// buffers, cut at the last line end, and hands them to worker threads; each worker parses its lines as byte spans and
/// keeps its own reject list. The per-patient state is partitioned by patient key (ADR 0012): one
/// <see cref="ActivityAggregator"/> per hash range of the key, so a patient's acts and stays all land in one table and no
/// table is duplicated across workers; a worker batches its parsed acts per partition and adds a full batch to the
/// partition under its lock (trying another partition while one is busy). The partitions hold disjoint patients and
/// are joined at the end without reinserting anything (<see cref="ActivityAggregator.AbsorbDisjoint"/>).
/// </summary>
public static class ActivityScanner
{
    public const int ChunkSize = ActivityExtract.MaxLineBytes;

    /// <summary>Reject lines kept for the rejects file (counts by reason stay exact beyond it).</summary>
    public const int MaxRejectDetails = 1_000_000;

    private readonly record struct Chunk(byte[] Buffer, int Start, int End, long FirstLine);

    /// <summary>Acts handed to a partition at a time (a batch is 40 bytes × this).</summary>
    internal const int BatchSize = 2048;

    /// <summary>A worker blocks on a busy partition only when this many batches of it are pending.</summary>
    private const int MaxPendingBatches = 4;

    /// <summary>The aggregator of one hash range of the patient key, used under its own lock.</summary>
    private sealed class Partition
    {
        public readonly Lock Gate = new();
        public readonly ActivityAggregator Aggregator = new();
    }

    private sealed class WorkerState(int partitions)
    {
        public List<ActivityReject> Rejects { get; } = [];
        public long[] Counts { get; } = new long[ActivityRejectReasons.All.Count];
        public long Rows;
        /// <summary>Per partition, the parsed acts not yet added to it.</summary>
        public readonly ActivityAct[][] Outbox = Enumerable.Range(0, partitions).Select(_ => new ActivityAct[BatchSize * MaxPendingBatches]).ToArray();
        public readonly int[] Pending = new int[partitions];
    }

    /// <summary>The partition of a patient key: its high 32 bits scaled to the count (the tables index with the low bits).</summary>
    internal static int PartitionOf(ulong patient, int partitions) => (int)(((patient >> 32) * (ulong)partitions) >> 32);

    /// <summary>Reads <paramref name="stream"/> (decompressed already), from its header line to the end.</summary>
    /// <param name="onLines">Called after each chunk with the lines read so far and a function counting the rows rejected
    /// so far (approximate while the workers run: it reads their counters without a lock).</param>
    public static ActivityScanResult Scan(Stream stream, ActivityReferential referential, int workers,
        Action<long, Func<long>>? onLines = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(referential);
        workers = Math.Max(1, workers);
        using var failure = CancellationTokenSource.CreateLinkedTokenSource(ct);
        using var queue = new BlockingCollection<Chunk>(workers * 2);
        var partitions = Enumerable.Range(0, workers).Select(_ => new Partition()).ToArray();
        var states = Enumerable.Range(0, workers).Select(_ => new WorkerState(partitions.Length)).ToArray();
        var readerState = new WorkerState(0);
        var threads = states.Select(s => Task.Factory.StartNew(() =>
        {
            try
            {
                Work(queue, s, partitions, referential, failure.Token);
            }
            catch
            {
                failure.Cancel(); // unblocks the reader if the queue is full
                throw;
            }
        }, failure.Token, TaskCreationOptions.LongRunning, TaskScheduler.Default)).ToArray();
        try
        {
            var all = states.Append(readerState).ToArray();
            long RejectedSoFar()
            {
                var n = 0L;
                foreach (var s in all)
                    for (var i = 0; i < s.Counts.Length; i++) n += Volatile.Read(ref s.Counts[i]);
                return n;
            }
            Read(stream, queue, readerState, onLines is null ? null : lines => onLines(lines, RejectedSoFar), failure.Token);
            queue.CompleteAdding();
            Task.WaitAll(threads, failure.Token);
        }
        catch
        {
            failure.Cancel();
            queue.CompleteAdding();
            try { Task.WaitAll(threads, CancellationToken.None); } catch (AggregateException) { }
            throw;
        }

        var aggregator = partitions[0].Aggregator;
        foreach (var p in partitions.Skip(1)) aggregator.AbsorbDisjoint(p.Aggregator);
        var everyone = states.Append(readerState).ToArray();
        var counts = new Dictionary<ActivityRejectReason, long>();
        foreach (var reason in ActivityRejectReasons.All)
        {
            var n = everyone.Sum(s => s.Counts[(int)reason]);
            if (n > 0) counts[reason] = n;
        }
        var rejects = everyone.SelectMany(s => s.Rejects).OrderBy(r => r.Line).Take(MaxRejectDetails).ToList();
        return new ActivityScanResult
        {
            Aggregator = aggregator,
            Rows = everyone.Sum(s => s.Rows),
            RejectsByReason = counts,
            Rejects = rejects,
        };
    }

    private static void Read(Stream stream, BlockingCollection<Chunk> queue, WorkerState self, Action<long>? onLines, CancellationToken ct)
    {
        var pool = ArrayPool<byte>.Shared;
        var buffer = pool.Rent(ChunkSize);
        var filled = 0;
        var nextLine = 2L;
        var headerDone = false;
        var skipping = false;
        try
        {
            while (true)
            {
                ct.ThrowIfCancellationRequested();
                var eof = false;
                while (filled < buffer.Length)
                {
                    var n = stream.Read(buffer, filled, buffer.Length - filled);
                    if (n == 0)
                    {
                        eof = true;
                        break;
                    }
                    filled += n;
                }
                var data = buffer.AsSpan(0, filled);
                var start = 0;
                if (!headerDone)
                {
                    if (data.StartsWith("\uFEFF"u8)) start = 3;
                    var nl = data[start..].IndexOf((byte)'\n');
                    var header = nl < 0 ? (eof ? data[start..] : throw new ActivityFormatException("Première ligne trop longue : ce n'est pas un extrait d'activité.")) : data.Slice(start, nl);
                    if (!ActivityExtract.IsHeader(header))
                        throw new ActivityFormatException($"En-tête invalide : la première ligne doit être exactement « {ActivityExtract.Header} ».");
                    start = nl < 0 ? filled : start + nl + 1;
                    headerDone = true;
                }
                if (skipping)
                {
                    var nl = data[start..].IndexOf((byte)'\n');
                    if (nl < 0)
                    {
                        if (eof) break;
                        filled = 0;
                        continue;
                    }
                    start += nl + 1;
                    skipping = false;
                    nextLine++;
                }
                int end;
                if (eof) end = filled;
                else
                {
                    var last = data[start..].LastIndexOf((byte)'\n');
                    if (last < 0 && start == 0)
                    {
                        // A full buffer without a line end: reject the line and skip to its end.
                        self.Rows++;
                        self.Counts[(int)ActivityRejectReason.LineTooLong]++;
                        self.Rejects.Add(new ActivityReject(nextLine, 0, ActivityRejectReason.LineTooLong));
                        skipping = true;
                        filled = 0;
                        continue;
                    }
                    end = last < 0 ? start : start + last + 1;
                }
                if (end > start)
                {
                    var next = pool.Rent(ChunkSize);
                    data[end..].CopyTo(next);
                    var lines = data[start..end].Count((byte)'\n');
                    queue.Add(new Chunk(buffer, start, end, nextLine), ct);
                    nextLine += lines;
                    onLines?.Invoke(nextLine - 2);
                    buffer = next;
                    filled -= end;
                }
                else
                {
                    data[start..].CopyTo(buffer);
                    filled -= start;
                }
                if (eof) break;
            }
            if (!headerDone) throw new ActivityFormatException("Fichier vide : l'en-tête manque.");
        }
        finally
        {
            pool.Return(buffer);
        }
    }

    private static void Work(BlockingCollection<Chunk> queue, WorkerState state, Partition[] partitions, ActivityReferential referential, CancellationToken ct)
    {
        foreach (var chunk in queue.GetConsumingEnumerable(ct))
        {
            try
            {
                Process(chunk.Buffer.AsSpan(chunk.Start, chunk.End - chunk.Start), chunk.FirstLine, state, partitions, referential);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(chunk.Buffer);
            }
        }
        for (var p = 0; p < partitions.Length; p++) Flush(state, partitions[p], p, wait: true);
    }

    private static void Process(ReadOnlySpan<byte> span, long line, WorkerState state, Partition[] partitions, ActivityReferential referential)
    {
        var outbox = state.Outbox;
        var pending = state.Pending;
        var count = partitions.Length;
        while (!span.IsEmpty)
        {
            var nl = span.IndexOf((byte)'\n');
            var row = nl < 0 ? span : span[..nl];
            span = nl < 0 ? default : span[(nl + 1)..];
            if (!(row.IsEmpty || (row.Length == 1 && row[0] == (byte)'\r')))
            {
                state.Rows++;
                if (ActivityExtract.TryParse(row, referential, out var act, out var column, out var reason))
                {
                    var p = count == 1 ? 0 : PartitionOf(act.Patient, count);
                    var n = pending[p];
                    outbox[p][n++] = act;
                    pending[p] = n;
                    // A full batch: added now if the partition is free (else retried every 256 acts), waited for when the outbox is full.
                    if (n >= BatchSize && (n & 255) == 0) Flush(state, partitions[p], p, wait: n == outbox[p].Length);
                }
                else
                {
                    state.Counts[(int)reason]++;
                    if (state.Rejects.Count < MaxRejectDetails) state.Rejects.Add(new ActivityReject(line, column, reason));
                }
            }
            line++;
        }
    }

    /// <summary>Adds a worker's pending acts of partition <paramref name="p"/> to it, unless it is busy and <paramref name="wait"/> is false.</summary>
    private static void Flush(WorkerState state, Partition partition, int p, bool wait)
    {
        var n = state.Pending[p];
        if (n == 0) return;
        if (wait) partition.Gate.Enter();
        else if (!partition.Gate.TryEnter()) return;
        try
        {
            partition.Aggregator.AddBatch(state.Outbox[p].AsSpan(0, n));
        }
        finally
        {
            partition.Gate.Exit();
        }
        state.Pending[p] = 0;
    }
}
