using System.Diagnostics;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Maillage.Core.Infrastructure.Tabular;
using Maillage.Core.Features.Registry.Transfer;
using Maillage.Domain.Registry;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Maillage.Web.Tests.Registry;

public sealed class TabularTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Csv_reader_accepts_lf_crlf_quotes_and_multiline_fields_and_counts_physical_lines()
    {
        var text = "a;b;c\n1;\"x;y\";\"say \"\"hi\"\"\"\r\n\r\n;;\n2;\"line1\nline2\";z\n3;last;row";
        var sheet = CsvTable.Read("t.csv", Encoding.UTF8.GetBytes(text));
        Assert.Equal(["a", "b", "c"], sheet.Header);
        Assert.Equal([2, 5, 7], sheet.Rows.Select(r => r.Line));
        Assert.Equal(["1", "x;y", "say \"hi\""], sheet.Rows[0].Cells);
        Assert.Equal("line1\nline2", sheet.Rows[1][1]);
        Assert.Equal("row", sheet.Rows[2][2]);
    }

    [Fact]
    public void Csv_writer_quotes_only_when_needed_and_reads_back()
    {
        var bytes = CsvTable.ToBytes(["id", "name"], [["1", "plain"], ["2", "a;b"], ["3", "say \"hi\""], ["4", null]]);
        Assert.Equal("\uFEFFid;name\r\n1;plain\r\n2;\"a;b\"\r\n3;\"say \"\"hi\"\"\"\r\n4;\r\n", Encoding.UTF8.GetString(bytes));
        var back = CsvTable.Read("t.csv", bytes);
        Assert.Equal(["1", "2", "3", "4"], back.Rows.Select(r => r[0]));
        Assert.Equal("say \"hi\"", back.Rows[2][1]);
    }

    [Fact]
    public void Csv_reader_rejects_non_utf8_and_unterminated_quotes_with_a_line()
    {
        var latin1 = new byte[] { (byte)'i', (byte)'d', (byte)'\n', (byte)'H', 0xF4, (byte)'p' };
        Assert.Equal(1, Assert.Throws<CsvFormatException>(() => CsvTable.Read("t.csv", latin1)).Line);
        Assert.Equal(2, Assert.Throws<CsvFormatException>(() => CsvTable.Read("t.csv", "id;name\n1;\"open\n2;x")).Line);
    }

    [Fact]
    public void Xlsx_reader_reads_shared_strings_numbers_booleans_and_sparse_cells()
    {
        using var ms = new MemoryStream();
        using (var doc = SpreadsheetDocument.Create(ms, SpreadsheetDocumentType.Workbook))
        {
            var wb = doc.AddWorkbookPart();
            wb.Workbook = new Workbook();
            var sst = wb.AddNewPart<SharedStringTablePart>();
            sst.SharedStringTable = new SharedStringTable(new SharedStringItem(new Text("code")), new SharedStringItem(new Text("name")), new SharedStringItem(new Text("Corse")));
            var ws = wb.AddNewPart<WorksheetPart>();
            ws.Worksheet = new Worksheet(new SheetData(
                new Row(new Cell { CellReference = "A1", DataType = CellValues.SharedString, CellValue = new CellValue("0") },
                        new Cell { CellReference = "B1", DataType = CellValues.SharedString, CellValue = new CellValue("1") }) { RowIndex = 1 },
                new Row(new Cell { CellReference = "A3", CellValue = new CellValue("94") },
                        new Cell { CellReference = "C3", DataType = CellValues.Boolean, CellValue = new CellValue("1") },
                        new Cell { CellReference = "B3", DataType = CellValues.SharedString, CellValue = new CellValue("2") }) { RowIndex = 3 }));
            wb.Workbook.AppendChild(new Sheets(new Sheet { Id = wb.GetIdOfPart(ws), SheetId = 1, Name = "regions" }));
        }
        ms.Position = 0;
        var sheet = Assert.Single(XlsxTable.Read(ms));
        Assert.Equal(["code", "name"], sheet.Header);
        var row = Assert.Single(sheet.Rows);
        Assert.Equal(3, row.Line);
        Assert.Equal(["94", "Corse", "true"], row.Cells);
    }

    [Fact]
    public void Snake_case_names_of_enums()
    {
        Assert.Equal("reference_site", SnakeCase.Of(CentreKind.ReferenceSite));
        Assert.Equal("pu_ph", SnakeCase.Of(HeadStatus.PuPh));
        Assert.Equal("labelled_with_reservations", SnakeCase.Of(LabelDecision.LabelledWithReservations));
        Assert.Equal("cystic_fibrosis", SnakeCase.Of(ThresholdField.CysticFibrosis));
        Assert.True(SnakeCase.TryParse<SiteRole>("Coordinating", out var role) && role == SiteRole.Coordinating);
    }

    [Fact]
    public async Task Store_upserts_thousands_of_rows_and_a_second_pass_writes_nothing()
    {
        await using var t = await TempDb.CreateAsync();
        var data = Large(2000, 2500, 1500);
        var sw = Stopwatch.StartNew();
        var first = await RegistryStore.UpsertAsync(t.Db, data, Ct);
        var firstTime = sw.Elapsed;
        Assert.Equal(RegistryTestData.Count(data), first.Created);
        t.Db.ChangeTracker.Clear();
        var writes = t.Writes.Entries;

        sw.Restart();
        var second = await RegistryStore.UpsertAsync(t.Db, Large(2000, 2500, 1500), Ct);
        var secondTime = sw.Elapsed;
        Assert.Equal((0, 0, RegistryTestData.Count(data)), (second.Created, second.Updated, second.Unchanged));
        Assert.Equal(writes, t.Writes.Entries);
        // Times are reported, not asserted: the machine is shared (speed belongs to bench/, not to unit tests).
        TestContext.Current.TestOutputHelper?.WriteLine($"{RegistryTestData.Count(data)} rows: first {firstTime}, second {secondTime}");

        // One changed attachment list: one update, only that centre's rows written.
        t.Db.ChangeTracker.Clear();
        var changed = Large(2000, 2500, 1500);
        var ccmr = changed.Centres.First(c => c.Kind == CentreKind.CompetenceCentre);
        ccmr.Attachments = [new CentreAttachment { CentreId = ccmr.Id, NetworkId = "NET-0007" }];
        var third = await RegistryStore.UpsertAsync(t.Db, changed, Ct);
        Assert.Equal((0, 1), (third.Created, third.Updated));
        Assert.Equal(["NET-0007"], await t.Db.CentreAttachments.Where(a => a.CentreId == ccmr.Id).Select(a => a.NetworkId).ToListAsync(Ct));
    }

    private static RegistryData Large(int establishments, int centres, int people)
    {
        var ests = Enumerable.Range(1, establishments).Select(i => new Establishment
        {
            Finess = Finess.Create("2A", i).Value, Level = EstablishmentLevel.Site, Name = $"Établissement {i}", Category = EstablishmentCategory.Ch,
            DepartementCode = "2A", Latitude = 41 + i / 10000.0, Longitude = 8.7,
        }).ToList();
        var networks = Enumerable.Range(1, 10).Select(i => new Network
        {
            Id = $"NET-{i:D4}", Name = $"Réseau {i}", FiliereAcronym = "F1",
            Perimeter = [new NetworkDisease { NetworkId = $"NET-{i:D4}", OrphaCode = 558 }],
        }).ToList();
        return new RegistryData
        {
            Regions = [new Region { Code = "94", Name = "Corse" }],
            Departements = [new Departement { Code = "2A", Name = "Corse-du-Sud", RegionCode = "94" }],
            Establishments = ests,
            Filieres = [new Filiere { Acronym = "F1", Name = "Filière 1" }],
            Networks = networks,
            Centres = Enumerable.Range(1, centres).Select(i => new Centre
            {
                Id = $"C-{i:D5}", Kind = CentreKind.CompetenceCentre, Name = $"Centre {i}", EstablishmentFiness = ests[i % ests.Count].Finess,
                Attachments = [new CentreAttachment { CentreId = $"C-{i:D5}", NetworkId = networks[i % 10].Id }],
            }).ToList(),
            People = Enumerable.Range(1, people).Select(i => new Person
            {
                Id = $"P-{i:D5}", FirstName = "Prénom", LastName = $"Nom {i}", Rpps = Rpps.Create(2000000000L + i).Value, Status = HeadStatus.PuPh,
            }).ToList(),
            Mandates = Enumerable.Range(1, Math.Min(people, centres)).Select(i => new Mandate
            {
                PersonId = $"P-{i:D5}", Role = MandateRole.CentreHead, CentreId = $"C-{i:D5}", From = new DateOnly(2023, 1, 1),
            }).ToList(),
        };
    }
}
