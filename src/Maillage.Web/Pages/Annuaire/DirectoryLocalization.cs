using System.Globalization;
using Maillage.Core.Features.PublicDirectory;
using Microsoft.AspNetCore.Localization;

namespace Maillage.Web.Pages.Annuaire;

/// <summary>
/// The public directory in French (default) or English, as Orphanet's: ASP.NET Core request localization on the
/// directory's pages only (<c>/annuaire…</c>), from <c>?lang=fr|en</c> then from the language cookie the pages set
/// when a language is chosen. The rest of the application stays in French. Browsers' Accept-Language is not read: a
/// French public service page answers in French unless the reader asks otherwise.
/// </summary>
public static class DirectoryLocalization
{
    /// <summary>The query parameter of the pages and the API.</summary>
    public const string QueryKey = "lang";

    /// <summary>The cookie remembering the reader's choice, on the directory's path only.</summary>
    public const string CookieName = "maillage-annuaire-langue";

    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr");
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en");

    public static IApplicationBuilder UseDirectoryLocalization(this IApplicationBuilder app) =>
        app.UseWhen(c => c.Request.Path.StartsWithSegments(Routes.Pages.Directory, StringComparison.OrdinalIgnoreCase), b => b.UseRequestLocalization(Options()));

    private static RequestLocalizationOptions Options()
    {
        var o = new RequestLocalizationOptions
        {
            DefaultRequestCulture = new RequestCulture(French),
            SupportedCultures = [French, English],
            SupportedUICultures = [French, English],
            FallBackToParentCultures = true,
            FallBackToParentUICultures = true,
        };
        o.RequestCultureProviders =
        [
            new QueryStringRequestCultureProvider { QueryStringKey = QueryKey, UIQueryStringKey = QueryKey },
            new CookieRequestCultureProvider { CookieName = CookieName },
        ];
        return o;
    }

    /// <summary>The language request localization chose for this request (French outside the directory).</summary>
    public static DirectoryLanguage Of(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var culture = context.Features.Get<IRequestCultureFeature>()?.RequestCulture.UICulture;
        return culture?.TwoLetterISOLanguageName == "en" ? DirectoryLanguage.English : DirectoryLanguage.French;
    }

    /// <summary>
    /// The same choice computed from the request alone (query, then cookie), for the output cache's key: a cached French
    /// page is never served to a reader who chose English.
    /// </summary>
    public static string CacheKey(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var asked = context.Request.Query[QueryKey].ToString();
        if (Parse(asked) is { } q) return Code(q);
        var cookie = context.Request.Cookies[CookieName];
        if (cookie is not null && CookieRequestCultureProvider.ParseCookieValue(cookie)?.UICultures is [var ui, ..] && Parse(ui.Value) is { } c) return Code(c);
        return "fr";
    }

    /// <summary>"fr" or "en" (any case); null otherwise.</summary>
    public static DirectoryLanguage? Parse(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        "fr" => DirectoryLanguage.French,
        "en" => DirectoryLanguage.English,
        _ => null,
    };

    public static string Code(DirectoryLanguage lang) => lang switch
    {
        DirectoryLanguage.French => "fr",
        DirectoryLanguage.English => "en",
    };

    /// <summary>Remembers an explicit choice (<c>?lang=</c>) in the cookie, on the directory's path, for a year.</summary>
    public static void RememberChoice(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (Parse(context.Request.Query[QueryKey].ToString()) is not { } chosen) return;
        var culture = chosen == DirectoryLanguage.English ? English : French;
        context.Response.Cookies.Append(CookieName, CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)), new CookieOptions
        {
            Path = Routes.Pages.Directory,
            MaxAge = TimeSpan.FromDays(365),
            HttpOnly = true,
            SameSite = SameSiteMode.Lax,
            Secure = context.Request.IsHttps,
            IsEssential = true,
        });
    }
}
