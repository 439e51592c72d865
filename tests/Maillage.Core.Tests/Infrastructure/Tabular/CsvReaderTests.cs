using System.Text;
using Maillage.Core.Infrastructure.Tabular;
using Xunit;

namespace Maillage.Core.Tests.Infrastructure.Tabular;

/// <summary>The one CSV reader: its bounds and its errors (file, line, field, in French).</summary>
public sealed class CsvReaderTests
{
    private static readonly CsvLimits Small = new(MaxBytes: 200, MaxRows: 3, MaxFields: 3, MaxFieldLength: 5);

    [Fact]
    public void A_field_too_long_is_refused_naming_file_line_and_field()
    {
        var ex = Assert.Throws<CsvFormatException>(() => CsvTable.Read("t.csv", "a;b\n1;123456\n", limits: Small));
        Assert.Equal((2, 2), (ex.Line, ex.Field!.Value));
        Assert.Equal("t.csv, ligne 2, champ 2 : champ de plus de 5 caractères.", ex.Message);
    }

    [Fact]
    public void A_quoted_field_too_long_across_lines_is_refused_on_the_line_it_starts()
    {
        var ex = Assert.Throws<CsvFormatException>(() => CsvTable.Parse("a\n\"1\n2\n3\n4\"\n", limits: Small, fileName: "q.csv"));
        Assert.Equal((2, 1), (ex.Line, ex.Field!.Value));
    }

    [Fact]
    public void Too_many_fields_and_too_many_rows_are_refused()
    {
        var fields = Assert.Throws<CsvFormatException>(() => CsvTable.Read("t.csv", "a;b;c\n1;2;3;4\n", limits: Small));
        Assert.Equal((2, 4), (fields.Line, fields.Field!.Value));
        Assert.Contains("plus de 3 champs", fields.Message, StringComparison.Ordinal);
        var rows = Assert.Throws<CsvFormatException>(() => CsvTable.Read("t.csv", "a\n1\n2\n3\n", limits: Small));
        Assert.Equal(4, rows.Line);
        Assert.Contains("découpez le fichier", rows.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Too_many_bytes_are_refused_before_reading()
    {
        var ex = Assert.Throws<CsvFormatException>(() => CsvTable.Read("gros.csv", new byte[201], limits: Small));
        Assert.StartsWith("gros.csv, ligne 1 : fichier de 201 octets", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Format_errors_name_the_line_and_field()
    {
        var quote = Assert.Throws<CsvFormatException>(() => CsvTable.Read("t.csv", "id;name\n1;\"open\n2;x"));
        Assert.Equal((2, 2), (quote.Line, quote.Field!.Value));
        var utf8 = Assert.Throws<CsvFormatException>(() => CsvTable.Read("t.csv", Encoding.Latin1.GetBytes("a\né")));
        Assert.Contains("UTF-8", utf8.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_named_column_reader_uses_the_same_reader_and_bounds()
    {
        var path = Path.Combine(Path.GetTempPath(), $"maillage-{Guid.NewGuid():N}.csv");
        try
        {
            File.WriteAllText(path, "\uFEFFcode;name\n01;\"Ain; l'\"\"ancien\"\"\"\n\n02;Aisne\n", new UTF8Encoding(false));
            var doc = CsvDocument.Read(path, ';');
            Assert.Equal(["01", "02"], doc.Rows.Select(r => doc.Field(r, doc.Column("code"))));
            Assert.Equal("Ain; l'\"ancien\"", doc.Records().First()["name"]);
            var ex = Assert.Throws<InvalidDataException>(() => CsvDocument.Read(path, ';', Small with { MaxFieldLength = 4 }));
            Assert.StartsWith(Path.GetFileName(path) + ", ligne 2, champ 2", ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
