using System.Text.Json;
using Maillage.Core.Data;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Maillage.Web.Operations;

/// <summary>
/// <see cref="Routes.Health.Liveness"/> (<c>/healthz</c>, liveness: the process answers; no database) and
/// <see cref="Routes.Health.Readiness"/> (<c>/readyz</c>, readiness: the database answers and its schema is at this build's
/// version), anonymous, small JSON, never cached (docs/operations.md, "Santé et télémétrie").
/// </summary>
public static class HealthEndpoints
{
    private const string ReadyTag = "ready";

    public static void AddMaillageHealthChecks(this IServiceCollection services) =>
        services.AddHealthChecks().AddCheck<DatabaseReadiness>("database", tags: [ReadyTag]);

    public static void MapMaillageHealthChecks(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks(Routes.Health.Liveness, new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync }).ExcludeFromDescription();
        app.MapHealthChecks(Routes.Health.Readiness, new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag), ResponseWriter = WriteAsync }).ExcludeFromDescription();
    }

    public static bool IsHealthPath(PathString path) => path.Equals(Routes.Health.Liveness) || path.Equals(Routes.Health.Readiness);

    /// <summary><c>{"status":"healthy","node":"a","checks":{"database":{"status":"healthy","description":"…"}}}</c>
    /// (no exception text: the answer is public).</summary>
    private static Task WriteAsync(HttpContext http, HealthReport report)
    {
        http.Response.ContentType = "application/json; charset=utf-8";
        var node = http.RequestServices.GetRequiredService<IOptions<NodeOptions>>().Value.Name;
        var body = new Dictionary<string, object?>
        {
            ["status"] = report.Status.ToString().ToLowerInvariant(),
            ["node"] = node,
            ["checks"] = report.Entries.ToDictionary(e => e.Key, e => new Dictionary<string, object?>
            {
                ["status"] = e.Value.Status.ToString().ToLowerInvariant(),
                ["description"] = e.Value.Description,
                ["schema"] = e.Value.Data.TryGetValue("schema", out var s) ? s : null,
                ["expected_schema"] = e.Value.Data.TryGetValue("expected_schema", out var x) ? x : null,
            }),
        };
        return http.Response.WriteAsync(JsonSerializer.Serialize(body));
    }
}
