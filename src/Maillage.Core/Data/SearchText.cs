using System.Data.Common;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Query.SqlExpressions;

namespace Maillage.Core.Data;

/// <summary>
/// Accent- and case-insensitive text search, the same on SQLite and PostgreSQL (docs/pickers.md): « elise » finds
/// « Élise », « ETIENNE » finds « Saint-Étienne ». <see cref="Fold"/> lowers a text and removes the accents of the Latin
/// letters French names use; in a LINQ query it runs in the database: on SQLite as the function <c>maillage_fold</c>, which
/// <see cref="SqliteFunctions"/> registers on every connection Maillage opens (SQLite's own <c>lower()</c> folds ASCII
/// only), on PostgreSQL as <c>translate(lower(x), …)</c>, built in (no extension to install). The typed words are folded in
/// C# by the same table. No index is created on the function (a SQLite file whose index needs a function Maillage
/// registers could no longer be written by another tool); the searches are « contains » searches, which no B-tree index
/// serves anyway.
/// </summary>
public static class SearchText
{
    /// <summary>The accented letters folded, upper and lower case, and their plain letters, position by position.</summary>
    public const string Accented = "àáâãäåçèéêëìíîïñòóôõöùúûüýÿÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖÙÚÛÜÝŸ";
    public const string Plain = "aaaaaaceeeeiiiinooooouuuuyyaaaaaaceeeeiiiinooooouuuuyy";

    /// <summary>The SQLite function's name.</summary>
    public const string SqliteFunction = "maillage_fold";

    /// <summary>The text in lower case without accents (« Saint-Étienne » → « saint-etienne »); null stays null.</summary>
    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(text))]
    public static string? Fold(string? text)
    {
        if (text is null) return null;
        var sb = new StringBuilder(text.Length);
        foreach (var ch in text)
        {
            var i = Accented.IndexOf(ch, StringComparison.Ordinal);
            sb.Append(i >= 0 ? Plain[i] : char.ToLowerInvariant(ch));
        }
        return sb.ToString();
    }

    /// <summary>Maps <see cref="Fold"/> to SQL for the context's provider (called by <see cref="MaillageDbContext"/>).</summary>
    public static void Configure(ModelBuilder b, bool sqlite)
    {
        ArgumentNullException.ThrowIfNull(b);
        b.HasDbFunction(typeof(SearchText).GetMethod(nameof(Fold), [typeof(string)])!)
            .HasTranslation(args =>
            {
                var x = args[0];
                return sqlite
                    ? new SqlFunctionExpression(SqliteFunction, args, nullable: true, argumentsPropagateNullability: [true], typeof(string), x.TypeMapping)
                    : new SqlFunctionExpression("translate",
                        [
                            new SqlFunctionExpression("lower", [x], nullable: true, argumentsPropagateNullability: [true], typeof(string), x.TypeMapping),
                            new SqlConstantExpression(Accented, typeof(string), x.TypeMapping),
                            new SqlConstantExpression(Plain, typeof(string), x.TypeMapping),
                        ],
                        nullable: true, argumentsPropagateNullability: [true, false, false], typeof(string), x.TypeMapping);
            });
    }

    /// <summary>Registers <c>maillage_fold</c> on every SQLite connection the context opens (nothing on PostgreSQL).</summary>
    public sealed class SqliteFunctions : DbConnectionInterceptor
    {
        public static readonly SqliteFunctions Instance = new();

        private static void Register(DbConnection connection)
        {
            if (connection is SqliteConnection sqlite)
                sqlite.CreateFunction<string?, string?>(SqliteFunction, Fold, isDeterministic: true);
        }

        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Register(connection);

        public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            Register(connection);
            return Task.CompletedTask;
        }
    }
}
