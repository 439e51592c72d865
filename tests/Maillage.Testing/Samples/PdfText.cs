using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using PdfSharp.Pdf;
using PdfSharp.Pdf.Content;
using PdfSharp.Pdf.Content.Objects;
using PdfSharp.Pdf.IO;

namespace Maillage.Testing;

/// <summary>
/// The text of a PDF, read back the way a reader's "copy text" does: PDFsharp's content reader walks each page's content
/// stream, and the strings of its text operators (Tj, TJ) are mapped to Unicode through the ToUnicode map of the font in
/// use. One string per text operator, joined by line breaks. Enough for the documents we generate, not a general extractor.
/// </summary>
public static partial class PdfText
{
    public static PdfDocument Open(byte[] pdf) => PdfReader.Open(new MemoryStream(pdf), PdfDocumentOpenMode.Import);

    public static IReadOnlyList<string> Pages(byte[] pdf)
    {
        using var document = Open(pdf);
        var pages = new List<string>();
        foreach (var page in document.Pages)
        {
            var maps = new Dictionary<string, Dictionary<int, string>>(StringComparer.Ordinal);
            var fonts = page.Elements.GetDictionary("/Resources")?.Elements.GetDictionary("/Font");
            if (fonts is not null)
                foreach (var name in fonts.Elements.Keys)
                    maps[name] = ToUnicode(fonts.Elements.GetDictionary(name));
            var text = new StringBuilder();
            Dictionary<int, string>? current = null;
            Walk(ContentReader.ReadContent(page), maps, ref current, text);
            pages.Add(text.ToString());
        }
        return pages;
    }

    public static string All(byte[] pdf) => string.Join("\n", Pages(pdf));

    private static void Walk(CSequence sequence, Dictionary<string, Dictionary<int, string>> maps, ref Dictionary<int, string>? current, StringBuilder text)
    {
        foreach (var item in sequence)
        {
            if (item is not COperator op) continue;
            switch (op.OpCode.Name)
            {
                case "Tf" when op.Operands.Count > 0 && op.Operands[0] is CName font:
                    current = maps.GetValueOrDefault(font.Name);
                    break;
                case "Tj" or "'" or "\"" when op.Operands.Count > 0 && op.Operands[^1] is CString s:
                    text.Append(Decode(s, current)).Append('\n');
                    break;
                case "TJ" when op.Operands.Count > 0 && op.Operands[0] is CArray array:
                    foreach (var part in array.OfType<CString>()) text.Append(Decode(part, current));
                    text.Append('\n');
                    break;
            }
        }
    }

    private static string Decode(CString s, Dictionary<int, string>? map)
    {
        // PDFsharp hands strings back as one char per byte; a Unicode (Identity-H) font uses two bytes per glyph.
        var bytes = s.Value.Select(c => (byte)c).ToArray();
        if (map is null) return Encoding.Latin1.GetString(bytes);
        var sb = new StringBuilder();
        for (var i = 0; i + 1 < bytes.Length; i += 2)
            sb.Append(map.TryGetValue((bytes[i] << 8) | bytes[i + 1], out var u) ? u : "\uFFFD");
        return sb.ToString();
    }

    private static Dictionary<int, string> ToUnicode(PdfDictionary? font)
    {
        var map = new Dictionary<int, string>();
        var cmap = font?.Elements.GetDictionary("/ToUnicode")?.Stream;
        if (cmap is null) return map;
        var text = Encoding.Latin1.GetString(cmap.UnfilteredValue);
        foreach (Match block in BfCharBlock().Matches(text))
            foreach (Match m in Pair().Matches(block.Groups[1].Value))
                map[Hex(m.Groups[1].Value)] = Utf16(m.Groups[2].Value);
        foreach (Match block in BfRangeBlock().Matches(text))
            foreach (Match m in Triple().Matches(block.Groups[1].Value))
            {
                var (from, to, first) = (Hex(m.Groups[1].Value), Hex(m.Groups[2].Value), Hex(m.Groups[3].Value));
                for (var g = from; g <= to; g++) map[g] = char.ConvertFromUtf32(first + g - from);
            }
        return map;
    }

    private static int Hex(string s) => int.Parse(s, NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    private static string Utf16(string hex)
    {
        var units = Enumerable.Range(0, hex.Length / 4).Select(i => (char)Hex(hex.Substring(i * 4, 4))).ToArray();
        return new string(units);
    }

    [GeneratedRegex(@"beginbfchar(.*?)endbfchar", RegexOptions.Singleline)]
    private static partial Regex BfCharBlock();

    [GeneratedRegex(@"beginbfrange(.*?)endbfrange", RegexOptions.Singleline)]
    private static partial Regex BfRangeBlock();

    [GeneratedRegex(@"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")]
    private static partial Regex Pair();

    [GeneratedRegex(@"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")]
    private static partial Regex Triple();
}
