using Microsoft.Playwright;

namespace Maillage.Browser.Tests.Infrastructure;

/// <summary>
/// What a user does that a test must wait on as the user does, not on a timing of this machine: a form post that replaces
/// the page, and a choice in a picker's suggestions. Both were races on a loaded CI machine (a list of the old page read
/// before the new one came; a suggestion list opened over a button between typing and clicking).
/// </summary>
public static class PageActions
{
    /// <summary>
    /// Clicks a button (or link) that loads a new document and returns once that document is there: the old one is
    /// marked before the click and the method waits until the marker is gone. A success message the old page already
    /// showed, or a form still on it, can no longer be mistaken for the new page's.
    /// </summary>
    public static async Task ClickAndWaitForNewPageAsync(this ILocator target, float timeoutMs = 60_000)
    {
        var page = target.Page;
        await page.EvaluateAsync("() => { window.__maillageOldDocument = true; }");
        await target.ClickAsync();
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (true)
        {
            try
            {
                // Evaluated in whichever document is there; while it is being replaced the call may fail: try again.
                if (!await page.EvaluateAsync<bool>("() => window.__maillageOldDocument === true")) break;
            }
            catch (PlaywrightException) when (DateTime.UtcNow < deadline)
            {
            }
            if (DateTime.UtcNow >= deadline)
                throw new TimeoutException($"No new page {timeoutMs} ms after the click (still at {page.Url}).");
            await Task.Delay(50);
        }
        await page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
    }

    /// <summary>
    /// Types in a picker (docs/pickers.md) and chooses the suggestion whose text contains <paramref name="option"/>, as a
    /// user does: the list closes on the choice, so nothing covers the form's buttons afterwards.
    /// </summary>
    public static async Task PickAsync(this IPage page, string inputSelector, string typed, string option)
    {
        var input = page.Locator(inputSelector);
        await input.FillAsync(typed);
        var listId = await input.GetAttributeAsync("aria-controls")
            ?? throw new InvalidOperationException($"{inputSelector} is not a combobox (no aria-controls).");
        var list = page.Locator("#" + listId);
        var choice = list.GetByRole(AriaRole.Option).Filter(new() { HasText = option }).First;
        await choice.ClickAsync();
        await Assertions.Expect(list).ToBeHiddenAsync();
    }
}
