using System.Net;
using Maillage.Core.Data;
using Maillage.Core.Features.Accounts;
using Maillage.Testing;
using Maillage.Web.Tests.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace Maillage.Web.Tests.Operations;

/// <summary>
/// Two nodes on one database (README, "Déployer plusieurs nœuds"): a second host of the app on the first one's database
/// reads the sign-in cookie and the antiforgery token the first one made (data-protection keys in the database), and
/// the PostgreSQL start-up lock makes a second node wait for the first one's first run.
/// </summary>
public sealed class TwoNodesTests
{
    private static readonly Uri Base = new("http://localhost");

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task A_user_signed_in_on_node_a_works_on_node_b(DatabaseProvider db)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var a = new MaillageFactory(db, settings: new Dictionary<string, string> { ["Maillage:NodeId"] = "a" });
        await using var b = a.WithWebHostBuilder(w => w.UseSetting("Maillage:NodeId", "b"));
        var jar = new CookieContainer();
        using var onA = a.CreateDefaultClient(Base, new CookieJar(jar));
        using var onB = b.CreateDefaultClient(Base, new CookieJar(jar));

        // The nodes are two hosts (two key-ring caches, two processes' worth of services): /healthz says which answers.
        Assert.Contains("\"node\":\"a\"", await onA.GetStringAsync(new Uri(Routes.Health.Liveness, UriKind.Relative), ct), StringComparison.Ordinal);
        Assert.Contains("\"node\":\"b\"", await onB.GetStringAsync(new Uri(Routes.Health.Liveness, UriKind.Relative), ct), StringComparison.Ordinal);

        var signIn = HtmlForm.PostBack(await onA.GetPageAsync(Routes.Pages.SignIn));
        signIn.Set("Input.UserName", "admin").Set("Input.Password", DemoAccounts.Password);
        using (var response = await onA.PostAsync(new Uri(Routes.Pages.SignIn, UriKind.Relative), signIn.Content(), ct))
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        // Node B reads node A's cookie: the signed-in page answers instead of sending to /connexion.
        var tokensOnB = await onB.GetPageAsync(Routes.Pages.ApiTokens);
        Assert.Contains("Mes jetons", tokensOnB, StringComparison.OrdinalIgnoreCase);

        // A form (and its antiforgery token) served by node A is accepted by node B.
        var create = HtmlForm.All(await onA.GetPageAsync(Routes.Pages.ApiTokens)).Single(f => f.Action?.Contains("Create", StringComparison.Ordinal) == true);
        create.Set("Name", "jeton-du-noeud-b");
        using (var response = await onB.PostAsync(new Uri(create.Action!, UriKind.Relative), create.Content(), ct))
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Redirect, $"POST on node B: {(int)response.StatusCode}");
        Assert.Contains("jeton-du-noeud-b", await onA.GetPageAsync(Routes.Pages.ApiTokens), StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task The_start_up_lock_makes_a_second_node_wait(DatabaseProvider db)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var scratch = await ScratchDatabase.CreateAsync(db);
        var options = new DatabaseOptions(db, scratch.ConnectionString);

        var first = await StartupLock.AcquireAsync(options, TimeSpan.FromSeconds(30), NullLogger.Instance, ct);
        if (db == DatabaseProvider.Sqlite)
        {
            // One process's embedded file: nothing to coordinate, no lock.
            Assert.False(first.IsHeld);
            await first.DisposeAsync();
            return;
        }
        Assert.True(first.IsHeld);
        // While the first node holds it, a second one gives up after its (short) timeout...
        await Assert.ThrowsAsync<TimeoutException>(() => StartupLock.AcquireAsync(options, TimeSpan.FromSeconds(1), NullLogger.Instance, ct));
        // ...and gets it once the first one is done.
        var waiting = StartupLock.AcquireAsync(options, TimeSpan.FromSeconds(60), NullLogger.Instance, ct);
        await first.DisposeAsync();
        await using var second = await waiting;
        Assert.True(second.IsHeld);
    }

    /// <summary>One cookie jar for several in-memory servers on the same base address (a browser in front of a proxy).</summary>
    private sealed class CookieJar(CookieContainer jar) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var uri = new Uri(Base, request.RequestUri!);
            var header = jar.GetCookieHeader(uri);
            if (header.Length > 0) request.Headers.Add("Cookie", header);
            var response = await base.SendAsync(request, cancellationToken);
            if (response.Headers.TryGetValues("Set-Cookie", out var cookies))
                foreach (var c in cookies) jar.SetCookies(uri, c);
            return response;
        }
    }
}
