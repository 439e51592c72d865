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

    public static async Task<string> TakeAsync(IPage page, string name)
    {
        System.IO.Directory.CreateDirectory(Directory);
        // Let the charts (dsfr-chart web components) size themselves and finish their animation.
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await page.WaitForTimeoutAsync(1500);
        var path = Path.Combine(Directory, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }
}
