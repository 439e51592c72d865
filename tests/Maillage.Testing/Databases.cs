using Maillage.Core.Data;
using Xunit;

namespace Maillage.Testing;

/// <summary>
/// Theory data: every database provider a test must pass on.
/// <c>[Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]</c>.
/// SQLite always; PostgreSQL when <c>MAILLAGE_TEST_POSTGRES</c> is set. Without it the PostgreSQL row is skipped on a
/// developer machine, but on CI (<c>CI=true</c>) it runs and fails: CI must never go green without PostgreSQL.
/// </summary>
public static class Databases
{
    public static IEnumerable<TheoryDataRow<DatabaseProvider>> All()
    {
        yield return new TheoryDataRow<DatabaseProvider>(DatabaseProvider.Sqlite);
        var row = new TheoryDataRow<DatabaseProvider>(DatabaseProvider.Postgres);
        if (MaillageFactory.PostgresServer is null && !IsCi)
            row.Skip = $"{MaillageFactory.PostgresVariable} is not set (scripts/test.sh sets it)";
        yield return row;
    }

    public static bool IsCi =>
        string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase)
        || Environment.GetEnvironmentVariable("CI") == "1";
}
