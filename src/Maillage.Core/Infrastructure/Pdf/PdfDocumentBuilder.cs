using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace Maillage.Core.Infrastructure.Pdf;

/// <summary>A column of a <see cref="PdfDocumentBuilder.Table"/>: its header and its share of the text width.</summary>
public sealed record PdfColumn(string Header, double Weight = 1);

/// <summary>
/// The generated documents (letters, decisions, the yearly list) as PDF, laid out with PDFsharp: A4 pages, text measured
/// with the embedded fonts (<see cref="PdfFonts"/>) and wrapped on words, tables whose header row is repeated on every
/// page they run onto, explicit page breaks, and on every page a footer and « Page X sur Y ».
/// <para>Usage: <c>new PdfDocumentBuilder("Décision").Title(…).Paragraph(…).Table(columns, rows).ToBytes()</c>. The builder
/// only records blocks; <see cref="ToBytes"/> lays them out, so it can be called again.</para>
/// </summary>
public sealed class PdfDocumentBuilder
{
    private const double Margin = 56, FooterHeight = 24, CellPadding = 3;
    private const double TitleSize = 15, HeadingSize = 11.5, BodySize = 10, TableSize = 8.5, FooterSize = 8;
    private static readonly XColor HeaderFill = XColor.FromArgb(232, 232, 240);
    private static readonly XPen Rule = new(XColor.FromArgb(150, 150, 160), 0.5);

    private readonly List<Block> _blocks = [];
    private readonly string? _documentTitle;
    private readonly string? _footer;
    private readonly bool _landscape;

    /// <param name="documentTitle">The PDF's title property (shown by readers in their title bar).</param>
    /// <param name="footer">Text at the foot of every page, left of the page number.</param>
    /// <param name="landscape">A4 landscape instead of portrait (wide tables).</param>
    public PdfDocumentBuilder(string? documentTitle = null, string? footer = null, bool landscape = false)
    {
        _documentTitle = documentTitle;
        _footer = footer;
        _landscape = landscape;
    }

    public PdfDocumentBuilder Title(string text) => Add(new TextBlock(Checked(text), TitleSize, true, 4, 8));

    public PdfDocumentBuilder Heading(string text) => Add(new TextBlock(Checked(text), HeadingSize, true, 8, 4));

    public PdfDocumentBuilder Paragraph(string text) => Add(new TextBlock(Checked(text), BodySize, false, 0, 3));

    /// <summary>An empty line.</summary>
    public PdfDocumentBuilder Blank() => Add(new TextBlock("", BodySize, false, 0, 0));

    /// <summary>What follows starts on a new page.</summary>
    public PdfDocumentBuilder PageBreak() => Add(new BreakBlock());

    /// <summary>
    /// A table: column widths in proportion to <see cref="PdfColumn.Weight"/>, cells wrapped in their column, the header
    /// row repeated at the top of each page. A null cell prints empty; a row never splits across pages (a row taller than
    /// a page is cut with « … »).
    /// </summary>
    public PdfDocumentBuilder Table(IReadOnlyList<PdfColumn> columns, IEnumerable<IReadOnlyList<string?>> rows)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(rows);
        if (columns.Count == 0 || columns.Any(c => c.Weight <= 0)) throw new ArgumentException("Au moins une colonne, de largeur positive.", nameof(columns));
        var list = rows.ToList();
        if (list.Any(r => r.Count != columns.Count)) throw new ArgumentException($"Chaque ligne doit avoir {columns.Count} cellules.", nameof(rows));
        return Add(new TableBlock(columns, list));
    }

    private PdfDocumentBuilder Add(Block block)
    {
        _blocks.Add(block);
        return this;
    }

    private static string Checked(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text;
    }

    /// <summary>Lays the blocks out and returns the PDF file.</summary>
    public byte[] ToBytes()
    {
        PdfFonts.EnsureRegistered();
        using var document = new PdfDocument();
        document.Info.Creator = "Maillage";
        if (_documentTitle is not null) document.Info.Title = _documentTitle;
        document.Options.CompressContentStreams = true;
        var fonts = new Fonts();
        using (var layout = new Layout(document, _landscape))
        {
            foreach (var block in _blocks)
            {
                switch (block)
                {
                    case TextBlock t:
                        Write(layout, fonts, t);
                        break;
                    case BreakBlock:
                        layout.NewPage();
                        break;
                    case TableBlock table:
                        WriteTable(layout, fonts, table);
                        break;
                }
            }
        }
        WriteFooters(document, fonts.Footer, _footer);
        using var output = new MemoryStream();
        document.Save(output, closeStream: false);
        return output.ToArray();
    }

    private static void Write(Layout layout, Fonts fonts, TextBlock t)
    {
        var font = fonts.Get(t.Size, t.Bold);
        var lineHeight = font.GetHeight();
        var lines = Wrap(layout.Graphics, t.Text, font, layout.TextWidth);
        layout.Y += layout.AtTop ? 0 : t.Before;
        // A heading keeps its first lines, and two lines of what follows, on its page.
        layout.Ensure(lineHeight * (t.Bold ? lines.Count + 2 : Math.Min(lines.Count, 2)));
        foreach (var line in lines)
        {
            layout.Ensure(lineHeight);
            layout.Graphics.DrawString(line, font, XBrushes.Black, new XPoint(Margin, layout.Y), XStringFormats.TopLeft);
            layout.Y += lineHeight;
        }
        layout.Y += t.After;
    }

    private static void WriteTable(Layout layout, Fonts fonts, TableBlock table)
    {
        var body = fonts.Get(TableSize, false);
        var bold = fonts.Get(TableSize, true);
        var lineHeight = body.GetHeight();
        var total = table.Columns.Sum(c => c.Weight);
        var widths = table.Columns.Select(c => layout.TextWidth * c.Weight / total).ToArray();
        var header = Cells(layout.Graphics, table.Columns.Select(c => (string?)c.Header).ToList(), bold, widths, int.MaxValue);
        var headerHeight = RowHeight(header, lineHeight);
        // Lines of one row that fit on a page under the header.
        var maxLines = Math.Max(1, (int)((layout.ContentHeight - headerHeight - 2 * CellPadding) / lineHeight));
        var first = true;
        foreach (var row in table.Rows)
        {
            var cells = Cells(layout.Graphics, row, body, widths, maxLines);
            var height = RowHeight(cells, lineHeight);
            if (first || !layout.Fits(height))
            {
                if (!layout.Fits(headerHeight + height) && !layout.AtTop) layout.NewPage();
                DrawRow(layout, header, bold, widths, headerHeight, lineHeight, HeaderFill);
                first = false;
            }
            DrawRow(layout, cells, body, widths, height, lineHeight, null);
        }
        if (first) DrawRow(layout, header, bold, widths, headerHeight, lineHeight, HeaderFill);
        layout.Y += 6;
    }

    private static List<List<string>> Cells(XGraphics g, IReadOnlyList<string?> row, XFont font, double[] widths, int maxLines)
    {
        var cells = new List<List<string>>(row.Count);
        for (var i = 0; i < row.Count; i++)
        {
            var lines = Wrap(g, row[i] ?? "", font, widths[i] - 2 * CellPadding);
            if (lines.Count > maxLines)
            {
                lines = lines.Take(maxLines).ToList();
                lines[^1] += " …";
            }
            cells.Add(lines);
        }
        return cells;
    }

    private static double RowHeight(List<List<string>> cells, double lineHeight) => cells.Max(c => c.Count) * lineHeight + 2 * CellPadding;

    private static void DrawRow(Layout layout, List<List<string>> cells, XFont font, double[] widths, double height, double lineHeight, XColor? fill)
    {
        var g = layout.Graphics;
        var x = Margin;
        for (var i = 0; i < cells.Count; i++)
        {
            var box = new XRect(x, layout.Y, widths[i], height);
            if (fill is { } f) g.DrawRectangle(Rule, new XSolidBrush(f), box);
            else g.DrawRectangle(Rule, box);
            var y = layout.Y + CellPadding;
            foreach (var line in cells[i])
            {
                g.DrawString(line, font, XBrushes.Black, new XPoint(x + CellPadding, y), XStringFormats.TopLeft);
                y += lineHeight;
            }
            x += widths[i];
        }
        layout.Y += height;
    }

    private static void WriteFooters(PdfDocument document, XFont font, string? footer)
    {
        var count = document.PageCount;
        for (var i = 0; i < count; i++)
        {
            var page = document.Pages[i];
            using var g = XGraphics.FromPdfPage(page, XGraphicsPdfPageOptions.Append);
            var y = page.Height.Point - Margin / 2 - FooterSize;
            var number = $"Page {i + 1} sur {count}";
            var numberWidth = g.MeasureString(number, font).Width;
            var right = page.Width.Point - Margin;
            if (!string.IsNullOrEmpty(footer))
            {
                // One line: cut the footer text if it would run into the page number.
                var text = Wrap(g, footer, font, right - Margin - numberWidth - 12)[0];
                g.DrawString(text, font, XBrushes.DimGray, new XPoint(Margin, y), XStringFormats.TopLeft);
            }
            g.DrawString(number, font, XBrushes.DimGray, new XPoint(right - numberWidth, y), XStringFormats.TopLeft);
        }
    }

    /// <summary>
    /// Wraps <paramref name="text"/> to <paramref name="width"/>: on spaces, keeping explicit line breaks, and within a word
    /// longer than a line. PDFsharp measures without kerning, so a line's width is the sum of its parts' widths: each word
    /// is measured once (linear in the text's length).
    /// </summary>
    internal static List<string> Wrap(XGraphics g, string text, XFont font, double width)
    {
        var lines = new List<string>();
        var space = g.MeasureString(" ", font).Width;
        foreach (var paragraph in text.Replace("\r", "", StringComparison.Ordinal).Split('\n'))
        {
            var line = new System.Text.StringBuilder();
            double used = 0;
            foreach (var word in paragraph.Split(' '))
            {
                var w = g.MeasureString(word, font).Width;
                if (line.Length > 0 && used + space + w <= width)
                {
                    line.Append(' ').Append(word);
                    used += space + w;
                    continue;
                }
                if (line.Length > 0)
                {
                    lines.Add(line.ToString());
                    line.Clear();
                    used = 0;
                }
                if (w <= width)
                {
                    line.Append(word);
                    used = w;
                    continue;
                }
                // A word wider than the line: cut it where it overflows.
                foreach (var ch in word)
                {
                    var c = g.MeasureString(ch.ToString(), font).Width;
                    if (line.Length > 0 && used + c > width)
                    {
                        lines.Add(line.ToString());
                        line.Clear();
                        used = 0;
                    }
                    line.Append(ch);
                    used += c;
                }
            }
            lines.Add(line.ToString());
        }
        return lines;
    }

    private abstract record Block;

    private sealed record TextBlock(string Text, double Size, bool Bold, double Before, double After) : Block;

    private sealed record BreakBlock : Block;

    private sealed record TableBlock(IReadOnlyList<PdfColumn> Columns, List<IReadOnlyList<string?>> Rows) : Block;

    private sealed class Fonts
    {
        private readonly Dictionary<(double, bool), XFont> _fonts = [];

        public XFont Footer => Get(FooterSize, false);

        public XFont Get(double size, bool bold)
        {
            if (!_fonts.TryGetValue((size, bold), out var font))
                _fonts[(size, bold)] = font = new XFont(PdfFonts.Family, size, bold ? XFontStyleEx.Bold : XFontStyleEx.Regular,
                    new XPdfFontOptions(PdfFontEncoding.Unicode));
            return font;
        }
    }

    /// <summary>The page being filled: its graphics and the current vertical position (top-down, in points).</summary>
    private sealed class Layout : IDisposable
    {
        private readonly PdfDocument _document;
        private readonly bool _landscape;
        private XGraphics? _graphics;
        private double _height;

        public Layout(PdfDocument document, bool landscape)
        {
            _document = document;
            _landscape = landscape;
            NewPage();
        }

        public XGraphics Graphics => _graphics!;
        public double Y { get; set; }
        public double TextWidth { get; private set; }
        public double ContentHeight => Bottom - Margin;
        public bool AtTop => Y <= Margin;
        private double Bottom => _height - Margin - FooterHeight;

        public bool Fits(double height) => Y + height <= Bottom;

        /// <summary>Starts a new page unless <paramref name="height"/> fits here (or the page is still empty).</summary>
        public void Ensure(double height)
        {
            if (!Fits(height) && !AtTop) NewPage();
        }

        public void NewPage()
        {
            _graphics?.Dispose();
            var page = _document.AddPage();
            // A4 in points; set as width × height (not through Orientation, which rotates the page when displayed).
            page.Width = XUnit.FromPoint(_landscape ? 841.89 : 595.28);
            page.Height = XUnit.FromPoint(_landscape ? 595.28 : 841.89);
            _height = page.Height.Point;
            TextWidth = page.Width.Point - 2 * Margin;
            _graphics = XGraphics.FromPdfPage(page);
            Y = Margin;
        }

        public void Dispose() => _graphics?.Dispose();
    }
}
