using Maillage.Core.Infrastructure.ReferenceData;
using Maillage.Core.Infrastructure.Tabular;
using Microsoft.EntityFrameworkCore;
using Xunit;

using Maillage.Testing;

namespace Maillage.Core.Tests.Infrastructure.ReferenceData;

public sealed class ReferenceDataLoaderTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Loads_regions_departements_erns_and_filieres_idempotently()
    {
        await using var t = await TempSqliteDb.CreateAsync(Ct);

        await ReferenceDataLoader.LoadAsync(t.Db, DataPaths.DataDirectory, Ct);
        await using (var db = t.NewContext())
            await ReferenceDataLoader.LoadAsync(db, DataPaths.DataDirectory, Ct);

        await using var check = t.NewContext();
        Assert.Equal(18, await check.Regions.CountAsync(Ct));
        Assert.Equal(101, await check.Departements.CountAsync(Ct));
        Assert.Equal(24, await check.Erns.CountAsync(Ct));
        Assert.Equal(23, await check.Filieres.CountAsync(Ct));
        Assert.Equal(26, await check.FiliereErns.CountAsync(Ct)); // 23 main + a second ERN for FAI2R, MaRIH and NeuroSphinx
        Assert.Equal(23, await check.FiliereErns.CountAsync(l => l.IsMain, Ct));

        var fai2r = await check.Filieres.Include(f => f.Erns).SingleAsync(f => f.Acronym == "FAI2R", Ct);
        Assert.Equal("Maladies auto-immunes et auto-inflammatoires rares", fai2r.Name);
        Assert.True(fai2r.HostUnverified);
        Assert.Null(fai2r.HostFiness);
        Assert.Contains(fai2r.Erns, l => l.ErnAcronym == "ERN ReCONNET" && l.IsMain);
        Assert.Contains(fai2r.Erns, l => l.ErnAcronym == "ERN RITA" && !l.IsMain);

        var anddi = await check.Filieres.Include(f => f.Erns).SingleAsync(f => f.Acronym == "AnDDI-Rares", Ct);
        Assert.Equal("ERN-ITHACA", Assert.Single(anddi.Erns).ErnAcronym); // "ERN ITHACA" in fsmr_23.csv
        Assert.False((await check.Filieres.SingleAsync(f => f.Acronym == "FILNEMUS", Ct)).HostUnverified);

        var idf = await check.Regions.SingleAsync(r => r.Code == "11", Ct);
        Assert.False(idf.Overseas);
        Assert.True(idf.Population > 12_000_000);
        Assert.Equal("11", (await check.Departements.SingleAsync(d => d.Code == "75", Ct)).RegionCode);
    }

    [Fact]
    public async Task Reload_keeps_registry_edits_of_filiere_hosts()
    {
        await using var t = await TempSqliteDb.CreateAsync(Ct);
        await ReferenceDataLoader.LoadAsync(t.Db, DataPaths.DataDirectory, Ct);
        var f = await t.Db.Filieres.SingleAsync(x => x.Acronym == "ORKID", Ct);
        f.HostUnverified = false;
        f.Website = "https://example.org";
        await t.Db.SaveChangesAsync(Ct);

        await using var db = t.NewContext();
        await ReferenceDataLoader.LoadAsync(db, DataPaths.DataDirectory, Ct);

        await using var check = t.NewContext();
        var after = await check.Filieres.SingleAsync(x => x.Acronym == "ORKID", Ct);
        Assert.False(after.HostUnverified);
        Assert.Equal("https://example.org", after.Website);
    }

    [Fact]
    public void ReadFilieres_returns_hosts_and_cities()
    {
        var rows = ReferenceDataLoader.ReadFilieres(DataPaths.DataDirectory);

        Assert.Equal(23, rows.Count);
        var filnemus = Assert.Single(rows, r => r.Acronym == "FILNEMUS");
        Assert.Equal("AP-HM Hôpital de La Timone", filnemus.HostEstablishment);
        Assert.Equal("Marseille", filnemus.HostCity);
        Assert.Equal("ERN EURO-NMD", filnemus.MainErn);
        Assert.False(filnemus.HostUnverified);
        var marih = Assert.Single(rows, r => r.Acronym == "MaRIH");
        Assert.Equal(["ERN-EuroBloodNet", "ERN RITA"], marih.ErnNames);
        Assert.True(marih.HostUnverified);
    }

    [Fact]
    public void Csv_reader_handles_quotes_delimiters_and_line_breaks()
    {
        var csv = "a,b,c\r\n1,\"x, y\",\"say \"\"hi\"\"\"\n2,\"multi\nline\",\n\n3,,z";
        var table = CsvDocument.Read(new StringReader(csv), "t.csv", ',');

        Assert.Equal(["a", "b", "c"], table.Header);
        Assert.Equal(3, table.Rows.Count);
        Assert.Equal(["1", "x, y", "say \"hi\""], table.Rows[0].Cells);
        Assert.Equal(["2", "multi\nline", ""], table.Rows[1].Cells);
        Assert.Equal(3, table.Rows[1].Line);
        Assert.Equal(6, table.Rows[2].Line);
        var ex = Assert.Throws<InvalidDataException>(() => CsvDocument.Read(new StringReader("a\n\"open"), "bad.csv", ','));
        Assert.Contains("bad.csv, ligne 2", ex.Message, StringComparison.Ordinal);
    }
}
