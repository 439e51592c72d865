using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Maillage.Core.Data;

/// <summary>
/// One node at a time through the first-run work (schema scripts, reference and demo data, demo accounts, the first
/// data-protection key): on PostgreSQL a session-level advisory lock on a connection of its own, polled with
/// <c>pg_try_advisory_lock</c> until a timeout, so that two nodes started together on a fresh database do not both seed
/// it. The second node waits, then finds everything done and changes nothing. SQLite is one process's embedded file:
/// no lock is taken. A node that dies while holding the lock loses its connection, and PostgreSQL releases the lock.
/// </summary>
public sealed class StartupLock : IAsyncDisposable
{
    /// <summary>The advisory lock key ("MLGS"). Distinct from the schema migrator's transaction lock, which is taken
    /// inside this one on another connection.</summary>
    public const long Key = 0x4D4C4753;

    private readonly NpgsqlConnection? _connection;

    private StartupLock(NpgsqlConnection? connection) => _connection = connection;

    /// <summary>Whether this lock holds a PostgreSQL session (false on SQLite).</summary>
    public bool IsHeld => _connection is not null;

    /// <summary>Takes the start-up lock, waiting for another node's first run if need be (a log line says so).</summary>
    /// <exception cref="TimeoutException">Another node held the lock longer than <paramref name="timeout"/>.</exception>
    public static async Task<StartupLock> AcquireAsync(DatabaseOptions options, TimeSpan timeout, ILogger logger, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        if (options.Provider != DatabaseProvider.Postgres) return new StartupLock(null);

        // A connection of its own, not pooled: the lock lives exactly as long as this session.
        var cs = new NpgsqlConnectionStringBuilder(options.ConnectionString) { Pooling = false, ApplicationName = "maillage-startup-lock" }.ToString();
        var connection = new NpgsqlConnection(cs);
        try
        {
            await connection.OpenAsync(ct);
            var sw = Stopwatch.StartNew();
            var waited = false;
            while (true)
            {
                await using (var cmd = new NpgsqlCommand("SELECT pg_try_advisory_lock(@key)", connection))
                {
                    cmd.Parameters.AddWithValue("key", Key);
                    if ((bool)(await cmd.ExecuteScalarAsync(ct))!) break;
                }
                if (!waited)
                {
                    logger.LogInformation("Démarrage : un autre nœud prépare la base (verrou consultatif {LockKey}) ; attente (au plus {TimeoutSeconds} s)",
                        Key, (int)timeout.TotalSeconds);
                    waited = true;
                }
                if (sw.Elapsed >= timeout)
                    throw new TimeoutException($"Démarrage : le verrou de première mise en route ({Key}) est tenu par un autre nœud depuis plus de {(int)timeout.TotalSeconds} s.");
                await Task.Delay(TimeSpan.FromMilliseconds(500), ct);
            }
            if (waited) logger.LogInformation("Démarrage : verrou obtenu après {ElapsedMs} ms d'attente", sw.ElapsedMilliseconds);
            return new StartupLock(connection);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is null) return;
        try
        {
            await using var cmd = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", _connection);
            cmd.Parameters.AddWithValue("key", Key);
            await cmd.ExecuteScalarAsync();
        }
        catch (NpgsqlException)
        {
            // Closing the session below releases the lock anyway.
        }
        await _connection.DisposeAsync();
    }
}
