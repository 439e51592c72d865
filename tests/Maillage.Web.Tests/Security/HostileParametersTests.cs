using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Maillage.Core.Data;
using Maillage.Core.Infrastructure.Security;
using Maillage.Testing;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Maillage.Web.Tests.Security;

/// <summary>
/// Every GET route of the served OpenAPI document (and the pages that read query parameters), called with hostile values in each of its path and query parameters
/// (one parameter at a time), anonymously and as the national admin: no answer may be a 5xx. All failures are collected
/// and reported in one message.
/// </summary>
public sealed class HostileParametersTests(MaillageApps apps) : IClassFixture<MaillageApps>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Huge and negative integers, out-of-range years and dates, 10,000 characters, SQL/LIKE metacharacters, unicode, NUL, empty.</summary>
    public static readonly string[] HostileValues =
    [
        "2147483648", "-2147483649", "99999999999999999999", "-1", "0", "99999",
        "0001-01-01", "9999-12-31", "1-1-1",
        new string('a', 10_000),
        "%_'\"\\", "' OR 1=1 --", "é漢🦄\u202e", "\u0000", "",
    ];

    private sealed record Parameter(string Name, string In);

    private sealed record Route(string Path, IReadOnlyList<Parameter> Parameters);

    private static IReadOnlyList<Route> GetRoutes(JsonDocument openApi)
    {
        var routes = new List<Route>();
        foreach (var path in openApi.RootElement.GetProperty("paths").EnumerateObject())
        {
            if (!path.Value.TryGetProperty("get", out var get)) continue;
            var parameters = new List<Parameter>();
            if (get.TryGetProperty("parameters", out var ps))
                foreach (var p in ps.EnumerateArray())
                    parameters.Add(new Parameter(p.GetProperty("name").GetString()!, p.GetProperty("in").GetString()!));
            routes.Add(new Route(path.Name, parameters));
        }
        return routes;
    }

    /// <summary>A harmless value for the other path parameters of a route.</summary>
    private static string Filler(string name) =>
        name.Contains("year", StringComparison.OrdinalIgnoreCase) ? "2024"
        : name.EndsWith("Id", StringComparison.Ordinal) && name.StartsWith("document", StringComparison.Ordinal) ? "1"
        : name == "code" ? "11"
        : "x";

    private static string Url(Route route, Parameter hostile, string value)
    {
        var path = route.Path;
        foreach (var p in route.Parameters.Where(p => p.In == "path"))
            path = path.Replace("{" + p.Name + "}", Uri.EscapeDataString(p == hostile ? value : Filler(p.Name)), StringComparison.Ordinal);
        return hostile.In == "query" ? $"{path}?{Uri.EscapeDataString(hostile.Name)}={Uri.EscapeDataString(value)}" : path;
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task No_GET_route_answers_5xx_to_hostile_parameters(DatabaseProvider provider)
    {
        var app = apps[provider];
        using var anonymous = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var admin = await app.ApiClientAsync(UserRole.NationalAdmin, null);
        using var openApi = JsonDocument.Parse(await anonymous.GetStringAsync(new Uri("/api/v1/openapi.json", UriKind.Relative), Ct));
        var routes = GetRoutes(openApi);
        Assert.True(routes.Count > 50, $"{routes.Count} GET routes in the OpenAPI document");

        var requests = new List<string>();
        foreach (var route in routes)
        {
            if (route.Parameters.Count == 0) requests.Add(route.Path);
            foreach (var p in route.Parameters)
                foreach (var value in HostileValues)
                {
                    // A NUL in the path is refused by the server before the app (Kestrel: 400); in the query it reaches the app.
                    if (p.In == "path" && value.Contains('\0', StringComparison.Ordinal)) continue;
                    requests.Add(Url(route, p, value));
                }
        }
        var failures = new ConcurrentBag<string>();
        var calls = 0;
        await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = Ct }, async (url, ct) =>
        {
            foreach (var (who, client) in new[] { ("anonyme", anonymous), ("admin national", admin) })
            {
                Interlocked.Increment(ref calls);
                try
                {
                    using var response = await client.GetAsync(new Uri(url, UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, ct);
                    if ((int)response.StatusCode >= 500)
                        failures.Add($"{(int)response.StatusCode} {who} GET {Shorten(url)}");
                }
                catch (HttpRequestException e)
                {
                    failures.Add($"exception {who} GET {Shorten(url)}: {e.Message}");
                }
            }
        });
        Assert.True(failures.IsEmpty, $"{failures.Count} of {calls} calls answered 5xx:\n" + string.Join("\n", failures.Order(StringComparer.Ordinal)));
    }

    /// <summary>The pages that read query parameters, and the year routes of the reports.</summary>
    private static readonly string[] Pages =
    [
        "/", "/territoire", "/territoire/couverture", "/territoire/redondances", "/territoire/attractivite", "/activite", "/filieres",
        "/plateformes", "/rapports", "/procedures", "/procedures/liste-annuelle", "/procedures/appels", "/associations",
        "/conformite/tableau-de-bord", "/annuaire", "/annuaire/donnees", "/structures", "/reseaux", "/financement/plateformes",
        "/financement/simulateur",
    ];

    /// <summary>The query names the pages read (their GET parameters and <c>SupportsGet</c> properties).</summary>
    private static readonly string[] PageParameters =
    [
        "year", "annee", "date", "as_of", "page", "q", "filiere", "region", "orpha", "lieu", "type", "vue", "niveau", "mesure", "periode",
        "reseau", "centre", "format",
    ];

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task No_page_answers_5xx_to_hostile_parameters(DatabaseProvider provider)
    {
        var app = apps[provider];
        using var admin = await app.SignInAsync("admin");
        string centre;
        await using (var s = app.Services.CreateAsyncScope())
            centre = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.FirstAsync(
                s.ServiceProvider.GetRequiredService<MaillageDbContext>().Centres.OrderBy(c => c.Id).Select(c => c.Id), Ct);
        string[] values = ["99999", "-1", "9999-12-31", "%_'\"\\", "é漢🦄", new string('a', 2000), ""];
        var requests = new List<string>();
        foreach (var page in Pages)
            foreach (var name in PageParameters)
                foreach (var value in values)
                    requests.Add($"{page}?{name}={Uri.EscapeDataString(value)}");
        foreach (var year in new[] { "99999", "2147483647", "-1", "0", "1" })
            foreach (var suffix in new[] { "", "/conformite" })
                requests.Add($"/rapports/{Uri.EscapeDataString(centre)}/{year}{suffix}");
        var failures = new ConcurrentBag<string>();
        var calls = 0;
        await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = Ct }, async (url, ct) =>
        {
            // The national admin sees every page and every section of it (the anonymous caller a subset, covered by the API test).
            Interlocked.Increment(ref calls);
            using var response = await admin.GetAsync(new Uri(url, UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, ct);
            if ((int)response.StatusCode >= 500) failures.Add($"{(int)response.StatusCode} GET {Shorten(url)}");
        });
        Assert.True(failures.IsEmpty, $"{failures.Count} of {calls} calls answered 5xx:\n" + string.Join("\n", failures.Order(StringComparer.Ordinal)));
    }

    private static string Shorten(string url) => url.Length <= 160 ? url : url[..120] + $"…({url.Length} chars)";
}
