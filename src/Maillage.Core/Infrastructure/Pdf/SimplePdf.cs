using System.Globalization;
using System.Text;

namespace Maillage.Core.Infrastructure.Pdf;

/// <summary>
/// A small PDF 1.4 writer for generated letters and decisions: A4 pages of text in the standard Helvetica fonts (no font
/// file to embed, nothing to install), WinAnsi encoding so French accents print. Paragraphs wrap; pages break by
/// themselves. Enough for official letters; not a layout engine.
/// </summary>
public sealed class SimplePdf
{
    private const double PageWidth = 595.28, PageHeight = 841.89, Margin = 64, LineHeight = 15;
    private readonly List<(string Text, bool Bold, double Size)> _lines = [];

    public SimplePdf Title(string text) => Add(text, true, 15);

    public SimplePdf Heading(string text) => Add(text, true, 11.5);

    public SimplePdf Paragraph(string text) => Add(text, false, 10.5);

    public SimplePdf Blank()
    {
        _lines.Add(("", false, 10.5));
        return this;
    }

    private SimplePdf Add(string text, bool bold, double size)
    {
        ArgumentNullException.ThrowIfNull(text);
        // Helvetica averages ~0.5 em per character: wrap on words to the text width.
        var maxChars = (int)((PageWidth - 2 * Margin) / (size * 0.5));
        foreach (var para in text.Replace("\r", "", StringComparison.Ordinal).Split('\n'))
        {
            var line = new StringBuilder();
            foreach (var word in para.Split(' '))
            {
                if (line.Length > 0 && line.Length + 1 + word.Length > maxChars)
                {
                    _lines.Add((line.ToString(), bold, size));
                    line.Clear();
                }
                if (line.Length > 0) line.Append(' ');
                line.Append(word);
            }
            _lines.Add((line.ToString(), bold, size));
        }
        return this;
    }

    public byte[] ToBytes()
    {
        var perPage = (int)((PageHeight - 2 * Margin) / LineHeight);
        var pages = _lines.Count == 0 ? [[]] : _lines.Chunk(perPage).Select(c => c.ToList()).ToList();
        var objects = new List<byte[]>();
        // 1 catalog, 2 pages, 3 Helvetica, 4 Helvetica-Bold, 5 info, then per page its content (6 + 2p) and the page (7 + 2p).
        var pageIds = Enumerable.Range(0, pages.Count).Select(i => 7 + 2 * i).ToList();
        objects.Add(Ascii("<< /Type /Catalog /Pages 2 0 R >>"));
        objects.Add(Ascii($"<< /Type /Pages /Kids [{string.Join(' ', pageIds.Select(id => $"{id} 0 R"))}] /Count {pages.Count} >>"));
        objects.Add(Ascii("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"));
        objects.Add(Ascii("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>"));
        objects.Add(Ascii($"<< /Producer (Maillage) /CreationDate (D:{DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture)}Z) >>"));
        for (var p = 0; p < pages.Count; p++)
        {
            var content = new MemoryStream();
            var y = PageHeight - Margin;
            foreach (var (text, bold, size) in pages[p])
            {
                var head = Ascii(string.Create(CultureInfo.InvariantCulture, $"BT /{(bold ? "F2" : "F1")} {size:0.##} Tf {Margin:0.##} {y:0.##} Td ("));
                content.Write(head);
                content.Write(Escape(text));
                content.Write(Ascii(") Tj ET\n"));
                y -= LineHeight;
            }
            var footer = Ascii(string.Create(CultureInfo.InvariantCulture, $"BT /F1 8 Tf {Margin:0.##} 30 Td (Page {p + 1} / {pages.Count}) Tj ET\n"));
            content.Write(footer);
            var bytes = content.ToArray();
            objects.Add([.. Ascii($"<< /Length {bytes.Length} >>\nstream\n"), .. bytes, .. Ascii("\nendstream")]);
            objects.Add(Ascii($"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595.28 841.89] /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents {6 + 2 * p} 0 R >>"));
        }
        var pdf = new MemoryStream();
        pdf.Write(Ascii("%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n"));
        var offsets = new List<long>();
        for (var i = 0; i < objects.Count; i++)
        {
            offsets.Add(pdf.Position);
            pdf.Write(Ascii($"{i + 1} 0 obj\n"));
            pdf.Write(objects[i]);
            pdf.Write(Ascii("\nendobj\n"));
        }
        var xref = pdf.Position;
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"xref\n0 {objects.Count + 1}\n0000000000 65535 f \n");
        foreach (var o in offsets) sb.Append(CultureInfo.InvariantCulture, $"{o:0000000000} 00000 n \n");
        sb.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {objects.Count + 1} /Root 1 0 R /Info 5 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        pdf.Write(Ascii(sb.ToString()));
        return pdf.ToArray();
    }

    private static byte[] Ascii(string s) => Encoding.Latin1.GetBytes(s);

    private static byte[] Escape(string text)
    {
        var bytes = new List<byte>(text.Length);
        foreach (var ch in text)
        {
            var b = WinAnsi(ch);
            if (b is (byte)'(' or (byte)')' or (byte)'\\') bytes.Add((byte)'\\');
            bytes.Add(b);
        }
        return [.. bytes];
    }

    private static byte WinAnsi(char c) => c switch
    {
        '€' => 0x80, '‚' => 0x82, '„' => 0x84, '…' => 0x85, '‘' => 0x91, '’' => 0x92, '“' => 0x93, '”' => 0x94, '–' => 0x96, '—' => 0x97,
        'Œ' => 0x8C, 'œ' => 0x9C, 'Ÿ' => 0x9F, '\u202F' or '\u00A0' => 0x20,
        _ when c < 0x100 && c >= 0x20 => (byte)c,
        _ => (byte)'?',
    };
}
