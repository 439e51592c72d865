using System.Security.Claims;
using System.Text.Encodings.Web;
using Maillage.Core.Data;
using Maillage.Core.Features.Accounts;
using Maillage.Core.Infrastructure.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Maillage.Web.Auth;

/// <summary>Sign-in: local accounts (ASP.NET Core Identity, cookie) for pages, personal API tokens (Bearer) for programs.</summary>
public static class AuthSetup
{
    public const string TokenScheme = "ApiToken";
    public const string SmartScheme = "CookieOrToken";

    public static void AddMaillageAuth(this IServiceCollection services)
    {
        services.AddIdentity<AppUser, IdentityRole>(o =>
            {
                o.Password.RequiredLength = 12;
                o.Password.RequireNonAlphanumeric = false;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Lockout.AllowedForNewUsers = true;
                o.User.RequireUniqueEmail = false;
            })
            .AddMaillageStores()
            .AddClaimsPrincipalFactory<MaillageClaimsFactory>()
            .AddSignInManager<MaillageSignInManager>()
            .AddDefaultTokenProviders();
        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/connexion";
            o.LogoutPath = "/deconnexion";
            o.AccessDeniedPath = "/acces-refuse";
            o.Cookie.Name = "maillage.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.SlidingExpiration = true;
            // An API call gets 401/403, not a redirect to the sign-in page.
            o.Events.OnRedirectToLogin = ctx => Reject(ctx, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = ctx => Reject(ctx, StatusCodes.Status403Forbidden);
        });
        services.AddAuthentication(o =>
            {
                o.DefaultScheme = SmartScheme;
                o.DefaultAuthenticateScheme = SmartScheme;
                o.DefaultChallengeScheme = SmartScheme;
            })
            .AddPolicyScheme(SmartScheme, "Cookie or API token", o => o.ForwardDefaultSelector = SchemeOf)
            .AddScheme<AuthenticationSchemeOptions, ApiTokenHandler>(TokenScheme, null);
        services.AddAuthorization();
        // Sign-out is server-side: it rotates the account's security stamp, and the stamp in the cookie is checked
        // against the database on every request (not every 30 minutes), so a copied cookie dies with the sign-out.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.Zero);
    }

    /// <summary>
    /// Which scheme authenticates a request. Pages: the sign-in cookie only (a Bearer token on a page is not a sign-in,
    /// so a token cannot open "Mes jetons d'API" and mint another). /api: the Bearer token when one is sent; otherwise
    /// the cookie for reads (the pages' scripts poll the API), and nothing for writes (POST, PUT, PATCH, DELETE): an
    /// API write needs a token, so a cross-site form or script riding a browser session gets 401.
    /// </summary>
    public static string SchemeOf(HttpContext ctx)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        if (!ctx.Request.Path.StartsWithSegments("/api")) return IdentityConstants.ApplicationScheme;
        if (ctx.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return TokenScheme;
        var method = ctx.Request.Method;
        return HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method)
            ? IdentityConstants.ApplicationScheme
            : TokenScheme;
    }

    private static Task Reject(RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> ctx, int status)
    {
        if (ctx.Request.Path.StartsWithSegments("/api"))
        {
            ctx.Response.StatusCode = status;
            return Task.CompletedTask;
        }
        ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }

    public static IEnumerable<Claim> ScopeClaims(AppUser user)
    {
        yield return new Claim(Caller.RoleClaim, user.Role.ToString());
        if (!string.IsNullOrEmpty(user.ScopeId)) yield return new Claim(Caller.ScopeClaim, user.ScopeId);
        if (!string.IsNullOrEmpty(user.DisplayName)) yield return new Claim("maillage:display", user.DisplayName);
    }
}

public sealed class MaillageClaimsFactory(UserManager<AppUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<AppUser, IdentityRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var id = await base.GenerateClaimsAsync(user);
        id.AddClaims(AuthSetup.ScopeClaims(user));
        return id;
    }
}

/// <summary>Authenticates "Authorization: Bearer mlg_…" through <see cref="ApiTokens.AuthenticateAsync"/> (Core).</summary>
public sealed class ApiTokenHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    ApiTokens tokens) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return AuthenticateResult.NoResult();
        var (user, refusal) = await tokens.AuthenticateAsync(header["Bearer ".Length..].Trim(), Context.RequestAborted);
        if (user is null) return AuthenticateResult.Fail(refusal ?? "Jeton invalide.");
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, user.Id),
            new(ClaimTypes.Name, user.UserName ?? user.Id),
        };
        claims.AddRange(AuthSetup.ScopeClaims(user));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme.Name));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        return base.HandleChallengeAsync(properties);
    }
}

/// <summary>The audit actor of a web request: the signed-in user name, or "anonyme".</summary>
public sealed class HttpAuditActor(IHttpContextAccessor http) : Maillage.Core.Infrastructure.Auditing.IAuditActor
{
    public string UserName => http.HttpContext is null ? "système"
        : http.HttpContext.User.Identity?.IsAuthenticated == true ? http.HttpContext.User.Identity.Name ?? "?" : "anonyme";

    public string Origin => http.HttpContext is null ? "seed"
        : http.HttpContext.Request.Path.StartsWithSegments("/api") ? "api" : "web";
}
