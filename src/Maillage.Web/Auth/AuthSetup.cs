using System.Security.Claims;
using System.Text.Encodings.Web;
using Maillage.Core.Data;
using Maillage.Core.Security;
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
            .AddEntityFrameworkStores<MaillageDbContext>()
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

/// <summary>Authenticates "Authorization: Bearer mlg_…" against the hashed personal tokens.</summary>
public sealed class ApiTokenHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    MaillageDbContext db, TimeProvider clock) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return AuthenticateResult.NoResult();
        var token = header["Bearer ".Length..].Trim();
        if (!token.StartsWith(TokenHasher.Prefix, StringComparison.Ordinal)) return AuthenticateResult.Fail("Jeton invalide.");
        var hash = TokenHasher.Hash(token);
        var now = clock.GetUtcNow();
        var row = await db.ApiTokens.Include(t => t.User).FirstOrDefaultAsync(t => t.Hash == hash);
        if (row?.User is null || row.RevokedAt is not null || (row.ExpiresAt is not null && row.ExpiresAt < now))
            return AuthenticateResult.Fail("Jeton invalide, expiré ou révoqué.");
        // No lockout check: the lockout throttles password guesses at the sign-in form; it must not cut the account's
        // integrations (five wrong passwords typed by anyone would otherwise stop its tokens for 15 minutes).
        if (row.User.IsDemo && !await db.DataSetInfos.AnyAsync(x => x.Key == DataSetInfo.DemoKey && x.Value == "true"))
            return AuthenticateResult.Fail("Les comptes de démonstration ne fonctionnent qu'avec les données de démonstration.");
        // "Last used" is informative, to the minute: written at most once a minute, and never at the price of the
        // request (on SQLite a long write elsewhere, e.g. an activity import committing, makes this write busy).
        if (row.LastUsedAt is null || now - row.LastUsedAt.Value >= TimeSpan.FromMinutes(1))
        {
            row.LastUsedAt = now;
            try
            {
                await db.SaveChangesAsync();
            }
            catch (DbUpdateException e)
            {
                Logger.LogDebug(e, "API token: last use not recorded");
                db.ChangeTracker.Clear();
            }
        }
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, row.User.Id),
            new(ClaimTypes.Name, row.User.UserName ?? row.User.Id),
        };
        claims.AddRange(AuthSetup.ScopeClaims(row.User));
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
public sealed class HttpAuditActor(IHttpContextAccessor http) : Maillage.Core.Auditing.IAuditActor
{
    public string UserName => http.HttpContext is null ? "système"
        : http.HttpContext.User.Identity?.IsAuthenticated == true ? http.HttpContext.User.Identity.Name ?? "?" : "anonyme";

    public string Origin => http.HttpContext is null ? "seed"
        : http.HttpContext.Request.Path.StartsWithSegments("/api") ? "api" : "web";
}
