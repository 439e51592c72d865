using Maillage.Core.Data;
using Maillage.Testing;
using Microsoft.Data.Sqlite;
using Xunit;

namespace Maillage.Core.Tests.Data;

/// <summary>
/// The embedded default runs the requests and the background workers (mail outbox, import jobs) of one node on one
/// SQLite file: a reader must not make a writer wait, nor a writer a reader (SchemaMigrator puts the file in WAL mode).
/// </summary>
public sealed class SqliteJournalTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_migrated_file_is_in_write_ahead_log_mode_and_a_long_read_does_not_block_a_write()
    {
        await using var temp = await TempSqliteDb.CreateAsync(Ct);
        var cs = $"Data Source={temp.Path};Pooling=False;Default Timeout=2";

        await using var reader = new SqliteConnection(cs);
        await reader.OpenAsync(Ct);
        Assert.Equal("wal", await ScalarAsync(reader, null, "PRAGMA journal_mode"));

        // A read transaction stays open (its snapshot) while another connection writes and commits.
        await using var readTx = reader.BeginTransaction(deferred: true);
        var before = Convert.ToInt64(await ScalarAsync(reader, readTx, "SELECT COUNT(*) FROM schema_history"), System.Globalization.CultureInfo.InvariantCulture);

        await using (var writer = new SqliteConnection(cs))
        {
            await writer.OpenAsync(Ct);
            await using var tx = (SqliteTransaction)await writer.BeginTransactionAsync(Ct);
            await using (var cmd = writer.CreateCommand())
            {
                cmd.Transaction = tx;
                cmd.CommandText = "INSERT INTO schema_history (version, name, applied_at) VALUES ('9999', 'test', 'now')";
                await cmd.ExecuteNonQueryAsync(Ct);
            }
            await tx.CommitAsync(Ct); // in rollback-journal mode this waits for the reader and fails with « database is locked »
        }

        // The reader still sees its snapshot; a new read sees the write.
        Assert.Equal(before, Convert.ToInt64(await ScalarAsync(reader, readTx, "SELECT COUNT(*) FROM schema_history"), System.Globalization.CultureInfo.InvariantCulture));
        await readTx.CommitAsync(Ct);
        Assert.Equal(before + 1, Convert.ToInt64(await ScalarAsync(reader, null, "SELECT COUNT(*) FROM schema_history"), System.Globalization.CultureInfo.InvariantCulture));
    }

    private static async Task<object?> ScalarAsync(SqliteConnection conn, SqliteTransaction? tx, string sql)
    {
        await using var cmd = conn.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        return await cmd.ExecuteScalarAsync(Ct);
    }
}
