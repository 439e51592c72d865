using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace Maillage.Web.Auth;

/// <summary>Sign-in attempts allowed per client (IP address) and window: <c>Maillage:SignIn</c>.</summary>
public sealed class SignInLimitOptions
{
    public const string Section = "Maillage:SignIn";

    /// <summary>POSTs of the sign-in form allowed per client and window (10 by default).</summary>
    public int PermitLimit { get; set; } = 10;

    /// <summary>The window, in seconds (60 by default).</summary>
    public int WindowSeconds { get; set; } = 60;
}

/// <summary>A TLS-terminating proxy in front of Maillage: <c>Maillage:ForwardedHeaders</c>.</summary>
public sealed class ForwardedHeadersSettings
{
    public const string Section = "Maillage:ForwardedHeaders";

    /// <summary>Reads X-Forwarded-For and X-Forwarded-Proto (off by default).</summary>
    public bool Enabled { get; set; }

    /// <summary>Addresses of the proxies trusted to send them (loopback when none is given).</summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>Networks (CIDR, e.g. 10.0.0.0/8) of the proxies trusted to send them.</summary>
    public string[] KnownNetworks { get; set; } = [];
}

/// <summary>
/// HTTP hardening (docs/security.md, "HTTP hardening"): security headers on every answer, HSTS and secure-only cookies
/// outside Development, forwarded headers from a configured proxy, and the sign-in rate limit per client.
/// </summary>
public static class HttpHardening
{
    public const string SignInPolicy = "connexion";

    /// <summary>The Content-Security-Policy: scripts only from the site's own files (no inline script, no eval);
    /// inline styles allowed (the DSFR and its charts set style attributes).</summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
        "connect-src 'self'; object-src 'none'; frame-ancestors 'none'; form-action 'self'; base-uri 'self'";

    public static void AddMaillageHttpHardening(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SignInLimitOptions>().BindConfiguration(SignInLimitOptions.Section);
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = (ctx, ct) => WriteTooManyAttemptsAsync(ctx.HttpContext, ct);
            o.AddPolicy(SignInPolicy, http =>
            {
                // Only the attempts (POST) count; showing the form does not.
                if (!HttpMethods.IsPost(http.Request.Method)) return RateLimitPartition.GetNoLimiter("lecture");
                var limit = http.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<SignInLimitOptions>>().Value;
                return RateLimitPartition.GetFixedWindowLimiter(http.Connection.RemoteIpAddress?.ToString() ?? "inconnu", _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = Math.Max(1, limit.PermitLimit),
                    Window = TimeSpan.FromSeconds(Math.Max(1, limit.WindowSeconds)),
                    QueueLimit = 0,
                });
            });
        });

        services.AddHsts(o => o.MaxAge = TimeSpan.FromDays(365));
        // Secure-only cookies outside Development (the sign-in cookie, the antiforgery cookie, TempData).
        services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme)
            .Configure<IHostEnvironment>((o, env) => o.Cookie.SecurePolicy = SecurePolicy(env));
        services.AddOptions<AntiforgeryOptions>().Configure<IHostEnvironment>((o, env) => o.Cookie.SecurePolicy = SecurePolicy(env));
        services.AddOptions<CookieTempDataProviderOptions>().Configure<IHostEnvironment>((o, env) => o.Cookie.SecurePolicy = SecurePolicy(env));

        var forwarded = configuration.GetSection(ForwardedHeadersSettings.Section).Get<ForwardedHeadersSettings>() ?? new();
        services.AddSingleton(forwarded);
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            foreach (var proxy in forwarded.KnownProxies)
                o.KnownProxies.Add(IPAddress.TryParse(proxy, out var ip) ? ip
                    : throw new InvalidOperationException($"{ForwardedHeadersSettings.Section}:KnownProxies : « {proxy} » n'est pas une adresse IP."));
            foreach (var network in forwarded.KnownNetworks)
                o.KnownIPNetworks.Add(System.Net.IPNetwork.TryParse(network, out var n) ? n
                    : throw new InvalidOperationException($"{ForwardedHeadersSettings.Section}:KnownNetworks : « {network} » n'est pas un réseau CIDR (ex. 10.0.0.0/8)."));
        });
    }

    private static CookieSecurePolicy SecurePolicy(IHostEnvironment env) =>
        env.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;

    /// <summary>Forwarded headers (when configured), security headers on every answer, HSTS outside Development.
    /// First in the pipeline, so that every answer, errors included, carries the headers.</summary>
    public static void UseMaillageHttpHardening(this WebApplication app)
    {
        if (app.Services.GetRequiredService<ForwardedHeadersSettings>().Enabled) app.UseForwardedHeaders();
        app.Use((ctx, next) =>
        {
            ctx.Response.OnStarting(static state =>
            {
                var headers = ((HttpContext)state).Response.Headers;
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
                headers["Cross-Origin-Opener-Policy"] = "same-origin";
                return Task.CompletedTask;
            }, ctx);
            return next(ctx);
        });
        if (!app.Environment.IsDevelopment()) app.UseHsts();
    }

    /// <summary>429 in French: a short page for a browser, problem+json otherwise; Retry-After in seconds.</summary>
    private static async ValueTask WriteTooManyAttemptsAsync(HttpContext http, CancellationToken ct)
    {
        var window = http.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<SignInLimitOptions>>().Value.WindowSeconds;
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = Math.Max(1, window).ToString(System.Globalization.CultureInfo.InvariantCulture);
        const string title = "Trop de tentatives de connexion";
        var detail = $"Trop de tentatives de connexion depuis cette adresse : réessayez dans {Math.Max(1, window)} secondes.";
        if (http.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase))
        {
            http.Response.ContentType = "text/html; charset=utf-8";
            await http.Response.WriteAsync(
                "<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>" + title + " — Maillage</title></head><body><main>" +
                "<h1>" + title + "</h1><p>" + WebUtility.HtmlEncode(detail) + "</p><p><a href=\"/connexion\">Revenir à la connexion</a></p></main></body></html>", ct);
            return;
        }
        await Results.Problem(title: title, detail: detail, statusCode: StatusCodes.Status429TooManyRequests).ExecuteAsync(http);
    }
}
