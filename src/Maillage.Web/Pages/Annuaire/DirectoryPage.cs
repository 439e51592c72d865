using System.Globalization;
using Maillage.Core.Features.PublicDirectory;
using Maillage.Domain.PublicDirectory;
using Maillage.Web.Pages.Shared;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Web.Pages.Annuaire;

/// <summary>
/// Base of the public directory pages: anonymous, read from the in-memory <see cref="DirectoryCatalog"/> (no database
/// query per request beyond the cache's periodic check), no personal data beyond a head's professional name and title.
/// </summary>
public abstract class DirectoryPage(DirectoryCache cache) : PageModel
{
    public DirectoryCatalog Catalog { get; private set; } = default!;

    protected async Task LoadCatalogAsync(CancellationToken ct)
    {
        Catalog = await cache.GetAsync(ct);
        ViewData["IsDemo"] = Catalog.IsDemo;
        ViewData["PublicCached"] = true;
    }

    public static string KindLabel(DirCentre c) => Labels.ShortKind(c.Kind, c.Role, c.ResourceKind);

    public static string Orpha(int code) => "ORPHA:" + code.ToString(CultureInfo.InvariantCulture);

    public static string OrphanetUrl(int code) =>
        "https://www.orpha.net/fr/disease/detail/" + code.ToString(CultureInfo.InvariantCulture);

    public static string Km(double km) => km.ToString("N1", CultureInfo.GetCultureInfo("fr-FR")) + " km";

    public static string ProximityLabel(Proximity p) => p switch
    {
        Proximity.SameDepartement => "Dans votre département",
        Proximity.SameRegion => "Dans votre région",
        _ => "Ailleurs en France",
    };

    /// <summary>A registry-entered web address, only if it is http(s): nothing else becomes a link on a public page.</summary>
    public static string? SafeUrl(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttps || u.Scheme == Uri.UriSchemeHttp) ? u.AbsoluteUri : null;

    /// <summary>"?lieu=…" to carry the user's place from page to page.</summary>
    public static string PlaceQuery(string? lieu) => string.IsNullOrWhiteSpace(lieu) ? "" : "?lieu=" + Uri.EscapeDataString(lieu.Trim());
}
