using Maillage.Browser.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Maillage.Browser.Tests.Pages;

/// <summary>Mon espace (/mon-espace): what waits for the signed-in person, and his or her notifications.</summary>
public sealed class MySpacePage(IPage page) : PageObject(page)
{
    protected override string Path => Routes.Pages.MySpace;

    /// <summary>The account's name, role and scope, under the heading.</summary>
    public ILocator Account => Page.Locator("#mon-compte");

    /// <summary>The two lines on what Maillage does for the role.</summary>
    public ILocator About => Page.Locator("#role-maillage");

    /// <summary>The things waiting in one section (report, filiere_report, dossier, jury, committee, association).</summary>
    public ILocator Items(string section) => Page.Locator($"[data-home-item='{section}']");

    public ILocator AllItems => Page.Locator("[data-home-item]");

    public ILocator Notifications => Page.Locator("[data-notification]");

    public ILocator UnreadNotifications => Page.Locator("[data-notification][data-read='false']");

    /// <summary>Marks the first unread notification read with its own button.</summary>
    public async Task MarkFirstReadAsync() =>
        await UnreadNotifications.First.GetByRole(AriaRole.Button, new() { Name = "Marquer comme lue" }).ClickAndWaitForNewPageAsync();
}
