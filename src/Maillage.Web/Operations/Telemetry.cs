using System.Diagnostics;
using Maillage.Core.Infrastructure.Telemetry;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Maillage.Web.Operations;

/// <summary>
/// OpenTelemetry (docs/operations.md, "Santé et télémétrie"): traces and metrics of ASP.NET Core, the HTTP client,
/// Npgsql (PostgreSQL commands) and Maillage's own source and meter (activity imports, procedure steps). Always
/// collected in process; exported over OTLP only when an endpoint is configured: <c>Maillage:Telemetry:OtlpEndpoint</c>
/// (with <c>Maillage:Telemetry:OtlpProtocol</c> = <c>grpc</c> or <c>http/protobuf</c>), or the standard
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> and its companion variables. Health probes are not traced.
/// </summary>
public static class Telemetry
{
    public const string Section = "Maillage:Telemetry";

    public static void AddMaillageTelemetry(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var config = builder.Configuration;
        var node = config["Maillage:NodeId"];
        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("maillage", serviceVersion: typeof(Telemetry).Assembly.GetName().Version?.ToString(),
                serviceInstanceId: Maillage.Core.Infrastructure.NodeIdentity.Normalize(node)))
            .WithTracing(t => t
                .AddSource(MaillageTelemetry.Name)
                .AddAspNetCoreInstrumentation(o => o.Filter = http => !HealthEndpoints.IsHealthPath(http.Request.Path))
                .AddHttpClientInstrumentation()
                .AddNpgsql())
            .WithMetrics(m => m
                .AddMeter(MaillageTelemetry.Name)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddNpgsqlInstrumentation());

        var endpoint = config[$"{Section}:OtlpEndpoint"];
        if (!string.IsNullOrWhiteSpace(endpoint))
        {
            if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri))
                throw new InvalidOperationException($"{Section}:OtlpEndpoint : « {endpoint} » n'est pas une adresse absolue (ex. http://collecteur:4317).");
            var protocol = config[$"{Section}:OtlpProtocol"] is { } p && p.Contains("http", StringComparison.OrdinalIgnoreCase)
                ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc;
            otel.UseOtlpExporter(protocol, uri);
        }
        else if (!string.IsNullOrWhiteSpace(config["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            otel.UseOtlpExporter();
        }
        builder.Services.AddHostedService<SpanLog>();
    }
}

/// <summary>One structured log line per finished Maillage span (an activity import, a procedure step), with its ids as
/// properties ("maillage.import.id", "maillage.dossier.id"…), its duration and its status: what the node did, readable
/// in the logs without a telemetry back end.</summary>
public sealed partial class SpanLog(ILogger<SpanLog> logger) : IHostedService, IDisposable
{
    private ActivityListener? _listener;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == MaillageTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = Write,
        };
        ActivitySource.AddActivityListener(_listener);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _listener?.Dispose();

    private void Write(System.Diagnostics.Activity activity)
    {
        var tags = activity.TagObjects.ToDictionary(t => t.Key, t => t.Value);
        var summary = string.Join(' ', tags.Select(t => $"{t.Key}={t.Value}"));
        using var scope = logger.BeginScope(tags);
        if (activity.Status == ActivityStatusCode.Error)
            Failed(activity.OperationName, (long)activity.Duration.TotalMilliseconds, activity.TraceId.ToHexString(), summary);
        else
            Done(activity.OperationName, (long)activity.Duration.TotalMilliseconds, activity.TraceId.ToHexString(), summary);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Operation} terminé en {ElapsedMs} ms (trace {TraceId}) : {Tags}")]
    private partial void Done(string operation, long elapsedMs, string traceId, string tags);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Operation} en échec après {ElapsedMs} ms (trace {TraceId}) : {Tags}")]
    private partial void Failed(string operation, long elapsedMs, string traceId, string tags);
}
