using Microsoft.Playwright;

namespace Maillage.Browser.Tests.Infrastructure;

/// <summary>Full-page screenshots into the repository's .tmp/screenshots/ (gitignored), to look at the rendering.</summary>
public static class Screenshots
{
    public static string Directory
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Maillage.slnx"))) dir = dir.Parent;
            return Path.Combine(dir?.FullName ?? Path.GetTempPath(), ".tmp", "screenshots");
        }
    }

    /// <summary>
    /// A screenshot of the top of the page (1,280 × 1,400 CSS pixels) for the documentation, into the repository's
    /// docs/screenshots/ (committed: README shows them). Small on purpose: the window, not the full page.
    /// </summary>
    public static async Task<string> TakeForDocsAsync(IPage page, string name)
    {
        var dir = new DirectoryInfo(Directory).Parent!.Parent!.FullName; // <repo>/.tmp/screenshots → <repo>
        var docs = Path.Combine(dir, "docs", "screenshots");
        System.IO.Directory.CreateDirectory(docs);
        // The page is loaded (no chart on these pages): no wait for network idleness, which a request that never
        // ends would turn into a timeout. The window goes back to its size afterwards for the rest of the scenario.
        var before = page.ViewportSize;
        await page.SetViewportSizeAsync(1280, 1400);
        await page.WaitForLoadStateAsync(LoadState.Load);
        var path = Path.Combine(docs, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = false, Animations = ScreenshotAnimations.Disabled });
        if (before is not null) await page.SetViewportSizeAsync(before.Width, before.Height);
        return path;
    }

    public static async Task<string> TakeAsync(IPage page, string name)
    {
        System.IO.Directory.CreateDirectory(Directory);
        // Let the charts (dsfr-chart web components) size themselves and finish their animation. The page has loaded
        // (its scripts with it); network idleness is waited for a while only: a screenshot is for a person to look at,
        // not an assertion, and on a loaded CI machine « no request for 500 ms » once did not come within 60 s and
        // failed a scenario that had passed every check.
        await page.WaitForLoadStateAsync(LoadState.Load);
        try
        {
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle, new() { Timeout = 10_000 });
        }
        catch (TimeoutException)
        {
        }
        await page.WaitForTimeoutAsync(1500);
        var path = Path.Combine(Directory, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }
}
