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
            .AddPolicyScheme(SmartScheme, "Cookie or API token", o =>
            {
                o.ForwardDefaultSelector = ctx =>
                    ctx.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                        ? TokenScheme
                        : IdentityConstants.ApplicationScheme;
            })
            .AddScheme<AuthenticationSchemeOptions, ApiTokenHandler>(TokenScheme, null);
        services.AddAuthorization();
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
        if (row.User.LockoutEnd is not null && row.User.LockoutEnd > now) return AuthenticateResult.Fail("Compte verrouillé.");
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
}

/// <summary>The audit actor of a web request: the signed-in user name, or "anonyme".</summary>
public sealed class HttpAuditActor(IHttpContextAccessor http) : Maillage.Core.Auditing.IAuditActor
{
    public string UserName => http.HttpContext is null ? "système"
        : http.HttpContext.User.Identity?.IsAuthenticated == true ? http.HttpContext.User.Identity.Name ?? "?" : "anonyme";

    public string Origin => http.HttpContext is null ? "seed"
        : http.HttpContext.Request.Path.StartsWithSegments("/api") ? "api" : "web";
}
