extern alias cli;

using CliApp = cli::Maillage.Cli.CliApp;

namespace Maillage.Testing;

/// <summary>
/// Runs the real <c>maillage</c> command in-process against a factory's database (through the same environment
/// variables a user sets), capturing its exit code, standard output and standard error. It changes process-wide state
/// (environment, Console): use it only in tests of the non-parallel <c>ProcessStateCollection</c>.
/// </summary>
public static class CliRunner
{
    private static readonly SemaphoreSlim Gate = new(1, 1);

    public static async Task<(int Code, string Output, string Errors)> RunAsync(MaillageFactory app, params string[] args)
    {
        var variables = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Database__Provider"] = app.Provider.ToString(),
            ["ConnectionStrings__Maillage"] = app.ConnectionString,
        };
        await Gate.WaitAsync();
        var saved = variables.Keys.ToDictionary(k => k, Environment.GetEnvironmentVariable, StringComparer.Ordinal);
        var (stdout, stderr) = (Console.Out, Console.Error);
        using var output = new StringWriter();
        using var errors = new StringWriter();
        try
        {
            foreach (var (k, v) in variables) Environment.SetEnvironmentVariable(k, v);
            Console.SetOut(output);
            Console.SetError(errors);
            var code = await CliApp.RunAsync(args);
            return (code, output.ToString(), errors.ToString());
        }
        finally
        {
            Console.SetOut(stdout);
            Console.SetError(stderr);
            foreach (var (k, v) in saved) Environment.SetEnvironmentVariable(k, v);
            Gate.Release();
        }
    }
}
