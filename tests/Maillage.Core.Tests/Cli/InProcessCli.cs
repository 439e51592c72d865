using Maillage.Cli;

namespace Maillage.Core.Tests.Cli;

/// <summary>
/// Runs <see cref="CliApp.RunAsync"/> in process with the console captured, optionally on a SQLite file named through the
/// environment as a user would (<c>Database__Provider</c>, <c>ConnectionStrings__Maillage</c>), restored afterwards. Tests
/// using it belong to the « Console » collection (the console and the environment are process-wide).
/// </summary>
internal static class InProcessCli
{
    public static async Task<(int Code, string Out, string Err)> RunAsync(string? sqliteFile, params string[] args)
    {
        var saved = (Environment.GetEnvironmentVariable("Database__Provider"), Environment.GetEnvironmentVariable("ConnectionStrings__Maillage"));
        var (o, e) = (Console.Out, Console.Error);
        using var sw = new StringWriter();
        using var ew = new StringWriter();
        try
        {
            if (sqliteFile is not null)
            {
                Environment.SetEnvironmentVariable("Database__Provider", "Sqlite");
                Environment.SetEnvironmentVariable("ConnectionStrings__Maillage", $"Data Source={sqliteFile};Pooling=False");
            }
            Console.SetOut(sw);
            Console.SetError(ew);
            var code = await CliApp.RunAsync(args);
            return (code, sw.ToString(), ew.ToString());
        }
        finally
        {
            Console.SetOut(o);
            Console.SetError(e);
            if (sqliteFile is not null)
            {
                Environment.SetEnvironmentVariable("Database__Provider", saved.Item1);
                Environment.SetEnvironmentVariable("ConnectionStrings__Maillage", saved.Item2);
            }
        }
    }
}
