using Microsoft.AspNetCore.Mvc;

namespace Maillage.Web.Auth;

/// <summary>
/// Where a person lands after signing in, locally or through ProConnect / Pro Santé Connect: Mon espace, unless a page
/// asked to come back to itself (a local return URL other than the public home).
/// </summary>
public static class SignInLanding
{
    public static string After(IUrlHelper url, string? returnUrl)
    {
        ArgumentNullException.ThrowIfNull(url);
        return url.IsLocalUrl(returnUrl) && returnUrl != Routes.Pages.Home ? returnUrl! : Routes.Pages.MySpace;
    }
}
