using System.Globalization;

namespace Maillage.Core.Features.Activity;

/// <summary>
/// A compressed extract whose decompressed size is absurd (a "zip bomb"): the import stops before reading further and writes
/// nothing. Derives from <see cref="ActivityFormatException"/> so every caller reports it as a failed import.
/// </summary>
public sealed class ActivityDecompressionException(string message) : ActivityFormatException(message);

/// <summary>
/// Counts the bytes read out of a decompression stream and stops when their total passes an absolute cap, or when their
/// ratio to the compressed bytes consumed so far passes <paramref name="maxRatio"/> once <paramref name="ratioGrace"/>
/// bytes have been decompressed (a CSV extract compresses about 5–15:1; a file of repeated newlines about 1000:1).
/// </summary>
internal sealed class DecompressionGuardStream(Stream inner, string fileName, Func<long> compressedBytes, long maxBytes, double maxRatio,
    long ratioGrace) : ForwardReadStream
{
    private long _read;

    public long BytesRead => _read;

    public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));
    public override int Read(Span<byte> buffer) => Count(inner.Read(buffer));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private int Count(int n)
    {
        _read += n;
        if (_read > maxBytes)
            throw new ActivityDecompressionException(string.Create(CultureInfo.GetCultureInfo("fr-FR"),
                $"{fileName} : la taille décompressée dépasse {maxBytes / 1024.0 / 1024 / 1024:0.#} Go : taille décompressée absurde, fichier refusé."));
        if (_read > ratioGrace)
        {
            var compressed = Math.Max(1, compressedBytes());
            var ratio = (double)_read / compressed;
            if (ratio > maxRatio)
                throw new ActivityDecompressionException(string.Create(CultureInfo.GetCultureInfo("fr-FR"),
                    $"{fileName} : taux de compression absurde ({ratio:0} pour 1 après {_read / 1024 / 1024} Mo décompressés, au plus {maxRatio:0} pour 1) : fichier refusé."));
        }
        return n;
    }

    public override long Position { get => _read; set => throw new NotSupportedException(); }

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}
