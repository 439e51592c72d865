using Maillage.Testing;
using Microsoft.Playwright;

namespace Maillage.Browser.Tests.Infrastructure;

/// <summary>
/// Named steps of a browser scenario. A step that fails (a Playwright timeout, an assertion) is reported as
/// « step X failed at URL: first line of the error », with the page's title and main heading, where its screenshot and
/// HTML were saved (.tmp/screenshots/failed-*.png/.html) and the app's last logged errors — so that a CI summary, which
/// shows only the first line of each failure, says where the scenario stopped.
/// </summary>
public static class Steps
{
    public static async Task RunAsync(IPage page, string name, Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (Exception e) when (e is not StepFailedException)
        {
            var where = await DescribeAsync(page, name);
            throw new StepFailedException(
                $"step « {name} » failed at {page.Url}: {FirstLine(e.Message)}{Environment.NewLine}{where}{Environment.NewLine}{ServerErrors.Describe(null)}", e);
        }
    }

    /// <summary>A named step that returns a value.</summary>
    public static async Task<T> GetAsync<T>(IPage page, string name, Func<Task<T>> action)
    {
        T result = default!;
        Func<Task> step = async () => { result = await action(); };
        await RunAsync(page, name, step);
        return result;
    }

    private static string FirstLine(string message)
    {
        var line = message.Split('\n', 2)[0].Trim();
        return line.Length <= 300 ? line : line[..300] + "…";
    }

    /// <summary>The page's title and heading and the files saved for it; never throws (the page may be wedged).</summary>
    private static async Task<string> DescribeAsync(IPage page, string step)
    {
        var parts = new List<string>();
        var stem = "failed-" + new string(step.Select(c => char.IsLetterOrDigit(c) ? c : '-').ToArray());
        try
        {
            Directory.CreateDirectory(Screenshots.Directory);
            var title = await page.TitleAsync().WaitAsync(TimeSpan.FromSeconds(10));
            parts.Add($"title « {title} »");
            var html = await page.ContentAsync().WaitAsync(TimeSpan.FromSeconds(10));
            var htmlPath = Path.Combine(Screenshots.Directory, stem + ".html");
            await File.WriteAllTextAsync(htmlPath, html);
            parts.Add("HTML in " + htmlPath);
            var shot = Path.Combine(Screenshots.Directory, stem + ".png");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = shot, Timeout = 10_000 });
            parts.Add("screenshot in " + shot);
        }
        catch (Exception e)
        {
            parts.Add($"(page not described: {FirstLine(e.Message)})");
        }
        return string.Join("; ", parts);
    }
}

/// <summary>A named step of a browser scenario failed (see <see cref="Steps"/>).</summary>
public sealed class StepFailedException(string message, Exception inner) : Exception(message, inner);
