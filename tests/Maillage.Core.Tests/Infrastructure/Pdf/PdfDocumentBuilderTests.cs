using Maillage.Core.Infrastructure.Pdf;
using PdfSharp.Pdf;
using PdfSharp.Pdf.IO;
using Maillage.Testing;
using Xunit;

namespace Maillage.Core.Tests.Infrastructure.Pdf;

/// <summary>
/// The generated documents, read back with PDFsharp's reader: real text in embedded subset fonts (accents, « », œ, €),
/// words wrapped by measured width, tables with their header on every page, « Page X sur Y » and the footer on each page.
/// </summary>
public sealed class PdfDocumentBuilderTests
{
    private const string French = "« Œuvre » : l'œuf coûte 1 250 € — À Île-de-France";

    [Fact]
    public void French_text_is_real_text_in_embedded_subset_fonts()
    {
        var pdf = new PdfDocumentBuilder("Décision", "Mission maladies rares").Title(French).Heading("Motifs").Paragraph(French).ToBytes();

        var text = PdfText.All(pdf);
        Assert.Equal(2, Count(text, French));
        Assert.Contains("Motifs", text, StringComparison.Ordinal);
        Assert.Contains("Page 1 sur 1", text, StringComparison.Ordinal);
        Assert.Contains("Mission maladies rares", text, StringComparison.Ordinal);
        using var document = PdfText.Open(pdf);
        Assert.Equal("Décision", document.Info.Title);
        var fonts = document.Pages[0].Elements.GetDictionary("/Resources")!.Elements.GetDictionary("/Font")!;
        Assert.NotEmpty(fonts.Elements.Keys);
        foreach (var key in fonts.Elements.Keys)
        {
            var font = fonts.Elements.GetDictionary(key)!;
            // A Type0 font whose descendant carries the TrueType file: a subset, named ABCDEF+Face.
            var descendant = (font.Elements.GetArray("/DescendantFonts")!.Elements[0] as PdfSharp.Pdf.Advanced.PdfReference)!.Value as PdfDictionary;
            var descriptor = descendant!.Elements.GetDictionary("/FontDescriptor")!;
            Assert.NotNull(descriptor.Elements.GetDictionary("/FontFile2"));
            Assert.Matches("^/[A-Z]{6}\\+DejaVu ?Sans", font.Elements.GetName("/BaseFont"));
        }
    }

    [Fact]
    public void A_long_table_runs_over_pages_with_its_header_on_each_and_every_row_once()
    {
        const int rows = 300;
        var pdf = new PdfDocumentBuilder(footer: "Liste de test")
            .Title("Tableau long")
            .Table([new("Colonne A", 1), new("Colonne B", 3)], Enumerable.Range(1, rows).Select(i => new[] { $"L{i:000}", $"Ligne numéro {i}" }))
            .ToBytes();

        var pages = PdfText.Pages(pdf);
        Assert.Equal(pages.Count, PdfInspector.Inspect(pdf).PageCount);
        Assert.True(pages.Count >= 5, $"{pages.Count} pages");
        for (var p = 0; p < pages.Count; p++)
        {
            Assert.Equal(1, Count(pages[p], "Colonne A"));
            Assert.Contains($"Page {p + 1} sur {pages.Count}", pages[p], StringComparison.Ordinal);
            Assert.Contains("Liste de test", pages[p], StringComparison.Ordinal);
        }
        var all = string.Join("\n", pages);
        for (var i = 1; i <= rows; i++) Assert.Equal(1, Count(all, $"L{i:000}\n"));
        // Every full page holds as many rows as the second one (the first also has the title): the page count is what
        // the rows need, no page is lost or blank.
        var perPage = Rows(pages[1]);
        Assert.True(perPage > 20, $"{perPage} rows on page 2");
        Assert.All(pages.Skip(1).SkipLast(1), page => Assert.Equal(perPage, Rows(page)));
        var onFirst = Rows(pages[0]);
        Assert.Equal(1 + (int)Math.Ceiling((rows - onFirst) / (double)perPage), pages.Count);
    }

    [Fact]
    public void Twice_the_rows_take_about_twice_the_pages()
    {
        static int Pages(int rows) => PdfInspector.Inspect(new PdfDocumentBuilder()
            .Table([new("A"), new("B")], Enumerable.Range(0, rows).Select(i => new[] { $"{i}", "x" })).ToBytes()).PageCount!.Value;
        var (one, two) = (Pages(200), Pages(400));
        Assert.InRange(two, 2 * one - 1, 2 * one);
    }

    [Fact]
    public void Text_wraps_on_measured_width_not_on_a_character_count()
    {
        // The same number of characters: narrow letters fit on fewer lines than wide ones.
        var narrow = string.Join(' ', Enumerable.Repeat("illicite", 60));
        var wide = string.Join(' ', Enumerable.Repeat("MWMWMWMW", 60));
        var narrowLines = PdfText.All(new PdfDocumentBuilder().Paragraph(narrow).ToBytes()).Split('\n').Count(l => l.StartsWith("illicite", StringComparison.Ordinal));
        var wideLines = PdfText.All(new PdfDocumentBuilder().Paragraph(wide).ToBytes()).Split('\n').Count(l => l.StartsWith("MWMW", StringComparison.Ordinal));
        Assert.True(wideLines >= 2 * narrowLines, $"{wideLines} lines of wide letters, {narrowLines} of narrow ones");

        // A word longer than a line is cut, and nothing is lost.
        var word = string.Concat(Enumerable.Repeat("ABCDEFGHIJ", 40));
        var lines = PdfText.All(new PdfDocumentBuilder().Paragraph(word).ToBytes()).Split('\n').Where(l => l.Length > 0 && word.Contains(l, StringComparison.Ordinal)).ToList();
        Assert.True(lines.Count > 1);
        Assert.Equal(word, string.Concat(lines));
    }

    [Fact]
    public void A_page_break_starts_a_new_page_and_an_empty_document_has_one_page()
    {
        var pdf = new PdfDocumentBuilder().Paragraph("Première").PageBreak().Paragraph("Seconde").ToBytes();
        var pages = PdfText.Pages(pdf);
        Assert.Equal(2, pages.Count);
        Assert.Contains("Seconde", pages[1], StringComparison.Ordinal);
        Assert.DoesNotContain("Seconde", pages[0], StringComparison.Ordinal);
        Assert.Equal(1, PdfInspector.Inspect(new PdfDocumentBuilder().ToBytes()).PageCount);
    }

    [Fact]
    public void A_table_row_taller_than_a_page_is_cut_not_lost_in_a_loop()
    {
        var huge = string.Join(' ', Enumerable.Repeat("très long texte de cellule", 2000));
        var pdf = new PdfDocumentBuilder().Table([new("A"), new("B")], [["1", huge], ["2", "court"]]).ToBytes();
        var pages = PdfText.Pages(pdf);
        Assert.Equal(2, pages.Count);
        Assert.Contains("…", pages[0], StringComparison.Ordinal);
        Assert.Contains("court", pages[1], StringComparison.Ordinal);
    }

    private static int Rows(string page) => System.Text.RegularExpressions.Regex.Count(page, "^L[0-9]{3}$", System.Text.RegularExpressions.RegexOptions.Multiline);

    private static int Count(string text, string part)
    {
        var n = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal)) n++;
        return n;
    }
}
