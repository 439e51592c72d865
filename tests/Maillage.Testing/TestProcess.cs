using System.Runtime.CompilerServices;

namespace Maillage.Testing;

/// <summary>
/// Process-wide settings of every test process that hosts the app (Maillage.Web.Tests, Maillage.Browser.Tests), applied
/// when this assembly is first touched, so before any host is built — whether the tests run under scripts/test.sh or
/// a bare <c>dotnet test</c>.
/// </summary>
/// <remarks>
/// A test process builds dozens of hosts, and Linux gives each user 128 inotify instances by default
/// (<c>fs.inotify.max_user_instances</c>), shared with every other process of the user (Chromium, the other test
/// project running beside). Each host's file providers — configuration files reloaded on change, the web root behind
/// <c>asp-append-version</c>, static web assets — open a watcher, and once the limit is reached the next one throws
/// <see cref="IOException"/>: a host that does not start, or a page that answers 500 on its first render. The tests
/// never change a file under a running host, so: no configuration reload, and file providers poll instead of
/// watching (<c>DOTNET_USE_POLLING_FILE_WATCHER</c>, read by <c>PhysicalFileProvider</c>). A variable already set wins.
/// </remarks>
internal static class TestProcess
{
    // CA2255 warns libraries off module initialisers; this one is the point: a test support library whose settings
    // must precede the first host, whichever test project loads it.
#pragma warning disable CA2255
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Initialize()
    {
        SetIfUnset("DOTNET_hostBuilder__reloadConfigOnChange", "false");
        SetIfUnset("DOTNET_USE_POLLING_FILE_WATCHER", "true");
    }

    private static void SetIfUnset(string name, string value)
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(name))) Environment.SetEnvironmentVariable(name, value);
    }
}
