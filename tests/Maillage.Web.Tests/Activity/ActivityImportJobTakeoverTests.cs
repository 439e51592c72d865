using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Maillage.Core.Data;
using Maillage.Core.Features.Activity.Jobs;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain.Activity;
using Maillage.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace Maillage.Web.Tests.Activity;

/// <summary>
/// Import jobs are rows that any node's worker runs (docs/operations.md, "Tâches d'import"). Two or three workers with
/// their own node ids share one app's database here; the app's own worker is off so that the test decides who runs.
/// A node "dies" by being held in the middle of a run with a short lease and no heartbeat.
/// </summary>
public sealed class ActivityImportJobTakeoverTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly Dictionary<string, string> NoWorker = new() { ["Maillage:Activity:Jobs:RunWorker"] = "false" };

    private static async Task<(string Id, string Finess)[]> SitesAsync(MaillageFactory app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MaillageDbContext>();
        return (await db.Centres.AsNoTracking().Where(c => c.ClosedOn == null).OrderBy(c => c.Id).Take(2).Select(c => new { c.Id, c.EstablishmentFiness }).ToListAsync(Ct))
            .Select(c => (c.Id, c.EstablishmentFiness)).ToArray();
    }

    private static byte[] Extract((string Id, string Finess)[] sites) => Encoding.UTF8.GetBytes(ActivityExtract.Header + "\n"
        + $"aaaaaaaaaaaaaaaa0001;{sites[0].Finess};{sites[0].Id};2024-01-05;CS;;;confirme;1980;F;75;0\n"
        + $"bbbbbbbbbbbbbbbb0002;{sites[0].Finess};{sites[0].Id};2024-02-05;HDJ;;;confirme;1980;F;75;0\n"
        + $"cccccccccccccccc0003;{sites[1].Finess};{sites[1].Id};2024-03-05;CS;;;confirme;1980;F;75;0\n");

    private static async Task<string> EnqueueAsync(MaillageFactory app, HttpClient admin)
    {
        var content = new ByteArrayContent(Extract(await SitesAsync(app)));
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        using var r = await admin.PostAsync(new Uri("/api/v1/activity/imports?file_name=reprise.csv", UriKind.Relative), content, Ct);
        Assert.Equal(HttpStatusCode.Accepted, r.StatusCode);
        return JsonNode.Parse(await r.Content.ReadAsStringAsync(Ct))!["id"]!.GetValue<string>();
    }

    /// <summary>A worker of its own node. A "dying" node has a 1 s lease and never beats.</summary>
    private static ActivityImportWorker Worker(MaillageFactory app, string node, bool dying, int maxAttempts = 2) => new(
        app.Services.GetRequiredService<IServiceScopeFactory>(),
        new ActivityJobOptions { NodeId = node, LeaseSeconds = dying ? 1 : 30, HeartbeatSeconds = dying ? 3600 : 5, PollSeconds = 0.1, MaxAttempts = maxAttempts },
        new ActivityJobSignal(), TimeProvider.System, NullLogger<ActivityImportWorker>.Instance);

    /// <summary>Claims as soon as the worker may (the previous owner's lease must lapse first); fails after a generous wait.</summary>
    private static async Task RunWhenClaimableAsync(ActivityImportWorker worker, CancellationToken stopping)
    {
        var deadline = DateTime.UtcNow.AddMinutes(3); // a ceiling, not a timing assertion (a loaded machine)
        while (!await worker.RunOnceAsync(stopping))
        {
            Assert.True(DateTime.UtcNow < deadline, $"{worker.Options.NodeId} never got the job");
            await Task.Delay(100, Ct);
        }
    }

    /// <summary>The imports made here (the demo's first start imported its own extract: docs/demo-data.md).</summary>
    private static async Task<long> ImportCountAsync(MaillageFactory app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<MaillageDbContext>().ActivityImports.Where(i => i.FileName != Maillage.Core.Demo.DemoActivity.FileName).LongCountAsync(Ct);
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task A_job_whose_node_stopped_is_taken_over_and_the_stale_owner_cannot_commit(DatabaseProvider provider)
    {
        await using var app = new MaillageFactory(provider, settings: NoWorker);
        using var admin = await app.ApiClientAsync(UserRole.NationalAdmin, null);
        var id = await EnqueueAsync(app, admin);
        Assert.Equal(ActivityImportJobState.Queued, (await ActivityJobRows.GetAsync(app, id, Ct)).State);

        // Node A computes the figures, then hangs before writing them; its lease lapses after 1 s without heartbeat.
        var a = Worker(app, "node-a", dying: true);
        var aHolds = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        a.BeforeStore = async (_, ct) =>
        {
            aHolds.TrySetResult();
            await release.Task.WaitAsync(ct);
        };
        var runA = Task.Run(() => a.RunOnceAsync(CancellationToken.None), Ct);
        await aHolds.Task.WaitAsync(TimeSpan.FromMinutes(3), Ct);
        var held = await ActivityJobRows.GetAsync(app, id, Ct);
        Assert.Equal((ActivityImportJobState.Running, "node-a", 1), (held.State, held.OwnerNode, held.Attempt));

        // Node B takes it over once the lease has lapsed, and runs it to the end.
        var b = Worker(app, "node-b", dying: false);
        await RunWhenClaimableAsync(b, CancellationToken.None);
        var done = await ActivityJobRows.GetAsync(app, id, Ct);
        Assert.Equal((ActivityImportJobState.Succeeded, "node-b", 2), (done.State, done.OwnerNode, done.Attempt));
        Assert.Contains("repris par node-b", done.Note, StringComparison.Ordinal);
        Assert.Contains("node-a", done.Note, StringComparison.Ordinal);
        Assert.Equal(1, await ImportCountAsync(app));
        var indicators = await admin.GetStringAsync(new Uri("/api/v1/activity/indicators?year=2024", UriKind.Relative), Ct);

        // A wakes up and tries to write: its commit is refused (the row is B's), nothing of A's run is left.
        release.SetResult();
        Assert.True(await runA.WaitAsync(TimeSpan.FromMinutes(3), Ct));
        Assert.Equal(1, await ImportCountAsync(app));
        var after = await ActivityJobRows.GetAsync(app, id, Ct);
        Assert.Equal((ActivityImportJobState.Succeeded, "node-b", 2, done.Result!.ImportId), (after.State, after.OwnerNode, after.Attempt, after.Result!.ImportId));
        Assert.Equal(indicators, await admin.GetStringAsync(new Uri("/api/v1/activity/indicators?year=2024", UriKind.Relative), Ct));
        Assert.Equal(0, await ActivityJobRows.StagedUploadChunksOnceSettledAsync(app, Ct));

        // The API shows the takeover.
        var json = JsonNode.Parse(await admin.GetStringAsync(new Uri($"/api/v1/activity/imports/{id}", UriKind.Relative), Ct))!;
        Assert.Equal(("node-b", 2), (json["owner_node"]!.GetValue<string>(), json["attempt"]!.GetValue<int>()));
        Assert.Contains("repris par node-b", json["note"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task A_job_whose_nodes_keep_stopping_fails_after_the_last_attempt_and_writes_nothing(DatabaseProvider provider)
    {
        await using var app = new MaillageFactory(provider, settings: NoWorker);
        using var admin = await app.ApiClientAsync(UserRole.NationalAdmin, null);
        var id = await EnqueueAsync(app, admin);

        // Two nodes in turn hang on the job (each one's lease lapses); a third finds the attempts used up.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var runs = new List<Task>();
        foreach (var node in new[] { "node-a", "node-b" })
        {
            var worker = Worker(app, node, dying: true);
            var holds = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            worker.BeforeStore = async (_, ct) =>
            {
                holds.TrySetResult();
                await Task.Delay(Timeout.Infinite, ct);
            };
            runs.Add(Task.Run(() => RunWhenClaimableAsync(worker, stop.Token), Ct));
            await holds.Task.WaitAsync(TimeSpan.FromMinutes(3), Ct);
        }
        var c = Worker(app, "node-c", dying: false);
        var deadline = DateTime.UtcNow.AddMinutes(3); // a ceiling, not a timing assertion (a loaded machine)
        ActivityImportJob job;
        while (!(job = await ActivityJobRows.GetAsync(app, id, Ct)).IsFinished)
        {
            Assert.False(await c.RunOnceAsync(Ct), "node-c must not run a job whose attempts are used up");
            Assert.True(DateTime.UtcNow < deadline, $"job still {job.State}");
            await Task.Delay(100, Ct);
        }
        Assert.Equal(ActivityImportJobState.Failed, job.State);
        Assert.Equal(2, job.Attempt);
        Assert.Contains("échoué après 2 tentatives", job.Error, StringComparison.Ordinal);
        Assert.Contains("node-b", job.Error, StringComparison.Ordinal);
        Assert.Contains("inchangés", job.Error, StringComparison.Ordinal);
        Assert.Equal(0, await ActivityJobRows.StagedUploadChunksOnceSettledAsync(app, Ct));

        // The hung nodes stop: they leave the failed job as it is.
        await stop.CancelAsync();
        await Task.WhenAll(runs).WaitAsync(TimeSpan.FromMinutes(3), Ct);
        var final = await ActivityJobRows.GetAsync(app, id, Ct);
        Assert.Equal((ActivityImportJobState.Failed, 2), (final.State, final.Attempt));
        Assert.Equal(0, await ImportCountAsync(app));
        Assert.Equal("[]", (await admin.GetStringAsync(new Uri("/api/v1/activity/indicators?year=2024", UriKind.Relative), Ct)).Trim());
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task A_shared_folder_stages_the_upload_and_loses_it_when_the_job_ends(DatabaseProvider provider)
    {
        var folder = Path.Combine(Path.GetTempPath(), "maillage-staging-" + Guid.NewGuid().ToString("N"));
        try
        {
            await using var app = new MaillageFactory(provider, settings: new Dictionary<string, string>
            {
                ["Maillage:Activity:StagingFolder"] = folder, ["Maillage:NodeId"] = "node-seul",
            });
            using var admin = await app.ApiClientAsync(UserRole.NationalAdmin, null);
            var id = await EnqueueAsync(app, admin);
            var job = await ActivityJobRows.WaitFinishedAsync(app, id, Ct);
            Assert.Equal((ActivityImportJobState.Succeeded, "node-seul"), (job.State, job.OwnerNode));
            // The worker drops the staged upload just after it writes the job's end (seen failing under load when read at
            // once): wait for it, with a ceiling (not a timing assertion).
            var ceiling = System.Diagnostics.Stopwatch.StartNew();
            while (Directory.GetFiles(folder, "*.upload").Length > 0 && ceiling.Elapsed < TimeSpan.FromMinutes(3))
                await Task.Delay(50, Ct);
            Assert.Empty(Directory.GetFiles(folder, "*.upload"));
            Assert.Equal(0, await ActivityJobRows.StagedUploadChunksOnceSettledAsync(app, Ct));
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }
}
