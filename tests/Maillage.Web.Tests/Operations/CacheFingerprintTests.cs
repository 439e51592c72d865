using Maillage.Core.Data;
using Maillage.Core.Infrastructure.Nomenclature;
using Maillage.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Maillage.Web.Tests.Operations;

/// <summary>In-memory caches follow the shared database (README, "Déployer plusieurs nœuds"): a change made by another
/// node (or the CLI) is seen without this node being told.</summary>
public sealed class CacheFingerprintTests
{
    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task The_orpha_graph_follows_a_change_made_elsewhere(DatabaseProvider db)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = new MaillageFactory(db, seed: "reference");
        var cache = new OrphaGraphCache { CheckInterval = TimeSpan.Zero };
        await using var scope = app.Services.CreateAsyncScope();
        var ctx = scope.ServiceProvider.GetRequiredService<MaillageDbContext>();

        var edge = await ctx.OrphaEdges.AsNoTracking().OrderBy(e => e.ParentCode).ThenBy(e => e.ChildCode).FirstAsync(ct);
        Assert.Contains(edge.ParentCode, (await cache.GetAsync(ctx, ct)).Parents(edge.ChildCode));

        // "Another node" removes the edge straight in the database; this cache is never told.
        await ctx.OrphaEdges.Where(e => e.ParentCode == edge.ParentCode && e.ChildCode == edge.ChildCode).ExecuteDeleteAsync(ct);

        Assert.DoesNotContain(edge.ParentCode, (await cache.GetAsync(ctx, ct)).Parents(edge.ChildCode));
    }
}
