using Maillage.Core.Features.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Identity;

namespace Maillage.Web.Auth;

/// <summary>
/// One identity federation as configured (section <c>Authentication:ProConnect</c> or
/// <c>Authentication:ProSanteConnect</c>, docs/authentication.md). A federation without an authority and a client id is
/// off: no scheme, no button, its callback path answers 404.
/// </summary>
public sealed class ExternalProviderOptions
{
    /// <summary>The issuer, whose <c>/.well-known/openid-configuration</c> gives the endpoints and keys.</summary>
    public string? Authority { get; set; }
    public string? ClientId { get; set; }
    public string? ClientSecret { get; set; }
    /// <summary>Scopes separated by spaces; the federation's default when empty.</summary>
    public string? Scopes { get; set; }
    /// <summary>The <c>acr_values</c> sent with the authorization request (e.g. <c>eidas1</c>); none when empty.</summary>
    public string? AcrValues { get; set; }
    /// <summary>Only a test provider on the loopback may set this to false.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;
    /// <summary>Whether an e-mail sent without <c>email_verified</c> counts as verified (ProConnect: yes by default).</summary>
    public bool? EmailVerifiedWithoutClaim { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority) && !string.IsNullOrWhiteSpace(ClientId);
}

/// <summary>A federation offered on the sign-in page.</summary>
public sealed record ExternalProvider(IdentityProvider Provider, string Scheme, string Label, string AboutUrl, ExternalProviderOptions Options)
{
    public string Code => IdentityProviders.Table.Code(Provider);

    public bool EmailVerifiedWithoutClaim => Options.EmailVerifiedWithoutClaim ?? Provider == IdentityProvider.ProConnect;
}

/// <summary>The federations configured on this deployment, in the order of the sign-in page's buttons.</summary>
public sealed class ExternalProviders(IReadOnlyList<ExternalProvider> enabled)
{
    public IReadOnlyList<ExternalProvider> Enabled { get; } = enabled;

    public ExternalProvider? ByCode(string? code) => Enabled.FirstOrDefault(p => string.Equals(p.Code, code, StringComparison.Ordinal));
}

/// <summary>
/// Sign-in with ProConnect (State agents) and Pro Santé Connect (health professionals): one OpenID Connect scheme per
/// configured federation (authorization code + PKCE, claims from the userinfo endpoint, which ProConnect answers as a
/// signed JWT), signing in to Identity's external cookie only. The page <see cref="Routes.Pages.ExternalSignIn"/> then
/// asks Core's linking rule (<see cref="ExternalSignIn"/>) which Maillage account this is, and signs in to that account;
/// roles and scopes stay those granted in Maillage.
/// </summary>
public static class ExternalSignInSetup
{
    public const string ProConnectScheme = "ProConnect";
    public const string ProSanteConnectScheme = "ProSanteConnect";
    /// <summary>Which federation a sign-in went through, kept in the authentication properties across the round trip.</summary>
    public const string ProviderItem = "maillage.provider";

    public static void AddMaillageExternalSignIn(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var all = new[]
        {
            new ExternalProvider(IdentityProvider.ProConnect, ProConnectScheme, "ProConnect", "https://www.proconnect.gouv.fr/",
                Bind(configuration, "Authentication:ProConnect")),
            new ExternalProvider(IdentityProvider.ProSanteConnect, ProSanteConnectScheme, "Pro Santé Connect", "https://esante.gouv.fr/produits-services/pro-sante-connect",
                Bind(configuration, "Authentication:ProSanteConnect")),
        };
        var enabled = all.Where(p => p.Options.Enabled).ToList();
        services.AddSingleton(new ExternalProviders(enabled));
        services.AddScoped<ExternalSignIn>();
        if (enabled.Count == 0) return;
        var auth = services.AddAuthentication();
        foreach (var p in enabled) auth.AddOpenIdConnect(p.Scheme, p.Label, o => Configure(o, p));
    }

    private static ExternalProviderOptions Bind(IConfiguration configuration, string section)
    {
        var o = new ExternalProviderOptions();
        configuration.GetSection(section).Bind(o);
        return o;
    }

    private static void Configure(OpenIdConnectOptions o, ExternalProvider p)
    {
        var slug = p.Provider switch
        {
            IdentityProvider.ProConnect => "proconnect",
            IdentityProvider.ProSanteConnect => "pro-sante-connect",
        };
        o.SignInScheme = IdentityConstants.ExternalScheme;
        o.Authority = p.Options.Authority!.Trim();
        o.ClientId = p.Options.ClientId!.Trim();
        o.ClientSecret = p.Options.ClientSecret;
        o.RequireHttpsMetadata = p.Options.RequireHttpsMetadata;
        o.ResponseType = "code";
        // The code comes back in the query, as ProConnect and Pro Santé Connect document it (GET redirect_uri?code&state).
        o.ResponseMode = "query";
        o.UsePkce = true;
        o.SaveTokens = false;
        o.MapInboundClaims = false;
        o.GetClaimsFromUserInfoEndpoint = true;
        o.CallbackPath = $"{Routes.Pages.SignIn}/{slug}/retour";
        o.SignedOutCallbackPath = $"{Routes.Pages.SignOut}/{slug}/retour";
        o.RemoteSignOutPath = $"{Routes.Pages.SignOut}/{slug}/distante";
        o.Scope.Clear();
        var scopes = string.IsNullOrWhiteSpace(p.Options.Scopes)
            ? p.Provider switch
            {
                // ProConnect: the "identité pivot" (docs of ProConnect, « Données fournies »).
                IdentityProvider.ProConnect => "openid email given_name usual_name uid siret idp_id",
                // Pro Santé Connect: everything the RPPS directory gives, SubjectNameID (idNat) included.
                IdentityProvider.ProSanteConnect => "openid scope_all",
            }
            : p.Options.Scopes;
        foreach (var s in scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)) o.Scope.Add(s);
        // The userinfo claims the linking rule and the display read (ExternalIdentity.From).
        foreach (var claim in new[] { "email", "email_verified", "given_name", "usual_name", "family_name", "uid", "siret", "idp_id", "SubjectNameID", "preferred_username" })
            o.ClaimActions.MapUniqueJsonKey(claim, claim);
        o.Events = new OpenIdConnectEvents
        {
            OnRedirectToIdentityProvider = ctx =>
            {
                var acr = string.IsNullOrWhiteSpace(p.Options.AcrValues)
                    ? p.Provider == IdentityProvider.ProSanteConnect ? "eidas1" : null
                    : p.Options.AcrValues.Trim();
                if (acr is not null) ctx.ProtocolMessage.AcrValues = acr;
                return Task.CompletedTask;
            },
            // Whatever comes back to the callback (a forged state, an error from the provider, a user who cancelled):
            // the French refusal page, never a 500 (docs/security.md, "Hostile input").
            OnRemoteFailure = ctx =>
            {
                ctx.Response.Redirect($"{Routes.Pages.ExternalSignIn}?echec={p.Code}");
                ctx.HandleResponse();
                return Task.CompletedTask;
            },
        };
    }

    /// <summary>The properties of a challenge: where the round trip ends and which federation it went through.</summary>
    public static AuthenticationProperties ChallengeProperties(ExternalProvider provider, string? returnUrl)
    {
        ArgumentNullException.ThrowIfNull(provider);
        var end = Routes.Pages.ExternalSignIn + (string.IsNullOrEmpty(returnUrl) ? "" : "?returnUrl=" + Uri.EscapeDataString(returnUrl));
        var props = new AuthenticationProperties { RedirectUri = end };
        props.Items[ProviderItem] = provider.Code;
        return props;
    }
}
