using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Maillage.Testing;

/// <summary>
/// The errors the apps under test log (level Error and above, with their exception), kept in memory so that a test that
/// receives a 500 can say why: the answer only carries a trace id, and the server's console is not in the test report.
/// <see cref="MaillageFactory"/> adds <see cref="Provider"/> to every app it builds; <see cref="Describe"/> gives the
/// entries of one trace.
/// </summary>
public static class ServerErrors
{
    private const int Capacity = 200;
    private static readonly ConcurrentQueue<Entry> Entries = new();

    /// <summary>The logger provider that records the entries.</summary>
    public static ILoggerProvider Provider { get; } = new RecordingProvider();

    /// <summary>What the apps logged for a trace (the <c>traceId</c> of a problem answer), or the last errors when none.</summary>
    public static string Describe(string? traceId)
    {
        var all = Entries.ToArray();
        var matching = string.IsNullOrEmpty(traceId) ? [] : all.Where(e => e.TraceId == traceId).ToArray();
        var shown = matching.Length > 0 ? matching : all.TakeLast(3).ToArray();
        if (shown.Length == 0) return "(no error logged by the app)";
        var heading = matching.Length > 0 ? $"server log for trace {traceId}:" : "last errors logged by the app (none for this trace):";
        return heading + Environment.NewLine + string.Join(Environment.NewLine, shown.Select(e => e.ToString()));
    }

    private sealed record Entry(string? TraceId, string Category, string Message, Exception? Exception)
    {
        public override string ToString() => $"  [{Category}] {Message}{(Exception is null ? "" : Environment.NewLine + "  " + Exception)}";
    }

    private sealed class RecordingProvider : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new RecordingLogger(categoryName);

        public void Dispose() { }
    }

    private sealed class RecordingLogger(string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            Entries.Enqueue(new Entry(Activity.Current?.TraceId.ToString(), category, formatter(state, exception), exception));
            while (Entries.Count > Capacity && Entries.TryDequeue(out _)) { }
        }
    }
}
