using System.Text.Json;
using Microsoft.Playwright;

namespace Maillage.Browser.Tests.Infrastructure;

/// <summary>
/// axe-core (npm axe-core, MIT, a dev dependency of src/Maillage.Web installed with the front-end packages) run in a page:
/// its serious and critical violations of WCAG 2.0/2.1 A and AA and of the best practices, one line each.
/// </summary>
public static class Axe
{
    public static async Task<List<string>> SeriousViolationsAsync(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        // Evaluated through the DevTools protocol, not added as an inline <script>: the site's Content-Security-Policy
        // (script-src 'self') rightly blocks inline scripts, and the harness must not weaken it.
        await page.EvaluateAsync(await File.ReadAllTextAsync(Script));
        var json = await page.EvaluateAsync<string>(@"async () => {
            const r = await axe.run(document, { resultTypes: ['violations'], runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
            return JSON.stringify(r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 5).map(n => n.target.join(' ')) })));
        }");
        using var doc = JsonDocument.Parse(json);
        return [.. doc.RootElement.EnumerateArray().Select(v =>
            $"{v.GetProperty("impact").GetString()} {v.GetProperty("id").GetString()} ({v.GetProperty("help").GetString()}): " +
            string.Join(" | ", v.GetProperty("targets").EnumerateArray().Select(t => t.GetString())))];
    }

    private static string Script
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var candidate = System.IO.Path.Combine(dir.FullName, "src", "Maillage.Web", "node_modules", "axe-core", "axe.min.js");
                if (File.Exists(candidate)) return candidate;
            }
            throw new FileNotFoundException("axe-core is missing: build src/Maillage.Web (npm ci installs it as a dev dependency).");
        }
    }
}
