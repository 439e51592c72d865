using System.Data;
using System.Data.Common;
using Maillage.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Maillage.Core.Features.Activity;

/// <summary>
/// Where the activity import reads the registry and writes its indicators: the connection of an EF context (the web
/// app's jobs, the demo, the tests: the context's connection and transaction management are used, so an import joins
/// what the context already has open) or a plain ADO.NET connection (the CLI's <c>activity import</c>, which never builds
/// the EF model: most of a small import's time was the context's start-up, ADR 0012). The SQL is the same on both.
/// </summary>
public sealed class ActivityConnection
{
    private readonly MaillageDbContext? db;

    private ActivityConnection(MaillageDbContext? db, DbConnection connection)
    {
        this.db = db;
        Connection = connection;
    }

    public DbConnection Connection { get; }

    /// <summary>Whether this is an EF context's connection (else a plain one: the CLI).</summary>
    internal bool HasContext => db is not null;

    /// <summary>The transaction <see cref="BeginAsync"/> opened, while it runs.</summary>
    internal DbTransaction? CurrentTransaction { get; private set; }

    public static ActivityConnection Of(MaillageDbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        return new ActivityConnection(db, db.Database.GetDbConnection());
    }

    public static ActivityConnection Of(DbConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return new ActivityConnection(null, connection);
    }

    /// <summary>Opens the connection unless it is open; true when this call opened it (and <see cref="CloseAsync"/> should close it).</summary>
    internal async Task<bool> OpenAsync(CancellationToken ct)
    {
        if (Connection.State == ConnectionState.Open) return false;
        if (db is not null) await db.Database.OpenConnectionAsync(ct);
        else await Connection.OpenAsync(ct);
        return true;
    }

    internal async Task CloseAsync()
    {
        if (db is not null) await db.Database.CloseConnectionAsync();
        else await Connection.CloseAsync();
    }

    /// <summary>A transaction on the connection (through the context when there is one, so that it knows it).</summary>
    internal async Task<Transaction> BeginAsync(CancellationToken ct)
    {
        Transaction result;
        if (db is not null)
        {
            var tx = await db.Database.BeginTransactionAsync(ct);
            result = new Transaction(this, tx.GetDbTransaction(), tx);
        }
        else
        {
            var plain = await Connection.BeginTransactionAsync(ct);
            result = new Transaction(this, plain, plain);
        }
        CurrentTransaction = result.Db;
        return result;
    }

    /// <summary>
    /// The EF context of this connection, for the step of an import that uses the model when it runs on a context (the
    /// stored compliance verdicts of the file's reports); a plain connection does that step in plain SQL
    /// (<see cref="Reports.ReportService.RefreshMeasuredVerdictsAsync(DbConnection, DbTransaction?, IReadOnlyCollection{ValueTuple{string, int}}, TimeProvider, CancellationToken)"/>)
    /// and never builds the model (ADR 0012).
    /// </summary>
    internal MaillageDbContext Context => db ?? throw new InvalidOperationException("Connexion sans contexte EF.");

    internal sealed class Transaction(ActivityConnection connection, DbTransaction transaction, IAsyncDisposable owner) : IAsyncDisposable
    {
        public DbTransaction Db { get; } = transaction;

        public Task CommitAsync(CancellationToken ct) => owner is IDbContextTransaction ef ? ef.CommitAsync(ct) : Db.CommitAsync(ct);

        public ValueTask DisposeAsync()
        {
            connection.CurrentTransaction = null;
            return owner.DisposeAsync();
        }
    }
}
