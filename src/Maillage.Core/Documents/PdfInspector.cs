using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;

namespace Maillage.Core.Documents;

/// <summary>What an uploaded file turned out to be.</summary>
public sealed record PdfCheck(bool IsPdf, int? PageCount, string? Error);

/// <summary>
/// Checks that an upload is a PDF (by its header, not its name) and counts its pages: the page objects of the file,
/// including those inside compressed object streams (PDF 1.5+). A count that cannot be read is reported as unknown.
/// </summary>
public static partial class PdfInspector
{
    [GeneratedRegex(@"/Type\s*/Page(?![a-zA-Z])")]
    private static partial Regex PageObject();

    [GeneratedRegex(@"/Type\s*/ObjStm[^>]*?>>\s*stream\r?\n", RegexOptions.Singleline)]
    private static partial Regex ObjectStream();

    public static PdfCheck Inspect(ReadOnlySpan<byte> content)
    {
        if (content.Length < 8)
            return new PdfCheck(false, null, "Le fichier est vide ou trop court pour être un PDF.");
        if (content[..Math.Min(1024, content.Length)].IndexOf("%PDF-"u8) < 0)
            return new PdfCheck(false, null, "Le fichier n'est pas un PDF (en-tête %PDF- absent).");
        if (content[Math.Max(0, content.Length - 2048)..].IndexOf("%%EOF"u8) < 0)
            return new PdfCheck(false, null, "Le PDF est tronqué (marque de fin %%EOF absente).");
        var text = Encoding.Latin1.GetString(content);
        var pages = PageObject().Count(text);
        foreach (Match m in ObjectStream().Matches(text))
        {
            var start = m.Index + m.Length;
            var end = text.IndexOf("endstream", start, StringComparison.Ordinal);
            if (end < 0) continue;
            try
            {
                using var z = new ZLibStream(new MemoryStream(content[start..end].ToArray()), CompressionMode.Decompress);
                using var r = new StreamReader(z, Encoding.Latin1);
                pages += PageObject().Count(r.ReadToEnd());
            }
            catch (InvalidDataException)
            {
                // Not a Flate stream we can read: its pages stay uncounted.
            }
        }
        return new PdfCheck(true, pages > 0 ? pages : null, null);
    }
}
