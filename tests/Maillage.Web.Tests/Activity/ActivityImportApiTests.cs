using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Maillage.Core.Data;
using Maillage.Core.Features.Activity;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain.Activity;
using Maillage.Testing;
using Maillage.Core.Features.Activity.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Maillage.Web.Tests.Activity;

/// <summary>
/// The import API end to end on each database: upload (raw body or multipart) → 202 and a job → progress → summary →
/// indicators readable; cancel during the import leaves the previous indicators; a bad file gives its reject summary
/// and rejects file; re-importing the same file changes nothing; bad requests get problem details.
/// </summary>
public sealed class ActivityImportApiTests
{
    private sealed record Site(string Id, string Finess);

    private const string P1 = "aaaaaaaaaaaaaaaa0001";
    private const string P2 = "bbbbbbbbbbbbbbbb0002";
    private const string P3 = "cccccccccccccccc0003";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<(Site A, Site B)> SitesAsync(MaillageFactory app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MaillageDbContext>();
        var sites = await db.Centres.AsNoTracking().Where(c => c.ClosedOn == null).OrderBy(c => c.Id).Take(2)
            .Select(c => new Site(c.Id, c.EstablishmentFiness)).ToListAsync(Ct);
        return (sites[0], sites[1]);
    }

    private static string Row(string patient, Site site, string date, string context = "CS", string stay = "") =>
        $"{patient};{site.Finess};{site.Id};{date};{context};{stay};;confirme;1980;F;75;0";

    private static byte[] Extract(params string[] rows) => Encoding.UTF8.GetBytes(ActivityExtract.Header + "\n" + string.Join("\n", rows) + "\n");

    private static async Task<HttpResponseMessage> PostRawAsync(HttpClient client, byte[] body, string query = "", string type = "text/csv")
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(type);
        return await client.PostAsync(new Uri(Routes.Api.Activity + "/imports" + query, UriKind.Relative), content, Ct);
    }

    private static async Task<JsonNode> JsonAsync(HttpResponseMessage r) => JsonNode.Parse(await r.Content.ReadAsStringAsync(Ct))!;

    /// <summary>Polls the job until it ends; returns every distinct state seen and the final answer.</summary>
    private static async Task<(List<string> States, JsonNode Final)> WaitAsync(HttpClient client, string id)
    {
        var states = new List<string>();
        var deadline = DateTime.UtcNow.AddMinutes(3); // a ceiling, not a timing assertion (a loaded machine)
        while (true)
        {
            using var response = await client.GetAsync(new Uri($"{Routes.Api.Activity}/imports/{id}", UriKind.Relative), Ct);
            var text = await response.Content.ReadAsStringAsync(Ct);
            Assert.True(response.IsSuccessStatusCode, $"GET job {id}: {(int)response.StatusCode} {text}");
            var job = JsonNode.Parse(text)!;
            var state = job["state"]!.GetValue<string>();
            if (states.Count == 0 || states[^1] != state) states.Add(state);
            if (state is "succeeded" or "failed" or "cancelled") return (states, job);
            Assert.True(DateTime.UtcNow < deadline, $"job {id} still {state}");
            await Task.Delay(50, Ct);
        }
    }

    private static async Task<string> IndicatorsAsync(HttpClient client, int year) =>
        await client.GetStringAsync(new Uri($"{Routes.Api.Activity}/indicators?year={year}", UriKind.Relative), Ct);

    /// <summary>The imports made here (the demo's first start imported its own extract: docs/demo-data.md).</summary>
    private static async Task<long> ImportCountAsync(MaillageFactory app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<MaillageDbContext>().ActivityImports.Where(i => i.FileName != Maillage.Core.Demo.DemoActivity.FileName).LongCountAsync(Ct);
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task An_upload_runs_as_a_job_whose_progress_ends_in_readable_indicators_and_reimporting_changes_nothing(DatabaseProvider provider)
    {
        await using var app = new MaillageFactory(provider);
        var (a, b) = await SitesAsync(app);
        using var admin = await app.ApiClientAsync(UserRole.NationalAdmin, null);
        var file = Extract(Row(P1, a, "2024-01-05"), Row(P1, a, "2024-02-05", "HC", "S1"), Row(P1, a, "2024-02-06", "HC", "S1"),
            Row(P2, a, "2024-03-05", "HDJ"), Row(P3, b, "2024-03-05", "TLC"));

        using var started = await PostRawAsync(admin, file, "?file_name=bamara-2024.csv");
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var job = await JsonAsync(started);
        var id = job["id"]!.GetValue<string>();
        Assert.Equal($"{Routes.Api.Activity}/imports/{id}", started.Headers.Location?.OriginalString);
        Assert.Contains(job["state"]!.GetValue<string>(), new[] { "queued", "running", "succeeded" });
        Assert.Equal("bamara-2024.csv", job["file_name"]!.GetValue<string>());

        var (states, done) = await WaitAsync(admin, id);
        Assert.Equal("succeeded", states[^1]);
        Assert.Equal(file.Length, done["bytes_read"]!.GetValue<long>());
        Assert.Equal(file.Length, done["total_bytes"]!.GetValue<long>());
        Assert.Equal(100, done["percent"]!.GetValue<double>());
        Assert.Equal(5, done["rows"]!.GetValue<long>());
        var summary = done["summary"]!;
        Assert.Equal("applied", summary["outcome"]!.GetValue<string>());
        Assert.Equal(0, summary["rejected"]!.GetValue<long>());
        Assert.Equal("2023-2028", summary["campaign_by_year"]!["2024"]!.GetValue<string>());
        var importId = summary["import_id"]!.GetValue<long>();
        Assert.Null(done["rejects_url"]);

        var indicators = JsonNode.Parse(await IndicatorsAsync(admin, 2024))!.AsArray();
        var sa = indicators.Single(i => i!["centre_id"]!.GetValue<string>() == a.Id)!;
        Assert.Equal((2, 1, 1, 1), (sa["active_patients"]!.GetValue<int>(), sa["consultations"]!.GetValue<int>(),
            sa["day_hospital_stays"]!.GetValue<int>(), sa["full_hospital_stays"]!.GetValue<int>()));

        // The applied import is readable by its number too (from the log), by the national administration only.
        var record = JsonNode.Parse(await admin.GetStringAsync(new Uri($"{Routes.Api.Activity}/imports/{importId}", UriKind.Relative), Ct))!;
        Assert.Equal(("succeeded", 5L, "bamara-2024.csv"), (record["state"]!.GetValue<string>(), record["rows"]!.GetValue<long>(), record["file_name"]!.GetValue<string>()));
        using var reader = await app.ApiClientAsync(UserRole.Association, "ASSO-001");
        using (var forbidden = await reader.GetAsync(new Uri($"{Routes.Api.Activity}/imports/{importId}", UriKind.Relative), Ct))
            Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        using (var forbidden = await reader.GetAsync(new Uri($"{Routes.Api.Activity}/imports/{id}", UriKind.Relative), Ct))
            Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);

        // The same file again, this time as a multipart upload: same hash, same indicators.
        var before = await IndicatorsAsync(admin, 2024);
        using var form = new MultipartFormDataContent { { new ByteArrayContent(file), "file", "bamara-2024.csv" } };
        using var again = await admin.PostAsync(new Uri(Routes.Api.Activity + "/imports", UriKind.Relative), form, Ct);
        Assert.True(again.StatusCode == HttpStatusCode.Accepted, $"{(int)again.StatusCode} {await again.Content.ReadAsStringAsync(Ct)}");
        var (_, second) = await WaitAsync(admin, (await JsonAsync(again))["id"]!.GetValue<string>());
        Assert.Equal("succeeded", second["state"]!.GetValue<string>());
        Assert.Equal(summary["sha256"]!.GetValue<string>(), second["summary"]!["sha256"]!.GetValue<string>());
        Assert.Equal(before, await IndicatorsAsync(admin, 2024));
        Assert.Equal(0, await ActivityJobRows.StagedUploadChunksOnceSettledAsync(app, Ct));
        // The job is a row: which node ran it, which attempt, its last heartbeat.
        Assert.False(string.IsNullOrEmpty(done["owner_node"]!.GetValue<string>()));
        Assert.Equal(1, done["attempt"]!.GetValue<int>());
        Assert.NotNull(done["heartbeat_at"]);
        Assert.Null(done["note"]);
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Cancelling_a_running_import_leaves_the_previous_indicators_intact(DatabaseProvider provider)
    {
        await using var app = new MaillageFactory(provider);
        var (a, b) = await SitesAsync(app);
        using var admin = await app.ApiClientAsync(UserRole.NationalAdmin, null);
        using (var first = await PostRawAsync(admin, Extract(Row(P1, a, "2024-01-05"), Row(P2, b, "2024-01-05"))))
            Assert.Equal("succeeded", (await WaitAsync(admin, (await JsonAsync(first))["id"]!.GetValue<string>())).Final["state"]!.GetValue<string>());
        var before = await IndicatorsAsync(admin, 2024);
        var imports = await ImportCountAsync(app);

        // The new figures are written inside the transaction; the job waits there until it is cancelled.
        var jobs = app.Services.GetRequiredService<ActivityImportWorker>();
        var inTransaction = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        jobs.BeforeCommit = async token =>
        {
            inTransaction.TrySetResult();
            await Task.Delay(Timeout.Infinite, token);
        };
        try
        {
            using var started = await PostRawAsync(admin, Extract(Row(P1, a, "2024-01-05"), Row(P2, a, "2024-02-05", "HDJ"), Row(P3, b, "2024-03-05", "RCP_NAT")));
            var id = (await JsonAsync(started))["id"]!.GetValue<string>();
            await inTransaction.Task.WaitAsync(TimeSpan.FromMinutes(3), Ct);
            var running = JsonNode.Parse(await admin.GetStringAsync(new Uri($"{Routes.Api.Activity}/imports/{id}", UriKind.Relative), Ct))!;
            Assert.Equal(("running", "enregistrement", 3L), (running["state"]!.GetValue<string>(), running["stage"]!.GetValue<string>(), running["rows"]!.GetValue<long>()));

            using var cancel = await admin.PostAsync(new Uri($"{Routes.Api.Activity}/imports/{id}/cancel", UriKind.Relative), null, Ct);
            Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
            var (_, final) = await WaitAsync(admin, id);
            Assert.Equal("cancelled", final["state"]!.GetValue<string>());
            Assert.Contains("inchangés", final["error"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.Null(final["summary"]);

            Assert.Equal(before, await IndicatorsAsync(admin, 2024));
            Assert.Equal(imports, await ImportCountAsync(app));
            Assert.Equal(0, await ActivityJobRows.StagedUploadChunksOnceSettledAsync(app, Ct));
            using var late = await admin.PostAsync(new Uri($"{Routes.Api.Activity}/imports/{id}/cancel", UriKind.Relative), null, Ct);
            Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
            Assert.Equal("application/problem+json", late.Content.Headers.ContentType?.MediaType);
        }
        finally
        {
            jobs.BeforeCommit = null;
        }
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task A_bad_file_gives_its_reject_summary_and_rejects_file_and_writes_nothing(DatabaseProvider provider)
    {
        await using var app = new MaillageFactory(provider);
        var (a, b) = await SitesAsync(app);
        using var admin = await app.ApiClientAsync(UserRole.NationalAdmin, null);
        var bad = Extract(Row(P1, a, "2024-01-05"), Row(P2, a, "2024-01-06"), Row(P3, b, "2024-13-01"), Row(P2, b, "2024-01-07", "HC"));

        using var started = await PostRawAsync(admin, bad, "?max_reject_rate=0.25&file_name=mauvais.csv");
        var (_, final) = await WaitAsync(admin, (await JsonAsync(started))["id"]!.GetValue<string>());

        Assert.Equal("failed", final["state"]!.GetValue<string>());
        Assert.Contains("Taux de rejet", final["error"]!.GetValue<string>(), StringComparison.Ordinal);
        var summary = final["summary"]!;
        Assert.Equal(("refused", 4L, 2L, 0.5), (summary["outcome"]!.GetValue<string>(), summary["rows"]!.GetValue<long>(),
            summary["rejected"]!.GetValue<long>(), summary["reject_rate"]!.GetValue<double>()));
        var reasons = summary["rejects_by_reason"]!.AsArray().ToDictionary(r => r!["reason"]!.GetValue<string>(), r => r!["count"]!.GetValue<long>());
        Assert.Equal(new Dictionary<string, long> { ["activity_date_invalid"] = 1, ["stay_id_missing"] = 1 }, reasons);
        Assert.All(summary["rejects_by_reason"]!.AsArray(), r => Assert.False(string.IsNullOrEmpty(r!["message"]!.GetValue<string>())));

        var rejectsUrl = final["rejects_url"]!.GetValue<string>();
        using var rejects = await admin.GetAsync(new Uri(rejectsUrl, UriKind.Relative), Ct);
        Assert.Equal("text/csv", rejects.Content.Headers.ContentType?.MediaType);
        var csv = (await rejects.Content.ReadAsStringAsync(Ct)).ReplaceLineEndings("\n");
        Assert.StartsWith("line;column;reason;message\n4;activity_date;activity_date_invalid;", csv, StringComparison.Ordinal);
        Assert.Contains("\n5;stay_id;stay_id_missing;", csv, StringComparison.Ordinal);
        foreach (var secret in new[] { P1, P2, P3 })
        {
            Assert.DoesNotContain(secret, csv, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, final.ToJsonString(), StringComparison.Ordinal);
        }
        using (var other = await app.ApiClientAsync(UserRole.RegionalAgency, "11"))
        using (var refused = await other.GetAsync(new Uri(rejectsUrl, UriKind.Relative), Ct))
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("[]", (await IndicatorsAsync(admin, 2024)).Trim());
        Assert.Equal(0, await ImportCountAsync(app));

        // Not an extract at all: the job fails with the reason and nothing is written.
        using var header = await PostRawAsync(admin, Encoding.UTF8.GetBytes("patient;centre\n" + Row(P1, a, "2024-01-05") + "\n"));
        var (_, refusedHeader) = await WaitAsync(admin, (await JsonAsync(header))["id"]!.GetValue<string>());
        Assert.Equal("failed", refusedHeader["state"]!.GetValue<string>());
        Assert.Contains("En-tête invalide", refusedHeader["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(0, await ImportCountAsync(app));
    }

    [Fact]
    public async Task Bad_requests_get_problem_details_naming_the_parameter()
    {
        await using var app = new MaillageFactory(DatabaseProvider.Sqlite);
        var (a, _) = await SitesAsync(app);
        using var admin = await app.ApiClientAsync(UserRole.NationalAdmin, null);
        var file = Extract(Row(P1, a, "2024-01-05"));

        async Task Expect(HttpResponseMessage r, HttpStatusCode status, string text)
        {
            using (r)
            {
                Assert.Equal(status, r.StatusCode);
                Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
                Assert.Contains(text, (await JsonAsync(r))["detail"]!.GetValue<string>(), StringComparison.Ordinal);
            }
        }
        await Expect(await PostRawAsync(admin, file, "?max_reject_rate=2"), HttpStatusCode.BadRequest, "max_reject_rate");
        await Expect(await PostRawAsync(admin, file, "?file_name=extrait.txt"), HttpStatusCode.BadRequest, "file_name");
        await Expect(await PostRawAsync(admin, file, "?file_name=extrait.csv", "application/gzip"), HttpStatusCode.BadRequest, ".gz");
        using (var json = await PostRawAsync(admin, file, "", "application/json"))
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, json.StatusCode);
        await Expect(await PostRawAsync(admin, []), HttpStatusCode.BadRequest, "vide");
        using (var form = new MultipartFormDataContent { { new StringContent("x"), "note" } })
            await Expect(await admin.PostAsync(new Uri(Routes.Api.Activity + "/imports", UriKind.Relative), form, Ct), HttpStatusCode.BadRequest, "aucun fichier");
        await Expect(await admin.GetAsync(new Uri(Routes.Api.Activity + "/imports/inconnu", UriKind.Relative), Ct), HttpStatusCode.NotFound, "inconnu");
        await Expect(await admin.PostAsync(new Uri(Routes.Api.Activity + "/imports/inconnu/cancel", UriKind.Relative), null, Ct), HttpStatusCode.NotFound, "inconnu");
        Assert.Equal(0, await ImportCountAsync(app));
    }
}
