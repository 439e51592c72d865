using System.IO.Compression;
using System.Text;
using PdfSharp.Pdf;

namespace Maillage.Testing;

/// <summary>Hostile and valid PDF inputs, generated in code (no binary fixture): shared with the upload tests.</summary>
public static class HostilePdfSamples
{
    /// <summary>A valid PDF of blank A4 pages, written by PDFsharp itself.</summary>
    public static byte[] Valid(int pages)
    {
        using var document = new PdfDocument();
        for (var i = 0; i < pages; i++) document.AddPage();
        using var ms = new MemoryStream();
        document.Save(ms, false);
        return ms.ToArray();
    }

    /// <summary>A valid PDF of blank pages, encrypted by PDFsharp with a user password (needed to open it) or only an owner
    /// password (anyone may open it; changing it needs the password).</summary>
    public static byte[] Encrypted(int pages, string? userPassword, string ownerPassword)
    {
        using var document = new PdfDocument();
        for (var i = 0; i < pages; i++) document.AddPage();
        if (userPassword is not null) document.SecuritySettings.UserPassword = userPassword;
        document.SecuritySettings.OwnerPassword = ownerPassword;
        using var ms = new MemoryStream();
        document.Save(ms, false);
        return ms.ToArray();
    }

    /// <summary>A header, a body of noise and an end marker: passes the sniff, not a document.</summary>
    public static byte[] Garbage()
    {
        var noise = new byte[8192];
        new Random(11).NextBytes(noise);
        return [.. "%PDF-1.7\n"u8, .. noise, .. "\n%%EOF\n"u8];
    }

    /// <summary>The smallest thing that passes a header-and-trailer sniff: not a document.</summary>
    public static byte[] NearEmpty() => Encoding.ASCII.GetBytes("%PDF-1.4\n%%EOF\n");

    /// <summary>The same, padded past any "too short" shortcut.</summary>
    public static byte[] NearEmptyPadded() => Encoding.ASCII.GetBytes("%PDF-1.4\n" + new string(' ', 4096) + "\n%%EOF\n");

    /// <summary><paramref name="streams"/> object streams, each inflating to <paramref name="inflatedBytesEach"/> zero bytes.</summary>
    public static byte[] DeflateBomb(long inflatedBytesEach, int streams = 1)
    {
        var bomb = Zlib(inflatedBytesEach);
        using var ms = new MemoryStream();
        Write(ms, "%PDF-1.5\n");
        for (var i = 1; i <= streams; i++)
        {
            Write(ms, $"{i} 0 obj\n<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length {bomb.Length} >>\nstream\n");
            ms.Write(bomb);
            Write(ms, "\nendstream\nendobj\n");
        }
        Write(ms, "trailer\n<< /Size 2 /Root 1 0 R >>\nstartxref\n0\n%%EOF\n");
        return ms.ToArray();
    }

    /// <summary>About 2 MB of repeated <c>/Type/ObjStm</c> dictionaries without an end (the old regex was quadratic on it).</summary>
    public static byte[] RepeatedObjStm()
    {
        var sb = new StringBuilder("%PDF-1.5\n1 0 obj\n<< ");
        while (sb.Length < 2 * 1024 * 1024) sb.Append("/Type/ObjStm /Filter/FlateDecode ");
        sb.Append("\nstartxref\n0\n%%EOF\n");
        return Encoding.ASCII.GetBytes(sb.ToString());
    }

    /// <summary>Thousands of small, well-formed object streams (each decoded at open).</summary>
    public static byte[] ManyObjectStreams(int count)
    {
        var tiny = Zlib(16);
        using var ms = new MemoryStream();
        Write(ms, "%PDF-1.5\n");
        for (var i = 1; i <= count; i++)
        {
            Write(ms, $"{i} 0 obj<</Type/ObjStm/N 1/First 4/Filter/FlateDecode/Length {tiny.Length}>>stream\n");
            ms.Write(tiny);
            Write(ms, "\nendstream endobj\n");
        }
        Write(ms, "startxref\n0\n%%EOF\n");
        return ms.ToArray();
    }

    /// <summary>A valid file whose cross-reference table is cut in the middle (the end marker kept).</summary>
    public static byte[] TruncatedXref()
    {
        var valid = Valid(3);
        var text = Encoding.Latin1.GetString(valid);
        // The table starts at the offset named after "startxref"; keep its first 30 bytes.
        var startxref = text.LastIndexOf("startxref", StringComparison.Ordinal);
        var offset = int.Parse(text[(startxref + 9)..].Trim().Split('\n', '\r')[0], System.Globalization.CultureInfo.InvariantCulture);
        return Encoding.Latin1.GetBytes(text[..(offset + 30)] + "\nstartxref\n" + offset + "\n%%EOF\n");
    }

    private static byte[] Zlib(long zeros)
    {
        using var ms = new MemoryStream();
        using (var z = new ZLibStream(ms, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            var block = new byte[1 << 20];
            for (var left = zeros; left > 0; left -= block.Length) z.Write(block, 0, (int)Math.Min(block.Length, left));
        }
        return ms.ToArray();
    }

    private static void Write(Stream s, string text) => s.Write(Encoding.ASCII.GetBytes(text));
}
