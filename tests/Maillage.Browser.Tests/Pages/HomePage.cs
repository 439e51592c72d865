using Microsoft.Playwright;

namespace Maillage.Browser.Tests.Pages;

public sealed class HomePage(IPage page) : PageObject(page)
{
    protected override string Path => "/";
}
