using System.Diagnostics;

namespace Maillage.Testing;

/// <summary>
/// Counts the SQL commands EF Core runs in the current asynchronous flow (the N+1 finder of the tests): EF publishes
/// each command to its <see cref="DiagnosticListener"/> (« Microsoft.EntityFrameworkCore »); the count goes to the
/// counter of the flow that ran it, so the app's background workers, which run in flows of their own, are not counted.
/// Through HTTP, create the client after <see cref="PreserveContext"/> so the test's flow reaches the request's.
/// </summary>
public sealed class SqlCommandCounter : IDisposable
{
    private const string CommandExecuting = "Microsoft.EntityFrameworkCore.Database.Command.CommandExecuting";
    private static readonly AsyncLocal<SqlCommandCounter?> Current = new();
    private static readonly object Gate = new();
    private static IDisposable? subscription;

    private readonly SqlCommandCounter? outer;
    private int count;
    private readonly List<string> commands = [];

    private SqlCommandCounter()
    {
        outer = Current.Value;
        Current.Value = this;
    }

    /// <summary>The commands run since <see cref="Start"/> in this flow.</summary>
    public int Count => Volatile.Read(ref count);

    /// <summary>The commands' text, for a failure message.</summary>
    public IReadOnlyList<string> Commands { get { lock (commands) return commands.ToList(); } }

    /// <summary>Starts counting in the current flow (and the flows it starts) until disposed.</summary>
    public static SqlCommandCounter Start()
    {
        lock (Gate) subscription ??= DiagnosticListener.AllListeners.Subscribe(new ListenerObserver());
        return new SqlCommandCounter();
    }

    /// <summary>Lets the test's asynchronous flow reach the app's request handling (set before creating the client).</summary>
    public static void PreserveContext(MaillageFactory app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Server.PreserveExecutionContext = true;
    }

    public void Dispose() => Current.Value = outer;

    private sealed class ListenerObserver : IObserver<DiagnosticListener>
    {
        public void OnNext(DiagnosticListener value)
        {
            if (value.Name == "Microsoft.EntityFrameworkCore") value.Subscribe(new EventObserver(), name => name == CommandExecuting);
        }
        public void OnCompleted() { }
        public void OnError(Exception error) { }
    }

    private sealed class EventObserver : IObserver<KeyValuePair<string, object?>>
    {
        public void OnNext(KeyValuePair<string, object?> value)
        {
            if (value.Key != CommandExecuting || Current.Value is not { } counter) return;
            Interlocked.Increment(ref counter.count);
            var text = value.Value is Microsoft.EntityFrameworkCore.Diagnostics.CommandEventData e ? e.Command.CommandText : "?";
            lock (counter.commands) counter.commands.Add(text);
        }
        public void OnCompleted() { }
        public void OnError(Exception error) { }
    }
}
