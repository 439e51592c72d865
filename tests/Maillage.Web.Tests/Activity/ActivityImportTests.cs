using System.IO.Compression;
using System.Text;
using Maillage.Core.Data;
using Maillage.Core.Features.Activity;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain.Activity;
using Maillage.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Maillage.Web.Tests.Activity;

/// <summary>Import of activity extracts into each database: idempotence, reject-rate cut-off, atomic replacement.</summary>
public sealed class ActivityImportTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("maillage-activity-");

    public void Dispose() => _dir.Delete(recursive: true);

    private sealed record Site(string Id, string Finess);

    private static async Task<(Site A, Site B, Site C, int Orpha)> RegistryAsync(MaillageDbContext db, CancellationToken ct)
    {
        var sites = await db.Centres.AsNoTracking().Where(c => c.ClosedOn == null).OrderBy(c => c.Id).Take(3)
            .Select(c => new Site(c.Id, c.EstablishmentFiness)).ToListAsync(ct);
        var orpha = await db.OrphaDiseases.AsNoTracking().Where(d => d.Status == "Active").OrderBy(d => d.Code).Select(d => d.Code).FirstAsync(ct);
        return (sites[0], sites[1], sites[2], orpha);
    }

    private static string Row(string patient, Site site, string date, string context = "CS", string stay = "", string orpha = "", string residence = "75", string oos = "0") =>
        $"{patient};{site.Finess};{site.Id};{date};{context};{stay};{orpha};confirme;1980;F;{residence};{oos}";

    private string Write(string name, IEnumerable<string> rows, bool gzip = false)
    {
        var path = Path.Combine(_dir.FullName, name);
        var text = ActivityExtract.Header + "\n" + string.Join("\n", rows) + "\n";
        if (gzip)
        {
            using var gz = new GZipStream(File.Create(path), CompressionLevel.Fastest);
            gz.Write(Encoding.UTF8.GetBytes(text));
        }
        else File.WriteAllText(path, text);
        return path;
    }

    private static async Task<List<ActivityIndicators>> StateAsync(MaillageFactory app, int year, CancellationToken ct)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MaillageDbContext>();
        return await ActivityStore.IndicatorsAsync(db, year, ct);
    }

    /// <summary>The imports made here (the demo's first start imported its own extract: docs/demo-data.md).</summary>
    private static async Task<long> ImportCountAsync(MaillageFactory app, CancellationToken ct)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<MaillageDbContext>().ActivityImports.Where(i => i.FileName != Maillage.Core.Demo.DemoActivity.FileName).LongCountAsync(ct);
    }

    private static async Task<ActivityImportResult> ImportAsync(MaillageFactory app, string path, ActivityImportOptions? options, CancellationToken ct)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MaillageDbContext>();
        return await ActivityImporter.ImportAsync(db, Caller.Operator, path, options ?? new ActivityImportOptions { ImportedBy = "test" }, ct);
    }

    private const string P1 = "aaaaaaaaaaaaaaaa0001";
    private const string P2 = "bbbbbbbbbbbbbbbb0002";
    private const string P3 = "cccccccccccccccc0003";

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Importing_the_same_file_twice_leaves_the_same_state(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = new MaillageFactory(provider);
        Site a, b;
        int orpha;
        using (var scope = app.Services.CreateScope())
            (a, b, _, orpha) = await RegistryAsync(scope.ServiceProvider.GetRequiredService<MaillageDbContext>(), ct);
        var path = Write("extract.csv.gz", [
            Row(P1, a, "2024-01-05", orpha: orpha.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            Row(P1, a, "2024-02-05", "HC", stay: "S1"), Row(P1, a, "2024-02-06", "HC", stay: "S1"),
            Row(P2, a, "2024-03-05", "HDJ", residence: "99"), Row(P3, b, "2024-03-05", "TLC"), Row(P3, b, "2023-12-30"),
            Row(P2, b, "2024-04-01", oos: "1"),
        ], gzip: true);

        var first = await ImportAsync(app, path, null, ct);
        var state1 = await StateAsync(app, 2024, ct);
        var second = await ImportAsync(app, path, null, ct);
        var state2 = await StateAsync(app, 2024, ct);

        Assert.Equal(ActivityImportOutcome.Applied, first.Outcome);
        Assert.Equal(ActivityImportOutcome.Applied, second.Outcome);
        Assert.Equal(first.Sha256, second.Sha256);
        Assert.Equal(state1, state2);
        Assert.Equal(2, state1.Count);
        var sa = state1.Single(i => i.CentreId == a.Id);
        Assert.Equal((2, 1, 1, 1, 1), (sa.ActivePatients, sa.Consultations, sa.DayHospitalStays, sa.FullHospitalStays, sa.ResidentAbroad));
        Assert.Equal(1, state1.Single(i => i.CentreId == b.Id).OutOfScopeActs);
        Assert.Single(await StateAsync(app, 2023, ct));
        Assert.Equal(2, await ImportCountAsync(app, ct));

        using var scope2 = app.Services.CreateScope();
        var log = await scope2.ServiceProvider.GetRequiredService<MaillageDbContext>().ActivityImports.AsNoTracking().Where(x => x.FileName != Maillage.Core.Demo.DemoActivity.FileName).OrderBy(x => x.Id).FirstAsync(ct);
        Assert.Equal(("extract.csv.gz", 7L, 0L, "2023,2024", "test"), (log.FileName, log.Rows, log.RejectedRows, log.Years, log.ImportedBy));
        Assert.Equal(64, log.Sha256.Length);
    }

    /// <summary>
    /// <c>maillage activity import</c> runs on a plain ADO.NET connection, without an EF context (its start-up, ADR 0012):
    /// the same file gives the same stored indicators, residences and import log as the import through the context, and a
    /// refused file writes nothing, on both databases.
    /// </summary>
    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task The_cli_import_on_a_plain_connection_stores_what_the_context_import_stores(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = new MaillageFactory(provider);
        Site a, b;
        int orpha;
        using (var scope = app.Services.CreateScope())
            (a, b, _, orpha) = await RegistryAsync(scope.ServiceProvider.GetRequiredService<MaillageDbContext>(), ct);
        var rows = new List<string>
        {
            Row(P1, a, "2021-01-05", orpha: orpha.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            Row(P1, a, "2021-02-05", "HC", stay: "S1"), Row(P1, a, "2021-02-06", "HC", stay: "S1"),
            Row(P2, a, "2021-03-05", "HDJ", residence: "99"), Row(P3, b, "2021-03-05", "TLC", residence: "13"), Row(P2, b, "2021-04-01", oos: "1"),
        };
        for (var i = 0; i < 40; i++) rows.Add(Row($"dddddddddddddddd{i:D4}", b, "2021-05-01", residence: (21 + i).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var path = Write("cli.csv", rows);

        var viaContext = await ImportAsync(app, path, null, ct);
        Assert.Equal(ActivityImportOutcome.Applied, viaContext.Outcome);
        var (expected, expectedResidences) = await StoredAsync(app, 2021, ct);

        var (code, output, errors) = await CliRunner.RunAsync(app, "activity", "import", path);
        Assert.True(code == 0, errors + output);
        Assert.Contains("Import n°", output, StringComparison.Ordinal);
        var (actual, actualResidences) = await StoredAsync(app, 2021, ct);
        Assert.Equal(expected, actual);
        Assert.Equal(expectedResidences, actualResidences);
        Assert.True(actualResidences.Count >= 43, $"{actualResidences.Count} residence rows"); // 75, 99, 13 and départements 21 to 60: not a vacuous comparison
        Assert.Equal(2, await ImportCountAsync(app, ct));
        using (var scope = app.Services.CreateScope())
        {
            var log = await scope.ServiceProvider.GetRequiredService<MaillageDbContext>().ActivityImports.AsNoTracking()
                .Where(x => x.FileName == "cli.csv").OrderBy(x => x.Id).ToListAsync(ct);
            Assert.Equal(2, log.Count);
            Assert.Equal((log[0].Sha256, log[0].Rows, log[0].IndicatorRows), (log[1].Sha256, log[1].Rows, log[1].IndicatorRows));
            Assert.StartsWith("cli:", log[1].ImportedBy, StringComparison.Ordinal);
        }

        // A file above the reject rate: refused by the CLI (exit 1), nothing written.
        var bad = Write("cli-bad.csv", [Row(P1, a, "2021-13-01"), Row(P2, b, "2021-01-02")]);
        var (refused, _, refusal) = await CliRunner.RunAsync(app, "activity", "import", bad);
        Assert.Equal(1, refused);
        Assert.Contains("rien n'a été écrit", refusal, StringComparison.Ordinal);
        var (afterRefusal, residencesAfterRefusal) = await StoredAsync(app, 2021, ct);
        Assert.Equal(actual, afterRefusal);
        Assert.Equal(actualResidences, residencesAfterRefusal);
        Assert.Equal(2, await ImportCountAsync(app, ct));
    }

    /// <summary>
    /// With stored annual reports in the file's year, the CLI re-evaluates their compliance verdicts in plain SQL (no EF
    /// context, ADR 0012) and must store what the context's import stores: the same verdicts, findings and count of
    /// reports changed, the reports' versions untouched.
    /// </summary>
    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task The_cli_import_refreshes_the_stored_verdicts_as_the_context_import_does(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = new MaillageFactory(provider);
        const int year = Maillage.Core.Demo.DemoReports.Year;
        List<Site> sites;
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MaillageDbContext>();
            var withReports = await db.AnnualReports.AsNoTracking().Where(r => r.Year == year).Select(r => r.CentreId).ToListAsync(ct);
            sites = (await db.Centres.AsNoTracking().Where(c => withReports.Contains(c.Id) && c.ClosedOn == null)
                .Select(c => new Site(c.Id, c.EstablishmentFiness)).ToListAsync(ct)).OrderBy(c => c.Id, StringComparer.Ordinal).Take(24).ToList();
        }
        Assert.True(sites.Count >= 12, $"{sites.Count} sites with a {year} report");
        // File X: measured file actives from 1 to 300 patients (below and above every site's minimum); file Y: 400 everywhere.
        int[] counts = [1, 5, 12, 20, 25, 30, 40, 50, 60, 80, 100, 150, 200, 300];
        string Extract(string name, Func<int, int> patients) => Write(name, sites.SelectMany((site, i) => Enumerable.Range(1, patients(i))
            .Select(k => Row($"{i:x4}{k:x16}", site, $"{year}-03-15"))));
        var x = Extract("x.csv", i => counts[i % counts.Length]);
        var y = Extract("y.csv", _ => 400);

        var viaContext = await ImportAsync(app, x, null, ct);
        Assert.Equal(ActivityImportOutcome.Applied, viaContext.Outcome);
        var expected = await VerdictsAsync(app, year, ct);
        Assert.True(viaContext.VerdictsRefreshed > 0, "the file changes no stored verdict: the comparison would prove nothing");
        Assert.Contains(expected, r => r.Verdict == "non_compliant");
        var reset = await ImportAsync(app, y, null, ct);
        Assert.True(reset.VerdictsRefreshed > 0);
        Assert.NotEqual(expected, await VerdictsAsync(app, year, ct));

        var (code, output, errors) = await CliRunner.RunAsync(app, "activity", "import", x);
        Assert.True(code == 0, errors + output);
        Assert.Contains(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Conformité : {viaContext.VerdictsRefreshed:N0} rapport(s)"), output, StringComparison.Ordinal);
        Assert.Equal(expected, await VerdictsAsync(app, year, ct));

        // The same file again through the CLI: every report was evaluated on these figures, nothing to refresh.
        (code, output, errors) = await CliRunner.RunAsync(app, "activity", "import", x);
        Assert.True(code == 0, errors + output);
        Assert.DoesNotContain("Conformité :", output, StringComparison.Ordinal);
        Assert.Equal(expected, await VerdictsAsync(app, year, ct));
    }

    private static async Task<List<(string CentreId, string? Verdict, string? Findings, int Version)>> VerdictsAsync(MaillageFactory app, int year, CancellationToken ct)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MaillageDbContext>();
        return (await db.AnnualReports.AsNoTracking().Where(r => r.Year == year).Select(r => new { r.CentreId, r.Verdict, r.FindingsJson, r.Version }).ToListAsync(ct))
            .Select(r => (r.CentreId, r.Verdict, r.FindingsJson, r.Version)).OrderBy(r => r.CentreId, StringComparer.Ordinal).ToList();
    }

    private static async Task<(List<ActivityIndicators> Indicators, List<(string, int, string, int)> Residences)> StoredAsync(MaillageFactory app, int year, CancellationToken ct)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MaillageDbContext>();
        var residences = (await db.Set<ActivityResidenceRecord>().AsNoTracking().Where(r => r.Year == year).ToListAsync(ct))
            .Select(r => (r.CentreId, r.Year, r.Residence, r.ActivePatients)).Order().ToList();
        return (await ActivityStore.IndicatorsAsync(db, year, ct), residences);
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Above_the_reject_rate_nothing_is_written(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = new MaillageFactory(provider);
        Site a, b;
        using (var scope = app.Services.CreateScope())
            (a, b, _, _) = await RegistryAsync(scope.ServiceProvider.GetRequiredService<MaillageDbContext>(), ct);
        await ImportAsync(app, Write("good.csv", [Row(P1, a, "2024-01-05")]), null, ct);
        var before = await StateAsync(app, 2024, ct);

        var bad = Write("bad.csv", [Row(P1, a, "2024-01-05"), Row(P2, a, "2024-01-06"), Row(P3, b, "2024-13-01"), Row(P2, b, "2024-01-07", "HC")]);
        var result = await ImportAsync(app, bad, new ActivityImportOptions { MaxRejectRate = 0.25, ImportedBy = "test" }, ct);

        Assert.Equal(ActivityImportOutcome.Refused, result.Outcome);
        Assert.Equal(2, result.Rejected);
        Assert.Equal(before, await StateAsync(app, 2024, ct));
        Assert.Equal(1, await ImportCountAsync(app, ct));
        var rejects = await File.ReadAllTextAsync(result.RejectsFile!, ct);
        Assert.Equal(Path.Combine(_dir.FullName, "bad.rejects.csv"), result.RejectsFile);
        Assert.StartsWith("line;column;reason;message\n4;activity_date;activity_date_invalid;", rejects.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("5;stay_id;stay_id_missing;", rejects, StringComparison.Ordinal);
        foreach (var secret in new[] { P1, P2, P3, a.Id, a.Finess }) Assert.DoesNotContain(secret, rejects, StringComparison.Ordinal);

        // Below the rate, the valid rows are imported and the rejects still reported.
        var applied = await ImportAsync(app, bad, new ActivityImportOptions { MaxRejectRate = 0.5, ImportedBy = "test" }, ct);
        Assert.Equal(ActivityImportOutcome.Applied, applied.Outcome);
        Assert.Equal(2, (await StateAsync(app, 2024, ct)).Single(i => i.CentreId == a.Id).ActivePatients);
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task A_failure_before_commit_leaves_the_previous_state_and_a_replacement_touches_only_the_centres_of_the_file(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = new MaillageFactory(provider);
        Site a, b, c;
        using (var scope = app.Services.CreateScope())
            (a, b, c, _) = await RegistryAsync(scope.ServiceProvider.GetRequiredService<MaillageDbContext>(), ct);
        await ImportAsync(app, Write("v1.csv", [Row(P1, a, "2024-01-05"), Row(P2, b, "2024-01-05"), Row(P3, c, "2024-01-05")]), null, ct);
        var before = await StateAsync(app, 2024, ct);

        var v2 = Write("v2.csv", [Row(P1, a, "2024-01-05"), Row(P2, a, "2024-02-05"), Row(P3, b, "2024-01-05", "RCP_NAT")]);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var killed = new ActivityImportOptions
        {
            ImportedBy = "test",
            // Everything is written in the transaction; the "process" dies before the commit.
            BeforeCommitAsync = async token =>
            {
                await cts.CancelAsync();
                cts.Token.ThrowIfCancellationRequested();
            },
        };
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ImportAsync(app, v2, killed, cts.Token));
        Assert.Equal(before, await StateAsync(app, 2024, ct));
        Assert.Equal(1, await ImportCountAsync(app, ct));

        var applied = await ImportAsync(app, v2, null, ct);
        Assert.Equal(ActivityImportOutcome.Applied, applied.Outcome);
        var after = await StateAsync(app, 2024, ct);
        Assert.Equal(2, after.Single(i => i.CentreId == a.Id).ActivePatients);
        Assert.Equal((0, 1), after.Single(i => i.CentreId == b.Id) is var sb ? (sb.ActivePatients, sb.RcpNational) : default);
        Assert.Equal(before.Single(i => i.CentreId == c.Id), after.Single(i => i.CentreId == c.Id)); // not in v2: kept
    }

    [Fact]
    public async Task A_dry_run_writes_nothing_and_a_bad_header_is_refused()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = new MaillageFactory(DatabaseProvider.Sqlite);
        Site a;
        using (var scope = app.Services.CreateScope())
            (a, _, _, _) = await RegistryAsync(scope.ServiceProvider.GetRequiredService<MaillageDbContext>(), ct);
        var dry = await ImportAsync(app, Write("dry.csv", [Row(P1, a, "2024-01-05")]), new ActivityImportOptions { DryRun = true }, ct);
        Assert.Equal(ActivityImportOutcome.DryRun, dry.Outcome);
        Assert.Single(dry.Indicators);
        Assert.Empty(await StateAsync(app, 2024, ct));

        var path = Path.Combine(_dir.FullName, "header.csv");
        await File.WriteAllTextAsync(path, "patient;centre\n" + Row(P1, a, "2024-01-05") + "\n", ct);
        await Assert.ThrowsAsync<ActivityFormatException>(() => ImportAsync(app, path, null, ct));
        Assert.Equal(0, await ImportCountAsync(app, ct));
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Measured_indicators_and_the_import_log_are_readable_through_the_api_by_the_national_administration(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = new MaillageFactory(provider);
        Site a, b;
        using (var scope = app.Services.CreateScope())
            (a, b, _, _) = await RegistryAsync(scope.ServiceProvider.GetRequiredService<MaillageDbContext>(), ct);
        await ImportAsync(app, Write("api.csv", [Row(P1, a, "2024-01-05"), Row(P2, a, "2024-02-05", "HDJ"), Row(P3, b, "2024-03-05", "TLC")]), null, ct);
        using var anonymous = app.CreateClient();
        // Who else reads what is ActivityMinimisationTests' (docs/security.md, "Health activity").
        using var signedIn = await app.ApiClientAsync(Maillage.Core.Infrastructure.Security.UserRole.NationalAdmin, null);

        using var refused = await anonymous.GetAsync(new Uri(Routes.Api.Activity + "/indicators?year=2024", UriKind.Relative), ct);
        var all = System.Text.Json.Nodes.JsonNode.Parse(await signedIn.GetStringAsync(new Uri(Routes.Api.Activity + "/indicators?year=2024", UriKind.Relative), ct))!.AsArray();
        var one = System.Text.Json.Nodes.JsonNode.Parse(await signedIn.GetStringAsync(new Uri($"{Routes.Api.Activity}/indicators?year=2024&centre_id={a.Id}", UriKind.Relative), ct))!.AsArray();
        var log = System.Text.Json.Nodes.JsonNode.Parse(await signedIn.GetStringAsync(new Uri(Routes.Api.Activity + "/imports", UriKind.Relative), ct))!.AsArray();

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(2, all.Count);
        var centre = Assert.Single(one)!;
        Assert.Equal(2, centre["active_patients"]!.GetValue<int>());
        Assert.Equal(1, centre["consultations"]!.GetValue<int>());
        Assert.Equal(1, centre["day_hospital_stays"]!.GetValue<int>());
        // The log holds this import and the demo's first-start extract (docs/demo-data.md), nothing else.
        Assert.Single(log, e => e!["file_name"]!.GetValue<string>() == Maillage.Core.Demo.DemoActivity.FileName);
        var entry = Assert.Single(log, e => e!["file_name"]!.GetValue<string>() != Maillage.Core.Demo.DemoActivity.FileName)!;
        Assert.Equal("api.csv", entry["file_name"]!.GetValue<string>());
        Assert.Equal(3, entry["rows"]!.GetValue<long>());
        Assert.DoesNotContain(P1, log.ToJsonString(), StringComparison.Ordinal);

        // The centre's page shows the measured activity to signed-in users only.
        var publicPage = await anonymous.GetStringAsync(new Uri($"{Routes.Pages.Centres}/{a.Id}", UriKind.Relative), ct);
        using var session = await app.SignInAsync("admin");
        var privatePage = System.Net.WebUtility.HtmlDecode(await session.GetPageAsync($"{Routes.Pages.Centres}/{a.Id}"));
        Assert.DoesNotContain("titre-activite", publicPage, StringComparison.Ordinal);
        Assert.Contains("Activité mesurée", privatePage, StringComparison.Ordinal);
        Assert.Matches(@"<th scope=""row"">2024</th><td>2</td><td>1</td>\s*<td>1</td>", privatePage);

        // The activity page: import history and the year's indicators, for signed-in users only.
        using (var page = app.PageClient())
        using (var redirect = await page.GetAsync(new Uri(Routes.Pages.Activity, UriKind.Relative), ct))
            Assert.Equal(System.Net.HttpStatusCode.Redirect, redirect.StatusCode);
        var activity = System.Net.WebUtility.HtmlDecode(await session.GetPageAsync(Routes.Pages.Activity + "?annee=2024"));
        Assert.Contains("<td>api.csv</td>", activity, StringComparison.Ordinal);
        Assert.Contains("Indicateurs 2024", activity, StringComparison.Ordinal);
        Assert.Contains($"{Routes.Pages.Centres}/{a.Id}", activity, StringComparison.Ordinal);
        Assert.Contains($"{Routes.Pages.Centres}/{b.Id}", activity, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task The_file_active_by_departement_of_residence_is_stored_replaced_and_mapped(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = new MaillageFactory(provider);
        Site a, b;
        using (var scope = app.Services.CreateScope())
            (a, b, _, _) = await RegistryAsync(scope.ServiceProvider.GetRequiredService<MaillageDbContext>(), ct);
        // P1 moves from 75 to 69 during 2024 (latest act counts); P2 lives in 69, P3 in 13 and is treated at b; a national RCP is not file active.
        await ImportAsync(app, Write("res.csv", [Row(P1, a, "2024-01-05", residence: "75"), Row(P1, a, "2024-06-05", residence: "69"),
            Row(P2, a, "2024-02-05", "HDJ", residence: "69"), Row(P3, b, "2024-03-05", "TLC", residence: "13"),
            Row("dddddddddddddddd0004", a, "2024-03-05", "RCP_NAT", residence: "2A")]), null, ct);
        // Exact small sums for the national administration (others get them withheld: ActivityMinimisationTests).
        using var signedIn = await app.ApiClientAsync(Maillage.Core.Infrastructure.Security.UserRole.NationalAdmin, null);
        var map = System.Text.Json.Nodes.JsonNode.Parse(await signedIn.GetStringAsync(
            new Uri(Routes.Api.Territory + "/map?level=departement&measure=active_patients_by_residence&year=2024", UriKind.Relative), ct))!;
        int Value(string code) => map["areas"]!.AsArray().Single(x => x!["code"]!.GetValue<string>() == code)!["active_patients"]!.GetValue<int>();
        Assert.Equal(2, Value("69"));
        Assert.Equal(1, Value("13"));
        Assert.Equal(0, Value("75"));
        Assert.Equal(0, Value("2A"));
        Assert.Equal(3, map["national_value"]!.GetValue<double>());
        var byRegion = System.Text.Json.Nodes.JsonNode.Parse(await signedIn.GetStringAsync(
            new Uri(Routes.Api.Territory + "/map?measure=active_patients_by_residence&year=2024", UriKind.Relative), ct))!;
        Assert.Equal(2, byRegion["areas"]!.AsArray().Single(x => x!["code"]!.GetValue<string>() == "84")!["active_patients"]!.GetValue<int>());
        using var anonymous = app.CreateClient();
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await anonymous.GetAsync(
            new Uri(Routes.Api.Territory + "/map?measure=active_patients_by_residence", UriKind.Relative), ct)).StatusCode);

        // A new import of a's 2024 activity replaces its residences; b's stay.
        await ImportAsync(app, Write("res2.csv", [Row(P1, a, "2024-09-05", residence: "33")]), null, ct);
        using var scope2 = app.Services.CreateScope();
        var rows = await scope2.ServiceProvider.GetRequiredService<MaillageDbContext>().Set<ActivityResidenceRecord>().AsNoTracking()
            .Where(r => r.Year == 2024).OrderBy(r => r.CentreId).ThenBy(r => r.Residence).Select(r => new { r.CentreId, r.Residence, r.ActivePatients }).ToListAsync(ct);
        Assert.Equal([(a.Id, "33", 1), (b.Id, "13", 1)], rows.Select(r => (r.CentreId, r.Residence, r.ActivePatients)));
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Hundreds_of_residence_rows_are_stored_exactly_across_the_insert_batches(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = new MaillageFactory(provider);
        Site a, b, c;
        using (var scope = app.Services.CreateScope())
            (a, b, c, _) = await RegistryAsync(scope.ServiceProvider.GetRequiredService<MaillageDbContext>(), ct);
        // Every residence code and the unknown one at three centres: 3 × 104 rows, more than one insert batch and a remainder.
        string[] codes = ["", .. ResidenceCodes.Codes];
        var sites = new[] { a, b, c };
        var rows = new List<string>();
        for (var s = 0; s < sites.Length; s++)
            for (var i = 0; i < codes.Length; i++)
                for (var k = 0; k <= i % 3; k++)
                    rows.Add(Row($"{s * 1000 + i * 10 + k + 1:x16}", sites[s], "2024-04-02", residence: codes[i]));
        Assert.True(sites.Length * codes.Length > ActivityStore.ResidenceBatch);
        await ImportAsync(app, Write("residences.csv", rows), null, ct);
        using var scope2 = app.Services.CreateScope();
        var stored = await scope2.ServiceProvider.GetRequiredService<MaillageDbContext>().Set<ActivityResidenceRecord>().AsNoTracking()
            .Where(r => r.Year == 2024).Select(r => new { r.CentreId, r.Residence, r.ActivePatients }).ToListAsync(ct);
        var expected = sites.SelectMany(site => codes.Select((code, i) => (site.Id, code, i % 3 + 1))).Order().ToList();
        Assert.Equal(expected, stored.Select(r => (r.CentreId, r.Residence, r.ActivePatients)).Order().ToList());
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Each_year_of_the_file_is_counted_with_the_campaign_referential_that_covers_it(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = new MaillageFactory(provider);
        Site a;
        using (var scope = app.Services.CreateScope())
            (a, _, _, _) = await RegistryAsync(scope.ServiceProvider.GetRequiredService<MaillageDbContext>(), ct);
        var path = Write("deux-campagnes.csv", [Row(P1, a, "2022-12-30"), Row(P1, a, "2022-12-31", "TLC"), Row(P2, a, "2023-01-01"), Row(P2, a, "2023-01-02", "TLC")]);

        // The shipped referentials (the default): both count TLC as a consultation.
        var shipped = await ImportAsync(app, path, null, ct);
        Assert.Equal(new Dictionary<int, string?> { [2022] = "2017-2022", [2023] = "2023-2028" }, shipped.CampaignByYear);
        Assert.Equal(2, (await StateAsync(app, 2022, ct)).Single().Consultations);

        // A 2017-2022 referential that counts CS only: 2022 follows it, 2023 keeps its own campaign.
        var old = Maillage.Core.Infrastructure.Campaigns.CampaignCatalogue.Shipped.Get("2017-2022");
        var narrowed = old with { Indicators = [.. old.Indicators.Where(i => i.Indicator != "consultations"), new Maillage.Domain.Referential.IndicatorContexts("consultations", "acts", ["CS"])] };
        var campaigns = new ActivityCampaignDefinitions([Maillage.Core.Infrastructure.Campaigns.CampaignCatalogue.Shipped.Get("2023-2028"), narrowed]);
        await ImportAsync(app, path, new ActivityImportOptions { ImportedBy = "test", Campaigns = campaigns }, ct);
        Assert.Equal(1, (await StateAsync(app, 2022, ct)).Single().Consultations);
        Assert.Equal(2, (await StateAsync(app, 2023, ct)).Single().Consultations);
    }
}
