using System.Data.Common;
using System.Diagnostics;
using Maillage.Core.Data;
using Maillage.Domain.Registry;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Maillage.Core.Infrastructure.Nomenclature;

public sealed record OrphanetImportResult(
    string Version,
    int Diseases,
    int ActiveDiseases,
    int Redirections,
    int FrenchNames,
    int Edges,
    IReadOnlyList<OrphaClassificationInfo> Classifications,
    TimeSpan Elapsed);

/// <summary>
/// Imports an ORPHAnomenclature pack (and optionally the French CSVs) into <c>orpha_diseases</c>, <c>orpha_edges</c>
/// and the <see cref="DataSetInfo.OrphanetVersionKey"/> row. Everything is read and checked first; then, in one
/// transaction, both tables are emptied and refilled in code order, so re-importing the same pack yields exactly the
/// same rows. On any error (<see cref="OrphanetImportException"/>) nothing is written.
/// </summary>
public static class OrphanetImporter
{
    private const int RowsPerInsert = 250;

    public static async Task<OrphanetImportResult> ImportAsync(
        MaillageDbContext db, string packZipPath, string? frenchCsvDirectory, IProgress<string>? progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentException.ThrowIfNullOrEmpty(packZipPath);
        var watch = Stopwatch.StartNew();

        var content = await Task.Run(() => OrphanetPackReader.Read(packZipPath, progress, ct), ct);
        var frenchNames = 0;
        if (frenchCsvDirectory is not null)
            frenchNames = OrphanetFrenchCsv.Merge(content.Diseases, frenchCsvDirectory, progress, ct).FrenchNames;

        var diseases = content.Diseases.OrderBy(d => d.Code).ToList();
        var edges = content.Edges.OrderBy(e => e.ClassificationId).ThenBy(e => e.ParentCode).ThenBy(e => e.ChildCode).ToList();

        progress?.Report($"Écriture de {diseases.Count} codes ORPHA et {edges.Count} liens de classification…");
        await WriteAsync(db, diseases, edges, content.Version, ct);

        return new OrphanetImportResult(
            content.Version,
            diseases.Count,
            diseases.Count(d => d.IsActive),
            diseases.Count(d => d.RedirectTo is not null),
            frenchNames,
            edges.Count,
            content.Classifications,
            watch.Elapsed);
    }

    /// <summary>
    /// First-start helper: imports the pack shipped in <c>data/orphanet</c> (with its French CSVs) when the database has
    /// no Orphanet version row or no ORPHA code yet; returns null when the nomenclature is already there.
    /// </summary>
    public static async Task<OrphanetImportResult?> EnsureImportedAsync(MaillageDbContext db, IProgress<string>? progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var hasVersion = await db.DataSetInfos.AnyAsync(i => i.Key == DataSetInfo.OrphanetVersionKey, ct);
        if (hasVersion && await db.OrphaDiseases.AnyAsync(ct)) return null;
        return await ImportAsync(db, ReferenceData.DataPaths.OrphanetPack, ReferenceData.DataPaths.Orphanet, progress, ct);
    }

    private static async Task WriteAsync(MaillageDbContext db, List<OrphaDisease> diseases, List<OrphaEdge> edges, string version, CancellationToken ct)
    {
        var sql = db.GetService<ISqlGenerationHelper>();
        var diseaseTable = TableOf<OrphaDisease>(db, sql,
            (nameof(OrphaDisease.Code), d => d.Code),
            (nameof(OrphaDisease.NameEn), d => d.NameEn),
            (nameof(OrphaDisease.NameFr), d => d.NameFr),
            (nameof(OrphaDisease.Status), d => d.Status),
            (nameof(OrphaDisease.ClassificationLevel), d => d.ClassificationLevel),
            (nameof(OrphaDisease.DisorderType), d => d.DisorderType),
            (nameof(OrphaDisease.Synonyms), d => d.Synonyms),
            (nameof(OrphaDisease.RedirectTo), d => d.RedirectTo));
        var edgeTable = TableOf<OrphaEdge>(db, sql,
            (nameof(OrphaEdge.ClassificationId), e => e.ClassificationId),
            (nameof(OrphaEdge.ParentCode), e => e.ParentCode),
            (nameof(OrphaEdge.ChildCode), e => e.ChildCode));
        var infoTable = TableOf<DataSetInfo>(db, sql,
            (nameof(DataSetInfo.Key), i => i.Key),
            (nameof(DataSetInfo.Value), i => i.Value));

        var ownTransaction = db.Database.CurrentTransaction is null;
        var tx = db.Database.CurrentTransaction ?? await db.Database.BeginTransactionAsync(ct);
        try
        {
            var conn = db.Database.GetDbConnection();
            var dbTx = tx.GetDbTransaction();
            await ExecAsync(conn, dbTx, $"DELETE FROM {edgeTable.Name}", ct);
            await ExecAsync(conn, dbTx, $"DELETE FROM {diseaseTable.Name}", ct);
            await BulkInsertAsync(conn, dbTx, diseaseTable, diseases, ct);
            await BulkInsertAsync(conn, dbTx, edgeTable, edges, ct);
            await using (var del = conn.CreateCommand())
            {
                del.Transaction = dbTx;
                del.CommandText = $"DELETE FROM {infoTable.Name} WHERE {infoTable.Columns[0]} = @k";
                AddParam(del, "@k", DataSetInfo.OrphanetVersionKey);
                await del.ExecuteNonQueryAsync(ct);
            }
            await BulkInsertAsync(conn, dbTx, infoTable, [new DataSetInfo { Key = DataSetInfo.OrphanetVersionKey, Value = version }], ct);
            if (ownTransaction) await tx.CommitAsync(ct);
        }
        catch
        {
            if (ownTransaction) await tx.RollbackAsync(CancellationToken.None);
            throw;
        }
        finally
        {
            if (ownTransaction) await tx.DisposeAsync();
        }

        // Rows written behind EF's back: forget any stale tracked copies.
        foreach (var entry in db.ChangeTracker.Entries().Where(e => e.Entity is OrphaDisease or OrphaEdge or DataSetInfo).ToList())
            entry.State = EntityState.Detached;
    }

    private sealed record Table<T>(string Name, string[] Columns, Func<T, object?>[] Values);

    private static Table<T> TableOf<T>(DbContext db, ISqlGenerationHelper sql, params (string Property, Func<T, object?> Value)[] columns)
    {
        var entity = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not mapped.");
        var tableName = entity.GetTableName()!;
        var schema = entity.GetSchema();
        var store = StoreObjectIdentifier.Table(tableName, schema);
        var names = columns.Select(c => sql.DelimitIdentifier(entity.FindProperty(c.Property)!.GetColumnName(store)!)).ToArray();
        return new Table<T>(sql.DelimitIdentifier(tableName, schema), names, columns.Select(c => c.Value).ToArray());
    }

    /// <summary>Multi-row INSERTs of <see cref="RowsPerInsert"/> rows, one prepared command reused (SQLite and PostgreSQL).</summary>
    private static async Task BulkInsertAsync<T>(DbConnection conn, DbTransaction tx, Table<T> table, IReadOnlyList<T> rows, CancellationToken ct)
    {
        DbCommand? full = null;
        try
        {
            for (var start = 0; start < rows.Count; start += RowsPerInsert)
            {
                ct.ThrowIfCancellationRequested();
                var count = Math.Min(RowsPerInsert, rows.Count - start);
                DbCommand cmd;
                if (count == RowsPerInsert)
                {
                    full ??= CreateInsert(conn, tx, table, RowsPerInsert);
                    cmd = full;
                }
                else
                {
                    cmd = CreateInsert(conn, tx, table, count);
                }
                var p = 0;
                for (var i = 0; i < count; i++)
                {
                    var row = rows[start + i];
                    foreach (var value in table.Values)
                        cmd.Parameters[p++].Value = value(row) ?? DBNull.Value;
                }
                await cmd.ExecuteNonQueryAsync(ct);
                if (!ReferenceEquals(cmd, full)) await cmd.DisposeAsync();
            }
        }
        finally
        {
            if (full is not null) await full.DisposeAsync();
        }
    }

    private static DbCommand CreateInsert<T>(DbConnection conn, DbTransaction tx, Table<T> table, int rowCount)
    {
        var cmd = conn.CreateCommand();
        cmd.Transaction = tx;
        var text = new System.Text.StringBuilder();
        text.Append("INSERT INTO ").Append(table.Name).Append(" (").AppendJoin(", ", table.Columns).Append(") VALUES ");
        var p = 0;
        for (var r = 0; r < rowCount; r++)
        {
            if (r > 0) text.Append(", ");
            text.Append('(');
            for (var c = 0; c < table.Columns.Length; c++)
            {
                if (c > 0) text.Append(", ");
                var name = "@p" + p.ToString(System.Globalization.CultureInfo.InvariantCulture);
                text.Append(name);
                var parameter = cmd.CreateParameter();
                parameter.ParameterName = name;
                parameter.Value = DBNull.Value;
                cmd.Parameters.Add(parameter);
                p++;
            }
            text.Append(')');
        }
        cmd.CommandText = text.ToString();
        return cmd;
    }

    private static async Task ExecAsync(DbConnection conn, DbTransaction tx, string sql, CancellationToken ct)
    {
        await using var cmd = conn.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static void AddParam(DbCommand cmd, string name, object value)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        cmd.Parameters.Add(p);
    }
}
