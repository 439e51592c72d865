using System.IO.Compression;
using PdfSharp.Pdf;
using PdfSharp.Pdf.IO;

namespace Maillage.Core.Infrastructure.Pdf;

/// <summary>What an uploaded file turned out to be: a readable PDF and its page count (always known when it is one), or why not.</summary>
public sealed record PdfCheck(bool IsPdf, int? PageCount, string? Error);

/// <summary>
/// Checks that an upload is a readable PDF (by its content, not its name) and counts its pages with PDFsharp, within bounds
/// that a hostile file cannot pass:
/// <list type="bullet">
/// <item>a linear pre-scan inflates the streams PDFsharp decompresses when it opens a file (object streams and cross-reference
/// streams) into a scratch buffer, and refuses the file past <see cref="MaxInflatedBytesPerStream"/> for one stream or
/// <see cref="MaxInflatedBytesTotal"/> for all, or past <see cref="MaxDecodedStreams"/> of them — PDFsharp's FlateDecode
/// inflates into memory without a limit;</item>
/// <item>the parse runs on a worker under a time budget (<see cref="TimeBudget"/>) linked to the caller's cancellation (the
/// request's): the bytes are handed to PDFsharp through a stream that stops at the next read once cancelled, so the work
/// stops as well, not only the wait;</item>
/// <item>a file PDFsharp cannot open, or with no page, is not a document.</item>
/// </list>
/// The file size itself is bounded by the caller (the upload limit).
/// </summary>
public static class PdfInspector
{
    public static readonly TimeSpan TimeBudget = TimeSpan.FromSeconds(10);
    public const long MaxInflatedBytesPerStream = 32L * 1024 * 1024;
    public const long MaxInflatedBytesTotal = 128L * 1024 * 1024;
    public const int MaxDecodedStreams = 10_000;

    public const string NotReadable = "Ce fichier n'est pas un document PDF lisible.";
    public const string TooComplex = "Fichier PDF illisible ou trop complexe.";
    public const string Protected = "Ce PDF est protégé par un mot de passe : déposez une version sans protection.";

    /// <summary>Synchronous form for callers outside a request (tests, the CLI): same bounds, no caller cancellation.</summary>
    public static PdfCheck Inspect(ReadOnlySpan<byte> content) => InspectAsync(content.ToArray()).GetAwaiter().GetResult();

    /// <summary>
    /// Inspects <paramref name="content"/>. A cancellation of <paramref name="ct"/> (the client left) is rethrown; running past
    /// <paramref name="budget"/> (default <see cref="TimeBudget"/>) is a refusal.
    /// </summary>
    public static async Task<PdfCheck> InspectAsync(byte[] content, CancellationToken ct = default, TimeSpan? budget = null)
    {
        ArgumentNullException.ThrowIfNull(content);
        var allowed = budget ?? TimeBudget;
        // A budget already spent refuses without starting: the timer below fires asynchronously, so a zero budget would
        // otherwise race a small file's parse.
        if (allowed <= TimeSpan.Zero) return new PdfCheck(false, null, TooComplex);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(allowed);
        var work = Task.Run(() => InspectCore(content, limit.Token), CancellationToken.None);
        try
        {
            return await work.WaitAsync(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new PdfCheck(false, null, TooComplex);
        }
    }

    private static PdfCheck InspectCore(byte[] content, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var span = content.AsSpan();
        if (span.Length < 64)
            return new PdfCheck(false, null, "Le fichier est vide ou trop court pour être un document PDF.");
        if (span[..Math.Min(1024, span.Length)].IndexOf("%PDF-"u8) < 0)
            return new PdfCheck(false, null, "Le fichier n'est pas un PDF (en-tête %PDF- absent).");
        if (span[Math.Max(0, span.Length - 2048)..].IndexOf("%%EOF"u8) < 0)
            return new PdfCheck(false, null, "Le PDF est tronqué (marque de fin %%EOF absente).");
        if (PreScan(content, ct) is { } refusal) return new PdfCheck(false, null, refusal);
        int pages;
        // PDFsharp asks for a password when the file needs one to be opened (a user password, or an owner password for an
        // import): we have none to give, and say so rather than "not readable".
        var passwordAsked = false;
        try
        {
            using var input = new CancellableReadStream(new MemoryStream(content, writable: false), ct);
            using var document = PdfReader.Open(input, PdfDocumentOpenMode.Import, args =>
            {
                passwordAsked = true;
                args.Abort = true;
            });
            pages = document.PageCount;
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // PDFsharp's other reasons (broken xref, bad object…) are not ours to show: the file is not readable here.
            return new PdfCheck(false, null, passwordAsked ? Protected : NotReadable);
        }
        if (passwordAsked) return new PdfCheck(false, null, Protected);
        return pages > 0 ? new PdfCheck(true, pages, null) : new PdfCheck(false, null, NotReadable + " (aucune page)");
    }

    /// <summary>
    /// One pass over the file: for each <c>stream</c> keyword, the dictionary before it (at most 4 KB back, never before the
    /// previous stream's end, so each byte is looked at a bounded number of times); object and cross-reference streams are
    /// inflated into a scratch buffer and counted. No regular expression, no backtracking.
    /// </summary>
    private static string? PreScan(byte[] content, CancellationToken ct)
    {
        var span = content.AsSpan();
        var scratch = new byte[64 * 1024];
        long total = 0;
        var decoded = 0;
        var pos = 0;
        while (pos < span.Length)
        {
            ct.ThrowIfCancellationRequested();
            var at = span[pos..].IndexOf("stream"u8);
            if (at < 0) break;
            var keyword = pos + at;
            var dataStart = keyword + 6;
            // "endstream" also contains "stream": skip it; a real keyword is followed by an end of line.
            var isEnd = keyword >= 3 && span[(keyword - 3)..keyword].SequenceEqual("end"u8);
            if (isEnd || dataStart >= span.Length || (span[dataStart] != (byte)'\n' && span[dataStart] != (byte)'\r'))
            {
                pos = dataStart;
                continue;
            }
            if (span[dataStart] == (byte)'\r') dataStart++;
            if (dataStart < span.Length && span[dataStart] == (byte)'\n') dataStart++;
            var dictStart = Math.Max(pos, keyword - 4096);
            var dictionary = span[dictStart..keyword];
            var end = span[dataStart..].IndexOf("endstream"u8);
            var dataEnd = end < 0 ? span.Length : dataStart + end;
            if ((dictionary.IndexOf("/ObjStm"u8) >= 0 || dictionary.IndexOf("/XRef"u8) >= 0) && dictionary.IndexOf("/FlateDecode"u8) >= 0)
            {
                if (++decoded > MaxDecodedStreams) return TooComplex + $" (plus de {MaxDecodedStreams} flux d'objets compressés)";
                long inflated = 0;
                try
                {
                    using var z = new ZLibStream(new MemoryStream(content, dataStart, dataEnd - dataStart, writable: false), CompressionMode.Decompress);
                    int n;
                    while ((n = z.Read(scratch)) > 0)
                    {
                        inflated += n;
                        total += n;
                        if (inflated > MaxInflatedBytesPerStream || total > MaxInflatedBytesTotal)
                            return TooComplex + " (flux compressés dont la taille décompressée est démesurée)";
                        ct.ThrowIfCancellationRequested();
                    }
                }
                catch (InvalidDataException)
                {
                    // Not a zlib stream: PDFsharp will judge it.
                }
            }
            pos = end < 0 ? span.Length : dataEnd + 9;
        }
        return null;
    }

    /// <summary>Read-only view of a seekable stream that throws once <paramref name="ct"/> is cancelled.</summary>
    private sealed class CancellableReadStream(Stream inner, CancellationToken ct) : Stream
    {
        public override int Read(byte[] buffer, int offset, int count)
        {
            ct.ThrowIfCancellationRequested();
            return inner.Read(buffer, offset, count);
        }

        public override int Read(Span<byte> buffer)
        {
            ct.ThrowIfCancellationRequested();
            return inner.Read(buffer);
        }

        public override int ReadByte()
        {
            ct.ThrowIfCancellationRequested();
            return inner.ReadByte();
        }

        public override long Seek(long offset, SeekOrigin origin)
        {
            ct.ThrowIfCancellationRequested();
            return inner.Seek(offset, origin);
        }

        public override bool CanRead => true;
        public override bool CanSeek => true;
        public override bool CanWrite => false;
        public override long Length => inner.Length;
        public override long Position { get => inner.Position; set => Seek(value, SeekOrigin.Begin); }
        public override void Flush() { }
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
