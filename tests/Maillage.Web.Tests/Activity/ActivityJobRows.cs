using Maillage.Core.Data;
using Maillage.Core.Features.Activity.Jobs;
using Maillage.Core.Infrastructure.Security;
using Maillage.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Maillage.Web.Tests.Activity;

/// <summary>The import jobs of an app as its database holds them (through Core's service, as the national operator).</summary>
internal static class ActivityJobRows
{
    public static async Task<List<ActivityImportJob>> ListAsync(MaillageFactory app, CancellationToken ct)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ActivityImportJobs>().ListAsync(Caller.Operator, 1000, ct);
    }

    public static async Task<ActivityImportJob> GetAsync(MaillageFactory app, string id, CancellationToken ct)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<ActivityImportJobs>().FindAsync(Caller.Operator, id, ct))!;
    }

    /// <summary>Chunks of staged uploads left in the database (none once every job has ended).</summary>
    public static async Task<int> StagedUploadChunksAsync(MaillageFactory app, CancellationToken ct)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<MaillageDbContext>().Set<ActivityStagedChunk>().CountAsync(c => c.Kind == StagedKind.Upload, ct);
    }

    /// <summary>
    /// The staged upload chunks left once the worker has cleaned up: it drops them just after it writes the job's end, so
    /// a test that has seen the end waits for them to go (a generous ceiling, not a timing assertion) and asserts the count.
    /// </summary>
    public static async Task<int> StagedUploadChunksOnceSettledAsync(MaillageFactory app, CancellationToken ct)
    {
        var ceiling = System.Diagnostics.Stopwatch.StartNew();
        int left;
        while ((left = await StagedUploadChunksAsync(app, ct)) > 0 && ceiling.Elapsed < TimeSpan.FromMinutes(3))
            await Task.Delay(50, ct);
        return left;
    }

    /// <summary>Polls the job's row until it ends (a generous ceiling, not a timing assertion: the machine may be busy).</summary>
    public static async Task<ActivityImportJob> WaitFinishedAsync(MaillageFactory app, string id, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (true)
        {
            var job = await GetAsync(app, id, ct);
            if (job.IsFinished) return job;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"job {id} still {job.State}");
            await Task.Delay(50, ct);
        }
    }
}
