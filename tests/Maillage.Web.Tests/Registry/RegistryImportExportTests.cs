using Xunit;
using System.Text;
using Maillage.Core.Data;
using Maillage.Core.Features.Registry.Transfer;
using Maillage.Core.Infrastructure.Tabular;
using Maillage.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Web.Tests.Registry;

public sealed class RegistryImportExportTests : IDisposable
{
    private readonly List<string> _folders = [];
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        foreach (var f in _folders)
            try { Directory.Delete(f, true); } catch (IOException) { }
    }

    private string NewFolder()
    {
        var f = Path.Combine(Path.GetTempPath(), $"maillage-io-{Guid.NewGuid():N}");
        Directory.CreateDirectory(f);
        _folders.Add(f);
        return f;
    }

    private static async Task<TempDb> SeededAsync()
    {
        var t = await TempDb.CreateAsync();
        var r = await RegistryStore.UpsertAsync(t.Db, RegistryTestData.Build(), Ct);
        Assert.Equal(RegistryTestData.Count(RegistryTestData.Build()), r.Created);
        t.Db.ChangeTracker.Clear();
        return t;
    }

    private async Task<string> ExportAsync(MaillageDbContext db)
    {
        var folder = NewFolder();
        await RegistryExporter.ExportCsvAsync(db, folder, Ct);
        return folder;
    }

    private static SortedDictionary<string, byte[]> Files(string folder) =>
        new(Directory.GetFiles(folder).ToDictionary(f => Path.GetFileName(f), File.ReadAllBytes), StringComparer.Ordinal);

    private static void AssertSameFiles(string expected, string actual)
    {
        var a = Files(expected);
        var b = Files(actual);
        Assert.Equal(a.Keys, b.Keys);
        foreach (var (name, bytes) in a)
            Assert.True(bytes.AsSpan().SequenceEqual(b[name]), $"{name} differs:\n{Encoding.UTF8.GetString(bytes)}\n---\n{Encoding.UTF8.GetString(b[name])}");
    }

    private string Folder(params (string Name, string Content)[] files)
    {
        var folder = NewFolder();
        foreach (var (name, content) in files)
            File.WriteAllBytes(Path.Combine(folder, name), CsvTable.Utf8Bom.GetPreamble().Concat(Encoding.UTF8.GetBytes(Expand(content))).ToArray());
        return folder;
    }

    private static string Expand(string s) => s
        .Replace("{ET2A}", RegistryTestData.Et2A, StringComparison.Ordinal)
        .Replace("{ET2B}", RegistryTestData.Et2B, StringComparison.Ordinal)
        .Replace("{ET971}", RegistryTestData.Et971, StringComparison.Ordinal);

    [Fact]
    public async Task Csv_export_import_export_is_byte_identical()
    {
        await using var source = await SeededAsync();
        var first = await ExportAsync(source.Db);
        Assert.Equal(RegistryFormat.All.Select(s => s.FileName).Order(StringComparer.Ordinal), Files(first).Keys);

        await using var target = await TempDb.CreateAsync();
        var result = await RegistryImporter.ImportAsync(target.Db, first, FakeOrpha.Default, Ct);
        Assert.Empty(result.Errors);
        Assert.True(result.Applied);
        Assert.Equal(RegistryTestData.Count(RegistryTestData.Build()), result.Created);

        await using var fresh = target.NewContext();
        AssertSameFiles(first, await ExportAsync(fresh));

        var centres = Encoding.UTF8.GetString(File.ReadAllBytes(Path.Combine(first, "centres.csv")));
        Assert.StartsWith("\uFEFFid;kind;role;network_id;resource_kind;name;establishment_finess;", centres, StringComparison.Ordinal);
        Assert.Contains("CCMR-0001;competence_centre;;;;Centre de compétence Guadeloupe;", centres, StringComparison.Ordinal);
        Assert.Contains(";CRMR-CARDIOGEN-01|CRMR-CARDIOGEN-02\r\n", centres, StringComparison.Ordinal);
        Assert.Contains("\"Cardiologie pédiatrique\nbâtiment B\"", centres, StringComparison.Ordinal);
        var networks = Encoding.UTF8.GetString(File.ReadAllBytes(Path.Combine(first, "networks.csv")));
        Assert.Contains(";general;both;284|558;ERN GUARD-HEART\r\n", networks, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Zip_and_xlsx_round_trips_are_byte_identical()
    {
        await using var source = await SeededAsync();
        var csv = await ExportAsync(source.Db);

        using var zip1 = new MemoryStream();
        await RegistryExporter.ExportZipAsync(source.Db, zip1, Ct);
        using var xlsx1 = new MemoryStream();
        await RegistryExporter.ExportXlsxAsync(source.Db, xlsx1, Ct);
        var zipPath = Path.Combine(NewFolder(), "registre.zip");
        var xlsxPath = Path.Combine(NewFolder(), "registre.xlsx");
        await File.WriteAllBytesAsync(zipPath, zip1.ToArray(), Ct);
        await File.WriteAllBytesAsync(xlsxPath, xlsx1.ToArray(), Ct);

        await using var fromZip = await TempDb.CreateAsync();
        var r1 = await RegistryImporter.ImportAsync(fromZip.Db, zipPath, FakeOrpha.Default, Ct);
        Assert.Empty(r1.Errors);
        await using var fromXlsx = await TempDb.CreateAsync();
        var r2 = await RegistryImporter.ImportAsync(fromXlsx.Db, xlsxPath, FakeOrpha.Default, Ct);
        Assert.Empty(r2.Errors);
        Assert.Equal(r1.Created, r2.Created);

        await using var zipCtx = fromZip.NewContext();
        using var zip2 = new MemoryStream();
        await RegistryExporter.ExportZipAsync(zipCtx, zip2, Ct);
        Assert.Equal(zip1.ToArray(), zip2.ToArray());

        await using var xlsxCtx = fromXlsx.NewContext();
        using var xlsx2 = new MemoryStream();
        await RegistryExporter.ExportXlsxAsync(xlsxCtx, xlsx2, Ct);
        Assert.Equal(xlsx1.ToArray(), xlsx2.ToArray());
        AssertSameFiles(csv, await ExportAsync(xlsxCtx));

        // The workbook is valid Open XML and holds the same tables as the CSV files.
        xlsx1.Position = 0;
        using (var doc = DocumentFormat.OpenXml.Packaging.SpreadsheetDocument.Open(xlsx1, false))
            Assert.Empty(new DocumentFormat.OpenXml.Validation.OpenXmlValidator().Validate(doc, Ct));
        xlsx1.Position = 0;
        var sheets = XlsxTable.Read(xlsx1);
        Assert.Equal(RegistryFormat.All.Select(s => s.Name), sheets.Select(s => s.Name));
        var people = sheets.Single(s => s.Name == "people");
        Assert.Equal(RegistryFormat.People.Columns, people.Header);
        Assert.Contains(people.Rows, r => r.Cells[3] == "D'Aubigné; \"Jr\"");
    }

    [Fact]
    public async Task Reimporting_the_same_files_changes_nothing()
    {
        await using var t = await SeededAsync();
        var folder = await ExportAsync(t.Db);
        var writesBefore = t.Writes.Entries;
        var auditBefore = await t.Db.AuditEntries.CountAsync(Ct);

        var result = await RegistryImporter.ImportAsync(t.Db, folder, FakeOrpha.Default, Ct);

        Assert.Empty(result.Errors);
        Assert.True(result.Applied);
        Assert.Equal(0, result.Created);
        Assert.Equal(0, result.Updated);
        Assert.Equal(RegistryTestData.Count(RegistryTestData.Build()), result.Unchanged);
        Assert.Equal(writesBefore, t.Writes.Entries);
        Assert.Equal(auditBefore, await t.Db.AuditEntries.CountAsync(Ct));
    }

    [Fact]
    public async Task Upsert_is_keyed_on_ids_not_row_order()
    {
        await using var t = await SeededAsync();
        var folder = await ExportAsync(t.Db);
        // Reverse the data rows of every file (keeping records that span several lines whole).
        var reversed = NewFolder();
        foreach (var (name, bytes) in Files(folder))
        {
            var table = CsvTable.Read(name, bytes);
            File.WriteAllBytes(Path.Combine(reversed, name), CsvTable.ToBytes(table.Header, table.Rows.Reverse().Select(r => (IReadOnlyList<string?>)r.Cells.ToList())));
        }
        Assert.NotEqual(Files(folder)["people.csv"], Files(reversed)["people.csv"]);

        var again = await RegistryImporter.ImportAsync(t.Db, reversed, FakeOrpha.Default, Ct);
        Assert.Empty(again.Errors);
        Assert.Equal((0, 0), (again.Created, again.Updated));

        await using var empty = await TempDb.CreateAsync();
        var fresh = await RegistryImporter.ImportAsync(empty.Db, reversed, FakeOrpha.Default, Ct);
        Assert.Empty(fresh.Errors);
        await using var ctx = empty.NewContext();
        AssertSameFiles(folder, await ExportAsync(ctx));
    }

    [Fact]
    public async Task A_partial_file_updates_only_what_it_names()
    {
        await using var t = await SeededAsync();
        var before = await ExportAsync(t.Db);

        // Only people.csv, only some columns: P-0002's e-mail changes; first name, RPPS... are kept.
        var partial = Folder(("people.csv", "id;last_name;status;email\r\nP-0002;D'Aubigné; \"\"Jr\"\";ph_full_time;jean@example.org\r\n".Replace("D'Aubigné; \"\"Jr\"\"", "\"D'Aubigné; \"\"Jr\"\"\"", StringComparison.Ordinal)));
        var result = await RegistryImporter.ImportAsync(t.Db, partial, FakeOrpha.Default, Ct);

        Assert.Empty(result.Errors);
        Assert.Equal((0, 1, 0), (result.Created, result.Updated, result.Unchanged));
        await using var ctx = t.NewContext();
        var after = await ExportAsync(ctx);
        foreach (var (name, bytes) in Files(before))
        {
            if (name == "people.csv") continue;
            Assert.Equal(bytes, Files(after)[name]);
        }
        var people = Encoding.UTF8.GetString(Files(after)["people.csv"]).Split("\r\n");
        var old = Encoding.UTF8.GetString(Files(before)["people.csv"]).Split("\r\n");
        Assert.Equal(old.Length, people.Length);
        Assert.Equal(1, people.Zip(old).Count(p => p.First != p.Second));
        Assert.Contains(people, l => l.StartsWith("P-0002;Dr;Jean;", StringComparison.Ordinal) && l.EndsWith(";jean@example.org", StringComparison.Ordinal));

        // A partial conventions file replaces the conventions of the association it names, and only those.
        var conv = Folder(("conventions.csv", "association_id;target_kind;target_id;signed_on\nASSO-0002;filiere;CARDIOGEN;2024-03-01\n"));
        var r2 = await RegistryImporter.ImportAsync(ctx, conv, FakeOrpha.Default, Ct);
        Assert.Empty(r2.Errors);
        Assert.Equal((0, 1, 0), (r2.Created, r2.Updated, r2.Unchanged));
        await using var ctx2 = t.NewContext();
        var conventions = await ctx2.AssociationConventions.OrderBy(c => c.AssociationId).ThenBy(c => c.TargetId).Select(c => c.AssociationId + ":" + c.TargetId).ToListAsync(Ct);
        Assert.Equal(["ASSO-0001:CCMR-0001", "ASSO-0001:CRMR-CARDIOGEN-01", "ASSO-0002:CARDIOGEN"], conventions);
    }

    public static TheoryData<string, string, string, int, string, string> Errors() => new()
    {
        // name, file, content, line, column, message fragment
        { "bad FINESS key", "establishments.csv", "finess;level;name;category;departement_code\n" + BadFiness() + ";site;Clinique;private;2B\n", 2, "finess", "clé de contrôle" },
        { "two coordinating sites", "centres.csv", "id;kind;role;network_id;name;establishment_finess\nSITE-0002;reference_site;coordinating;CRMR-CARDIOGEN-01;Cardiologie;{ET971}\n", 2, "role", "site coordonnateur" },
        { "network left without coordinating site", "centres.csv", "id;kind;role;network_id;name;establishment_finess\nSITE-0003;reference_site;constitutive;CRMR-CARDIOGEN-02;Rythmologie;{ET2B}\n", 2, "role", "pas de site coordonnateur" },
        { "unknown ORPHAcode", "networks.csv", "id;name;filiere;field;age_valence;orpha_codes\nCRMR-CARDIOGEN-02;Rythme;CARDIOGEN;general;both;166|123456\n", 2, "orpha_codes", "ORPHAcode 123456 inconnu" },
        { "inactive ORPHAcode", "networks.csv", "id;name;filiere;field;age_valence;orpha_codes\nCRMR-CARDIOGEN-02;Rythme;CARDIOGEN;general;both;166|99999\n", 2, "orpha_codes", "ORPHAcode 99999 inactif" },
        { "bad date", "mandates.csv", "person_id;role;target;from;to\nP-0003;centre_head;SITE-0003;2023-02-30;\n", 2, "from", "Date « 2023-02-30 » invalide" },
        { "French date", "labels.csv", "subject_kind;subject_id;period_id;decision;valid_from\nnetwork;CRMR-CARDIOGEN-02;2023-2028;labelled;01/01/2023\n", 2, "valid_from", "AAAA-MM-JJ" },
        { "unknown enum", "centres.csv", "id;kind;name;establishment_finess\nSITE-0009;centre_expert;Cardiologie;{ET2A}\n", 2, "kind", "Valeur « centre_expert » inconnue" },
        { "CCMR with no attachment", "centres.csv", "id;kind;name;establishment_finess;attachments\nCCMR-0001;competence_centre;Centre de compétence Guadeloupe;{ET971};\n", 2, "attachments", "au moins un réseau" },
        { "unknown reference (platform centre)", "platforms.csv", "id;kind;name;host_finess;centres\nPF-OM-GUADELOUPE;overseas;Plateforme;{ET971};SITE-0002|SITE-9999\n", 2, "centres", "SITE-9999" },
        { "unknown reference (establishment)", "centres.csv", "id;kind;role;network_id;name;establishment_finess\r\nSITE-0001;reference_site;coordinating;CRMR-CARDIOGEN-01;A;{ET2A}\r\nSITE-0004;reference_site;constitutive;CRMR-CARDIOGEN-01;B;2A0000000\r\n", 3, "establishment_finess", "2A0000000" },
        { "unknown predecessor", "centres.csv", "id;kind;name;establishment_finess;predecessor_id;resource_kind\nCRC-0001;resource_centre;CRC;{ET2B};CCMR-9999;mhc\n", 2, "predecessor_id", "CCMR-9999" },
        { "unknown convention target", "conventions.csv", "association_id;target_kind;target_id;signed_on\nASSO-0001;network;CRMR-NOPE;2020-01-01\n", 2, "target_id", "CRMR-NOPE" },
        { "unknown association", "conventions.csv", "association_id;target_kind;target_id;signed_on\nASSO-NOPE;network;CRMR-CARDIOGEN-01;2020-01-01\n", 2, "association_id", "ASSO-NOPE" },
        { "bad number", "establishments.csv", "finess;level;name;category;departement_code;latitude\n{ET2A};site;Hôpital;ch;2A;41°55'\n", 2, "latitude", "invalide" },
        { "bad RPPS key", "people.csv", "id;last_name;status;rpps\nP-0009;Durand;pu_ph;10000000010\n", 2, "rpps", "RPPS" },
        { "duplicate id", "people.csv", "id;last_name;status\nP-0009;Durand;pu_ph\nP-0009;Dupont;pu_ph\n", 3, "id", "en double" },
        { "missing required column", "people.csv", "id;first_name;status\nP-0009;Jean;pu_ph\n", 1, "last_name", "Colonne obligatoire absente" },
        { "missing required value", "people.csv", "id;last_name;status\nP-0009;;pu_ph\n", 2, "last_name", "obligatoire" },
        { "unknown column", "people.csv", "id;last_name;status;prénom\nP-0009;Durand;pu_ph;Jean\n", 1, "prénom", "Colonne inconnue" },
        { "overlapping mandates", "mandates.csv", "person_id;role;target;from\nP-0002;centre_head;SITE-0001;2024-01-01\n", 2, "from", "chevauchent" },
    };

    private static string BadFiness()
    {
        var ok = RegistryTestData.Et2B;
        return ok[..8] + (char)('0' + ((ok[8] - '0' + 1) % 10));
    }

    [Theory]
    [MemberData(nameof(Errors))]
    public async Task Errors_are_located_and_nothing_is_written(string name, string file, string content, int line, string column, string fragment)
    {
        await using var t = await SeededAsync();
        var before = await ExportAsync(t.Db);
        var writes = t.Writes.Entries;

        var result = await RegistryImporter.ImportAsync(t.Db, Folder((file, content)), FakeOrpha.Default, Ct);

        Assert.False(result.Applied, name);
        Assert.Equal((0, 0), (result.Created, result.Updated));
        Assert.Contains(result.Errors, e => e.File == file && e.Line == line && e.Column == column && e.Message.Contains(fragment, StringComparison.Ordinal));
        Assert.Equal(writes, t.Writes.Entries);
        await using var ctx = t.NewContext();
        AssertSameFiles(before, await ExportAsync(ctx));
    }

    [Fact]
    public async Task Errors_in_a_full_export_point_at_the_right_line_of_the_file()
    {
        await using var t = await SeededAsync();
        var folder = await ExportAsync(t.Db);
        // SITE-0003 is on line 8 of centres.csv (SITE-0002's name spans lines 6-7): make it a second coordinating site of network 01.
        var path = Path.Combine(folder, "centres.csv");
        var text = File.ReadAllText(path);
        Assert.Equal("SITE-0003", text.Split('\n')[7][..9]);
        File.WriteAllText(path, text.Replace("SITE-0003;reference_site;coordinating;CRMR-CARDIOGEN-02;", "SITE-0003;reference_site;coordinating;CRMR-CARDIOGEN-01;", StringComparison.Ordinal), CsvTable.Utf8Bom);

        await using var empty = await TempDb.CreateAsync();
        var result = await RegistryImporter.ImportAsync(empty.Db, folder, FakeOrpha.Default, Ct);

        Assert.False(result.Applied);
        Assert.Contains(result.Errors, e => e is { File: "centres.csv", Line: 8, Column: "role" });
        Assert.Equal(0, await empty.Db.Centres.CountAsync(Ct));
        Assert.Equal(0, await empty.Db.Regions.CountAsync(Ct));
        Assert.All(result.Errors, e => Assert.Matches(@"^centres\.csv:\d+: [a-z_]+: .+", e.ToString()));
    }

    [Fact]
    public async Task Xlsx_errors_name_the_sheet_and_row()
    {
        await using var t = await SeededAsync();
        using var ms = new MemoryStream();
        XlsxTable.Write(ms, [TableSheet.FromRows("people", ["id", "last_name", "status", "birth_date"], [["P-0009", "Durand", "pu_ph", "1970-13-01"]])]);
        var path = Path.Combine(NewFolder(), "people.xlsx");
        await File.WriteAllBytesAsync(path, ms.ToArray(), Ct);

        var result = await RegistryImporter.ImportAsync(t.Db, path, FakeOrpha.Default, Ct);

        Assert.False(result.Applied);
        var e = Assert.Single(result.Errors);
        Assert.Equal(("people", 2, "birth_date"), (e.File, e.Line, e.Column));
    }

    [Fact]
    public async Task Demo_data_exports_carry_the_fictitious_notice()
    {
        await using var t = await SeededAsync();
        t.Db.DataSetInfos.Add(new DataSetInfo { Key = DataSetInfo.DemoKey, Value = "true" });
        await t.Db.SaveChangesAsync(Ct);

        var folder = await ExportAsync(t.Db);
        Assert.Contains("Données fictives de démonstration — ne décrivent pas le réseau réel", File.ReadAllText(Path.Combine(folder, "README.txt")), StringComparison.Ordinal);
        foreach (var csv in Directory.GetFiles(folder, "*.csv"))
            Assert.DoesNotContain("fictives", File.ReadAllText(csv), StringComparison.Ordinal);

        using var xlsx = new MemoryStream();
        await RegistryExporter.ExportXlsxAsync(t.Db, xlsx, Ct);
        xlsx.Position = 0;
        var sheets = XlsxTable.Read(xlsx);
        Assert.Equal("LISEZMOI", sheets[0].Name);
        Assert.Contains("Données fictives", sheets[0].Rows[0].Cells[0], StringComparison.Ordinal);

        // The notice does not get in the way of a re-import.
        var result = await RegistryImporter.ImportAsync(t.Db, folder, FakeOrpha.Default, Ct);
        Assert.Empty(result.Errors);
    }
}
