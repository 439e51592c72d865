using System.Net;
using Maillage.Core.Data;
using Maillage.Testing;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit;

namespace Maillage.Browser.Tests.Infrastructure;

/// <summary>
/// The app on a real Kestrel loopback port (temp SQLite database, demo seed) and Debian's Chromium driven by
/// Playwright. The app is per class (<c>IClassFixture&lt;BrowserApp&gt;</c>: scenarios write); Chromium is one process
/// for the whole test run, shared by every class (launching it costs seconds on a loaded machine), and each test opens
/// its own browser context (cookies, storage: nothing leaks between tests) with <see cref="NewPageAsync"/>.
/// </summary>
public class BrowserApp : IAsyncLifetime
{
    public static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic",
    ];

    private MaillageFactory? _factory;
    private IBrowser? _browser;
    private readonly System.Collections.Concurrent.ConcurrentBag<IBrowserContext> _contexts = [];

    /// <summary>One Playwright driver and one Chromium for the test run, started by the first class that asks.</summary>
    private static readonly Lazy<Task<(IPlaywright Playwright, IBrowser Browser)>> SharedChromium = new(LaunchAsync);

    private static async Task<(IPlaywright, IBrowser)> LaunchAsync()
    {
        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException($"Chromium not found at {ChromiumPath}: apt-get install chromium, or set MAILLAGE_CHROMIUM.");
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
        });
        // Closed with the test process (the driver and Chromium would end with it anyway).
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try { browser.CloseAsync().Wait(TimeSpan.FromSeconds(5)); }
            catch (AggregateException) { /* best effort */ }
            playwright.Dispose();
        };
        return (playwright, browser);
    }

    protected virtual string Seed => "demo";

    public MaillageFactory Factory => _factory ?? throw NotStarted();

    /// <summary>Where Kestrel listens, e.g. http://127.0.0.1:41234/.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    public IBrowser Browser => _browser ?? throw NotStarted();

    public static string ChromiumPath =>
        Environment.GetEnvironmentVariable("MAILLAGE_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    /// <summary>Starts what the app needs before it starts (e.g. an OpenID provider) and returns extra app settings.</summary>
    protected virtual ValueTask<IReadOnlyDictionary<string, string>?> StartDependenciesAsync() => ValueTask.FromResult<IReadOnlyDictionary<string, string>?>(null);

    /// <summary>Stops what <see cref="StartDependenciesAsync"/> started, after the app.</summary>
    protected virtual ValueTask StopDependenciesAsync() => ValueTask.CompletedTask;

    public async ValueTask InitializeAsync()
    {
        var settings = await StartDependenciesAsync();
        _factory = new MaillageFactory(DatabaseProvider.Sqlite, Seed, settings);
        _factory.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        _factory.StartServer();
        var addresses = _factory.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>();
        BaseAddress = new Uri(addresses.Addresses.Single().TrimEnd('/') + "/");

        _browser = (await SharedChromium.Value).Browser;
    }

    /// <summary>A page in a fresh browser context (French locale, Paris time) whose relative URLs go to the app.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString(),
            Locale = "fr-FR",
            TimezoneId = "Europe/Paris",
        });
        _contexts.Add(context);
        // Generous waits: they cost nothing when the page is fast, and on a 2-core machine shared with a CI run and other
        // builds (load average 15-20 seen) a first navigation to a page that warms a cache took more than 15 s.
        context.SetDefaultTimeout(60_000);
        context.SetDefaultNavigationTimeout(60_000);
        // Assertions wait as long as actions: on a loaded 2-core machine a form post and its redirect can take more than 5 s.
        Assertions.SetDefaultExpectTimeout(60_000);
        return await context.NewPageAsync();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var context in _contexts) await context.CloseAsync(); // the shared Chromium stays for the other classes
        if (_factory is not null) await _factory.DisposeAsync();
        await StopDependenciesAsync();
        GC.SuppressFinalize(this);
    }

    private static InvalidOperationException NotStarted() => new("BrowserApp is not initialised.");
}
