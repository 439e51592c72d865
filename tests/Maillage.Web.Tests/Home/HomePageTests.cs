using System.Net;
using Maillage.Core.Data;
using Maillage.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Maillage.Web.Tests.Home;

public sealed class HomePageTests(MaillageApps apps) : IClassFixture<MaillageApps>
{
    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Home_page_is_served(DatabaseProvider db)
    {
        using var client = apps[db].CreateClient();

        using var response = await client.GetAsync(new Uri("/", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Contains("<h1", html, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task App_runs_on_the_requested_database_with_the_schema_applied(DatabaseProvider db)
    {
        await using var scope = apps[db].Services.CreateAsyncScope();
        var context = scope.ServiceProvider.GetRequiredService<MaillageDbContext>();

        Assert.Equal(db, SchemaMigrator.ProviderOf(context));
        Assert.Equal(apps[db].ConnectionString, context.Database.GetConnectionString());
        var applied = await SchemaMigrator.AppliedVersionsAsync(context, TestContext.Current.CancellationToken);
        Assert.Equal(SchemaMigrator.Scripts(db).Select(s => s.Version), applied);
    }
}
