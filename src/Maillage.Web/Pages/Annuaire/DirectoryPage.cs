using System.Globalization;
using Maillage.Core.Features.PublicDirectory;
using Maillage.Domain.PublicDirectory;
using Maillage.Web.Pages.Shared;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Web.Pages.Annuaire;

/// <summary>The list of centres of a directory page (<c>_CentreHits</c>): grouped by coverage when a disease was searched.</summary>
public sealed record CentreHitsView(IReadOnlyList<CentreHit> Hits, string? Lieu, DirectoryPage Page, bool ShowCoverage = false);

/// <summary>The language selector of the header (DSFR « fr-translate »): the current language and this page in each.</summary>
public sealed record LanguageSwitch(string Current, string FrenchHref, string EnglishHref);

/// <summary>
/// Base of the public directory pages: anonymous, read from the in-memory <see cref="DirectoryCatalog"/> (no database
/// query per request beyond the cache's periodic check), no personal data beyond a head's professional name and title.
/// </summary>
public abstract class DirectoryPage(DirectoryCache cache) : PageModel
{
    public DirectoryCatalog Catalog { get; private set; } = default!;

    /// <summary>The page's language (<see cref="DirectoryLocalization"/>): French unless the reader chose English.</summary>
    public DirectoryLanguage Language { get; private set; }

    public bool English => Language == DirectoryLanguage.English;

    /// <summary>The French or the English text, by the page's language.</summary>
    public string T(string french, string english) => English ? english : french;

    /// <summary>Whether the page has its English text; a page that has not is French whatever the choice (and says so).</summary>
    protected virtual bool Translated => true;

    /// <summary>The reader chose English on a page that exists only in French.</summary>
    public bool FrenchOnly { get; private set; }

    protected async Task LoadCatalogAsync(CancellationToken ct)
    {
        Catalog = await cache.GetAsync(ct);
        Language = DirectoryLocalization.Of(HttpContext);
        FrenchOnly = !Translated && Language == DirectoryLanguage.English;
        if (FrenchOnly) Language = DirectoryLanguage.French;
        DirectoryLocalization.RememberChoice(HttpContext);
        ViewData["IsDemo"] = Catalog.IsDemo;
        ViewData["PublicCached"] = true;
        ViewData["Lang"] = DirectoryLocalization.Code(Language);
        ViewData["LanguageSwitch"] = new LanguageSwitch(DirectoryLocalization.Code(Language), SwitchTo(DirectoryLanguage.French), SwitchTo(DirectoryLanguage.English));
    }

    /// <summary>This page with <c>lang</c> set to <paramref name="lang"/>, the other parameters kept.</summary>
    private string SwitchTo(DirectoryLanguage lang)
    {
        var query = Request.Query.Where(q => !string.Equals(q.Key, DirectoryLocalization.QueryKey, StringComparison.OrdinalIgnoreCase))
            .SelectMany(q => q.Value.Select(v => Uri.EscapeDataString(q.Key) + "=" + Uri.EscapeDataString(v ?? "")))
            .Append(DirectoryLocalization.QueryKey + "=" + DirectoryLocalization.Code(lang));
        return Request.PathBase + Request.Path + "?" + string.Join('&', query);
    }

    /// <summary>A disease's name in the page's language.</summary>
    public string DiseaseName(int code) => English ? Catalog.Diseases.Get(code)?.NameEn ?? Catalog.DiseaseName(code) : Catalog.DiseaseName(code);

    /// <summary>"Dans votre département" or its English, for a proximity group.</summary>
    public string ProximityText(Proximity p) => English
        ? p switch
        {
            Proximity.SameDepartement => "In your département",
            Proximity.SameRegion => "In your region",
            Proximity.Elsewhere => "Elsewhere in France",
        }
        : ProximityLabel(p);

    public static string KindLabel(DirCentre c) => Labels.ShortKind(c.Kind, c.Role, c.ResourceKind);

    public static string Orpha(int code) => "ORPHA:" + code.ToString(CultureInfo.InvariantCulture);

    public static string OrphanetUrl(int code) =>
        "https://www.orpha.net/fr/disease/detail/" + code.ToString(CultureInfo.InvariantCulture);

    /// <summary>The disease's page on Orphanet, in the reader's language.</summary>
    public static string OrphanetUrl(int code, DirectoryLanguage lang) => lang == DirectoryLanguage.English
        ? "https://www.orpha.net/en/disease/detail/" + code.ToString(CultureInfo.InvariantCulture)
        : OrphanetUrl(code);

    /// <summary>A centre's kind in English: "Coordinating site", "Constitutive site", "Competence centre", "Resource centre".</summary>
    public static string KindLabelEnglish(Maillage.Domain.Registry.CentreKind kind, Maillage.Domain.Registry.SiteRole? role) => kind switch
    {
        Maillage.Domain.Registry.CentreKind.ReferenceSite => role == Maillage.Domain.Registry.SiteRole.Coordinating ? "Coordinating site" : "Constitutive site",
        Maillage.Domain.Registry.CentreKind.CompetenceCentre => "Competence centre",
        Maillage.Domain.Registry.CentreKind.ResourceCentre => "Resource centre",
    };

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
