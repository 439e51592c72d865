using System.Diagnostics;

namespace Maillage.Browser.Tests.Infrastructure;

/// <summary>
/// The test OpenID provider (tests/Tools/oidc-provider, npm <c>oidc-provider</c> 9.x, installed by scripts/test.sh) run
/// by node on a free loopback port: one issuer playing ProConnect and Pro Santé Connect with fixed, fictitious users.
/// Started before the app (the app reads the issuer at start-up), stopped after it; it also stops by itself when its
/// standard input closes, i.e. when the test process ends however it ends.
/// </summary>
public sealed class TestOidcProvider : IAsyncDisposable
{
    public const string ProConnectClient = "maillage-proconnect";
    public const string ProSanteConnectClient = "maillage-psc";
    public const string Secret = "maillage-test-secret-not-for-production";

    private readonly Process _process;

    private TestOidcProvider(Process process, Uri issuer)
    {
        _process = process;
        Issuer = issuer;
    }

    public Uri Issuer { get; }

    public static string ToolDirectory
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Maillage.slnx")))
                    return Path.Combine(dir.FullName, "tests", "Tools", "oidc-provider");
            throw new InvalidOperationException("Maillage.slnx not found above " + AppContext.BaseDirectory);
        }
    }

    public static async Task<TestOidcProvider> StartAsync()
    {
        var dir = ToolDirectory;
        if (!Directory.Exists(Path.Combine(dir, "node_modules", "oidc-provider")))
            throw new InvalidOperationException($"The test OpenID provider is not installed: run scripts/test.sh, or `npm ci` in {dir}.");
        var start = new ProcessStartInfo("node", ["server.js", "--port", "0"])
        {
            WorkingDirectory = dir,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        process.ErrorDataReceived += (_, _) => { }; // its development warnings: drained, not shown
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            var line = await process.StandardOutput.ReadLineAsync(timeout.Token);
            if (line is null)
            {
                await process.WaitForExitAsync(timeout.Token);
                throw new InvalidOperationException($"The test OpenID provider stopped (exit code {process.ExitCode}) before listening.");
            }
            const string ready = "oidc-provider listening on ";
            if (line.StartsWith(ready, StringComparison.Ordinal))
                return new TestOidcProvider(process, new Uri(line[ready.Length..].Trim()));
        }
    }

    /// <summary>App settings that point both federations at this provider (docs/authentication.md, configuration keys).</summary>
    public IReadOnlyDictionary<string, string> AppSettings() => new Dictionary<string, string>
    {
        ["Authentication:ProConnect:Authority"] = Issuer.ToString().TrimEnd('/'),
        ["Authentication:ProConnect:ClientId"] = ProConnectClient,
        ["Authentication:ProConnect:ClientSecret"] = Secret,
        ["Authentication:ProConnect:RequireHttpsMetadata"] = "false",
        ["Authentication:ProSanteConnect:Authority"] = Issuer.ToString().TrimEnd('/'),
        ["Authentication:ProSanteConnect:ClientId"] = ProSanteConnectClient,
        ["Authentication:ProSanteConnect:ClientSecret"] = Secret,
        ["Authentication:ProSanteConnect:RequireHttpsMetadata"] = "false",
    };

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.StandardInput.Close(); // server.js stops when its input ends
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try { await _process.WaitForExitAsync(wait.Token); }
            catch (OperationCanceledException) { _process.Kill(entireProcessTree: true); }
        }
        _process.Dispose();
    }
}

/// <summary>The app with both federations configured against a <see cref="TestOidcProvider"/> of its own.</summary>
public sealed class BrowserAppWithOidc : BrowserApp
{
    private TestOidcProvider? _provider;

    public TestOidcProvider Provider => _provider ?? throw new InvalidOperationException("Not started.");

    protected override async ValueTask<IReadOnlyDictionary<string, string>?> StartDependenciesAsync()
    {
        _provider = await TestOidcProvider.StartAsync();
        return _provider.AppSettings();
    }

    protected override async ValueTask StopDependenciesAsync()
    {
        if (_provider is not null) await _provider.DisposeAsync();
    }
}
