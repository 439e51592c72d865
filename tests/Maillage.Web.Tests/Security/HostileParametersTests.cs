using System.Collections.Concurrent;
using System.Net;
using System.Reflection;
using System.Text.Json;
using Maillage.Core.Data;
using Maillage.Core.Infrastructure.Security;
using Maillage.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Maillage.Web.Tests.Security;

/// <summary>
/// Every GET route of the served OpenAPI document (and every page, with the query names it reads), called with hostile values in each of its path and query parameters
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
        using var openApi = JsonDocument.Parse(await anonymous.GetStringAsync(new Uri(Routes.Api.OpenApiDocument, UriKind.Relative), Ct));
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

    /// <summary>Query names a page reads by hand (<c>Request.Query[…]</c>), which its compiled descriptor cannot show.</summary>
    private static readonly Dictionary<string, string[]> ReadByHand = new(StringComparer.Ordinal)
    {
        ["/structures"] = ["page"],
    };

    /// <summary>
    /// Every page without route parameters, each with the query names it actually reads: the parameters of its GET
    /// handlers (a named handler is reached with <c>handler=</c>) and its <c>[BindProperty(SupportsGet = true)]</c> or
    /// <c>[FromQuery]</c> properties, read from the app's compiled page descriptors, plus <see cref="ReadByHand"/>.
    /// A new page or a new query parameter is covered without editing this test.
    /// </summary>
    private static async Task<List<(string Path, string? Handler, SortedSet<string> Names)>> PagesAndTheirQueriesAsync(MaillageFactory app)
    {
        var loader = app.Services.GetRequiredService<PageLoader>();
        var pages = new List<(string, string?, SortedSet<string>)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var endpoint in app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            if (endpoint.Metadata.GetMetadata<PageActionDescriptor>() is not { } page || endpoint.RoutePattern.Parameters.Any(p => !p.IsOptional)) continue;
            // Optional route parameters (e.g. a page number in the path) are left out: the page renders without them.
            var path = "/" + System.Text.RegularExpressions.Regex.Replace(endpoint.RoutePattern.RawText ?? "", @"/?\{[^}]*\?\}", "").Trim('/');
            if (path.EndsWith("/Index", StringComparison.OrdinalIgnoreCase)) path = path[..^"/Index".Length] is { Length: > 0 } p ? p : "/";
            if (!seen.Add(page.ViewEnginePath)) continue; // "/" and "/Index" are one page
            var compiled = await loader.LoadAsync(page, endpoint.Metadata);
            var properties = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var property in compiled.BoundProperties.OfType<PageBoundPropertyDescriptor>())
            {
                if (property.Property.GetCustomAttribute<BindPropertyAttribute>() is { SupportsGet: true } bind) properties.Add(bind.Name ?? property.Name);
                else if (property.Property.GetCustomAttribute<FromQueryAttribute>() is { } query) properties.Add(query.Name ?? property.Name);
            }
            if (ReadByHand.TryGetValue(path, out var byHand)) properties.UnionWith(byHand);
            var handlers = compiled.HandlerMethods.Where(h => string.Equals(h.HttpMethod, "GET", StringComparison.OrdinalIgnoreCase)).ToList();
            if (handlers.Count == 0) handlers = [null!]; // a page without handler still renders on GET
            foreach (var handler in handlers)
            {
                var names = new SortedSet<string>(properties, StringComparer.OrdinalIgnoreCase);
                foreach (var parameter in handler?.Parameters ?? [])
                    if (parameter.ParameterType != typeof(CancellationToken)
                        && (parameter.BindingInfo?.BindingSource is null || parameter.BindingInfo.BindingSource == BindingSource.Query || parameter.BindingInfo.BindingSource == BindingSource.ModelBinding))
                        names.Add(parameter.BindingInfo?.BinderModelName ?? parameter.Name);
                pages.Add((path, handler?.Name, names));
            }
        }
        return pages;
    }

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
        var pages = await PagesAndTheirQueriesAsync(app);
        // The descriptors are read: every page the test listed by hand before it read them is among those found.
        string[] known =
        [
            "/", Routes.Pages.Territory, Routes.Pages.Territory + "/couverture", Routes.Pages.Territory + "/redondances",
            Routes.Pages.Territory + "/attractivite", Routes.Pages.Activity, Routes.Pages.Platforms, Routes.Pages.Reports,
            Routes.Pages.Procedures, Routes.Pages.Procedures + "/liste-annuelle", Routes.Pages.Procedures + "/appels",
            Routes.Pages.Associations, Routes.Pages.Compliance + "/tableau-de-bord", Routes.Pages.Directory,
            Routes.Pages.Directory + "/donnees", Routes.Pages.Structures, Routes.Pages.Networks, Routes.Pages.Funding + "/simulateur",
        ];
        var missing = known.Where(k => !pages.Any(p => string.Equals(p.Path, k, StringComparison.OrdinalIgnoreCase))).ToList();
        Assert.True(missing.Count == 0, $"{pages.Count} pages found, not: {string.Join(", ", missing)}; found: {string.Join(", ", pages.Select(p => p.Path).Distinct())}");
        Assert.Contains(pages, p => p.Path == "/annuaire" && p.Names.Contains("q")); // the descriptors are read
        var requests = new List<string>();
        foreach (var (path, handler, names) in pages)
        {
            var prefix = handler is null ? path + "?" : $"{path}?handler={Uri.EscapeDataString(handler)}&";
            requests.Add(prefix.TrimEnd('?', '&'));
            foreach (var name in names)
                foreach (var value in values)
                    requests.Add($"{prefix}{Uri.EscapeDataString(name)}={Uri.EscapeDataString(value)}");
        }
        foreach (var year in new[] { "99999", "2147483647", "-1", "0", "1" })
            foreach (var suffix in new[] { "", Routes.Pages.Compliance, "/submit", "/impression", "/pdf" }) // the report, its compliance, confirmation, print view and PDF (issue 13 §4)
                requests.Add($"{Routes.Pages.Reports}/{Uri.EscapeDataString(centre)}/{year}{suffix}");
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
