using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Maillage.Core.Data;

/// <summary>
/// Readiness of a node (<c>/readyz</c>): the database answers, and its schema is at the version this build expects (the
/// last embedded script). A node whose database is down, or that runs against a schema another build has not finished
/// upgrading, is taken out of the proxy's rotation instead of answering errors.
/// </summary>
public sealed class DatabaseReadiness(MaillageDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var expected = SchemaMigrator.Scripts(SchemaMigrator.ProviderOf(db)).Last().Version;
        var data = new Dictionary<string, object> { ["expected_schema"] = expected };
        try
        {
            var applied = await SchemaMigrator.AppliedVersionsAsync(db, cancellationToken);
            var current = applied.Count == 0 ? "none" : applied[^1];
            data["schema"] = current;
            return string.Equals(current, expected, StringComparison.Ordinal)
                ? HealthCheckResult.Healthy($"base joignable, schéma {current}", data)
                : HealthCheckResult.Unhealthy($"schéma {current}, attendu {expected}", data: data);
        }
        catch (Exception e) when (e is DbException or InvalidOperationException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("base injoignable", e, data);
        }
    }
}
