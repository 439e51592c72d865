using Microsoft.Playwright;
using Xunit;

namespace Maillage.Browser.Tests.Pages;

/// <summary>
/// Base of the page objects: one class per page of the site, exposing what a user sees and does there (locators by
/// role and label, intent methods such as <c>SearchAsync</c>), so tests read as scenarios and selectors live in one
/// place. Records the browser console errors and failed same-site requests (a missing DSFR asset shows up here).
/// </summary>
public abstract class PageObject
{
    private readonly List<string> _problems = [];

    protected PageObject(IPage page)
    {
        Page = page;
        Page.Console += (_, message) =>
        {
            if (message.Type == "error" && !message.Text.StartsWith("Failed to load resource", StringComparison.Ordinal))
                _problems.Add($"console: {message.Text} ({message.Location})");
        };
        Page.PageError += (_, error) => _problems.Add($"page error: {error}");
        Page.Response += (_, response) =>
        {
            // Chromium asks for /favicon.ico by itself when a page declares no icon: not the page's fault.
            if (response.Status >= 400 && new Uri(response.Url).AbsolutePath != "/favicon.ico")
                _problems.Add($"HTTP {response.Status}: {response.Url}");
        };
    }

    public IPage Page { get; }

    /// <summary>The path of the page, relative to the site root.</summary>
    protected abstract string Path { get; }

    /// <summary>The page's main heading.</summary>
    public ILocator Heading => Page.Locator("h1");

    /// <summary>Console errors, script errors and failed responses seen since the page object was created.</summary>
    public IReadOnlyList<string> Problems => _problems;

    /// <summary>Fails with the full list if the browser saw an error (see <see cref="Problems"/>).</summary>
    public void AssertNoProblems() =>
        Assert.True(_problems.Count == 0, "The browser reported:\n" + string.Join('\n', _problems));

    /// <summary>Navigates to <see cref="Path"/> and fails unless the server answers 2xx.</summary>
    public async Task GotoAsync()
    {
        var response = await Page.GotoAsync(Path);
        Assert.NotNull(response);
        Assert.True(response.Ok, $"GET {Path} answered {response.Status}");
    }
}
