using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Maillage.Core.Data;
using Maillage.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Trace;
using Xunit;

namespace Maillage.Web.Tests.Operations;

/// <summary>docs/operations.md, "Santé et télémétrie": the health endpoints, a span per request (in-memory exporter),
/// and a 500 that names the trace id its log line carries.</summary>
public sealed class HealthAndErrorsTests(MaillageApps apps) : IClassFixture<MaillageApps>
{
    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Liveness_and_readiness_answer_anonymously(DatabaseProvider db)
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = apps[db].CreateClient();

        using var live = await client.GetAsync(new Uri(Routes.Health.Liveness, UriKind.Relative), ct);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal("healthy", JsonDocument.Parse(await live.Content.ReadAsStringAsync(ct)).RootElement.GetProperty("status").GetString());

        using var ready = await client.GetAsync(new Uri(Routes.Health.Readiness, UriKind.Relative), ct);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var json = JsonDocument.Parse(await ready.Content.ReadAsStringAsync(ct)).RootElement;
        Assert.Equal("healthy", json.GetProperty("status").GetString());
        var database = json.GetProperty("checks").GetProperty("database");
        Assert.Equal(SchemaMigrator.Scripts(db).Last().Version, database.GetProperty("schema").GetString());
        Assert.True(ready.Headers.CacheControl?.NoStore);
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Readiness_fails_when_the_schema_is_behind(DatabaseProvider db)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = new MaillageFactory(db);
        using var client = app.CreateClient();
        using (var ok = await client.GetAsync(new Uri(Routes.Health.Readiness, UriKind.Relative), ct)) Assert.Equal(HttpStatusCode.OK, ok.StatusCode);

        // As if another build were still upgrading the schema: the last script is not recorded.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var ctx = scope.ServiceProvider.GetRequiredService<MaillageDbContext>();
            var last = SchemaMigrator.Scripts(db).Last().Version;
            await Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions.ExecuteSqlRawAsync(ctx.Database,
                "DELETE FROM schema_history WHERE version = {0}", [last], ct);
        }
        using var behind = await client.GetAsync(new Uri(Routes.Health.Readiness, UriKind.Relative), ct);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, behind.StatusCode);
        Assert.Equal("unhealthy", JsonDocument.Parse(await behind.Content.ReadAsStringAsync(ct)).RootElement.GetProperty("status").GetString());
        // Liveness does not look at the database.
        using var live = await client.GetAsync(new Uri(Routes.Health.Liveness, UriKind.Relative), ct);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task A_request_produces_a_server_span(DatabaseProvider db)
    {
        var ct = TestContext.Current.CancellationToken;
        var spans = new List<System.Diagnostics.Activity>();
        await using var app = apps[db].WithWebHostBuilder(w => w.ConfigureTestServices(s =>
            s.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(spans))));
        using var client = app.CreateClient();

        using var response = await client.GetAsync(new Uri(Routes.Api.Regions, UriKind.Relative), ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        // The server span ends after the answer is sent: wait for it (no timing assert; a generous ceiling, since on a loaded
        // 2-core machine the span can end seconds after the answer).
        var ceiling = System.Diagnostics.Stopwatch.StartNew();
        while (!Snapshot(spans).Any(IsRegionsServerSpan) && ceiling.Elapsed < TimeSpan.FromSeconds(60)) await Task.Delay(50, ct);
        var server = Assert.Single(Snapshot(spans), IsRegionsServerSpan);
        Assert.Equal(200, Convert.ToInt32(server.GetTagItem("http.response.status_code"), System.Globalization.CultureInfo.InvariantCulture));
        if (db == DatabaseProvider.Postgres)
            // Npgsql's own spans: the request's SQL is traced under it.
            Assert.Contains(Snapshot(spans), s => s.Source.Name == "Npgsql" && s.TraceId == server.TraceId);
    }

    private static bool IsRegionsServerSpan(System.Diagnostics.Activity a) =>
        a.Kind == System.Diagnostics.ActivityKind.Server && (a.GetTagItem("url.path") as string) == Routes.Api.Regions;

    private static List<System.Diagnostics.Activity> Snapshot(List<System.Diagnostics.Activity> spans)
    {
        lock (spans) return [.. spans];
    }

    [Theory]
    [InlineData("/test-only/boom", "application/json", true)]
    [InlineData(Routes.Api.Prefix + "/test-only/boom", "*/*", true)]
    [InlineData("/test-only/boom", "text/html,application/xhtml+xml,*/*;q=0.8", false)]
    public async Task An_unhandled_error_answers_500_with_the_trace_id_of_its_log_line(string path, string accept, bool json)
    {
        var ct = TestContext.Current.CancellationToken;
        var logs = new ConcurrentQueue<(string Category, LogLevel Level, string Message, Exception? Exception)>();
        await using var app = apps[DatabaseProvider.Sqlite].WithWebHostBuilder(w =>
        {
            w.ConfigureLogging(l => l.AddProvider(new ListLoggerProvider(logs)));
            // Test only: an endpoint that fails, behind the app's whole pipeline.
            w.ConfigureTestServices(s => s.AddSingleton<IStartupFilter, FailingEndpoint>());
        });
        using var client = app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("Accept", accept);
        using var response = await client.SendAsync(request, ct);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync(ct);
        Assert.DoesNotContain(FailingEndpoint.Secret, body, StringComparison.Ordinal);
        string traceId;
        if (json)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            traceId = JsonDocument.Parse(body).RootElement.GetProperty("traceId").GetString()!;
        }
        else
        {
            Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
            traceId = System.Text.RegularExpressions.Regex.Match(body, "<code id=\"trace-id\">([^<]+)</code>").Groups[1].Value;
        }
        Assert.Matches("^[0-9a-f]{32}$", traceId);
        Assert.Equal(traceId, response.Headers.GetValues("X-Trace-Id").Single());
        var logged = Assert.Single(logs, l => l.Level == LogLevel.Error && l.Exception?.Message == FailingEndpoint.Secret);
        Assert.Contains(traceId, logged.Message, StringComparison.Ordinal);
    }

    /// <summary>Appends, after the app's own pipeline (so inside its exception handler), a path that throws.</summary>
    private sealed class FailingEndpoint : IStartupFilter
    {
        public const string Secret = "échec voulu par le test (ne doit pas sortir du serveur)";

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            app.Map("/test-only/boom", b => b.Run(_ => throw new InvalidOperationException(Secret)));
            app.Map(Routes.Api.Prefix + "/test-only/boom", b => b.Run(_ => throw new InvalidOperationException(Secret)));
        };
    }

    private sealed class ListLoggerProvider(ConcurrentQueue<(string, LogLevel, string, Exception?)> logs) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new ListLogger(categoryName, logs);

        public void Dispose() { }

        private sealed class ListLogger(string category, ConcurrentQueue<(string, LogLevel, string, Exception?)> logs) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                logs.Enqueue((category, logLevel, formatter(state, exception), exception));
        }
    }
}
