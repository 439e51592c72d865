using Maillage.Browser.Tests.Infrastructure;
using Maillage.Browser.Tests.Pages;
using Microsoft.Playwright;
using Xunit;

namespace Maillage.Browser.Tests;

public sealed class HomePageTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task Home_page_shows_its_heading()
    {
        var home = new HomePage(await app.NewPageAsync());

        await home.GotoAsync();

        await Assertions.Expect(home.Heading).ToHaveTextAsync("Le réseau maladies rares en chiffres");
        home.AssertNoProblems();
    }
}
