using System.Net;
using Maillage.Core.Data;
using Maillage.Core.Features.Accounts;
using Maillage.Core.Infrastructure.Security;
using Maillage.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Maillage.Web.Tests.Auth;

/// <summary>
/// An account's e-mail (ProConnect) and RPPS (Pro Santé Connect), set by the national administrator through the page
/// <c>/administration/comptes</c> and the CLI (<c>maillage users</c>), both through Core's <see cref="AccountAdmin"/>:
/// syntax, RPPS key and uniqueness refused in French with nothing written, a stale version refused with the input kept,
/// every change audited, anyone else refused; and the RPPS set by the page then signs in with Pro Santé Connect.
/// </summary>
[Collection(nameof(ProcessStateCollection))]
public sealed class AccountAdminTests
{
    private const string NewRpps = "19990000028"; // fictitious, valid Luhn key
    private const string BadKeyRpps = "19990000029";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string AccountUrl(string user) => $"{Routes.Pages.Accounts}/{user}";

    private static async Task<AppUser> UserAsync(MaillageFactory app, string name)
    {
        await using var s = app.Services.CreateAsyncScope();
        return await s.ServiceProvider.GetRequiredService<MaillageDbContext>().Users.AsNoTracking().SingleAsync(u => u.UserName == name, Ct);
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task The_national_administrator_sets_an_accounts_email_and_rpps_on_the_page_with_validation_audit_and_version(DatabaseProvider provider)
    {
        await using var app = new MaillageFactory(provider);
        using var admin = await app.SignInAsync("admin");

        var list = await admin.GetPageAsync(Routes.Pages.Accounts + "?q=respons");
        Assert.Contains(AccountUrl("responsable"), list, StringComparison.Ordinal);
        Assert.Contains(DemoAccounts.CentreHeadRpps, list, StringComparison.Ordinal);
        Assert.DoesNotContain(AccountUrl("association"), list, StringComparison.Ordinal);

        var form = HtmlForm.PostBack(await admin.GetPageAsync(AccountUrl("responsable")));
        Assert.Equal(DemoAccounts.CentreHeadRpps, form["Input.Rpps"]);
        var staleVersion = form["Version"]!;
        var audit = await app.AuditCountAsync();

        // Refused values: a wrong RPPS key, a malformed e-mail, another account's e-mail (case-insensitive). Nothing written.
        foreach (var (field, value, expected) in new[]
                 {
                     ("Input.Rpps", BadKeyRpps, "clé de contrôle"),
                     ("Input.Rpps", "1999000002", "11 chiffres"),
                     ("Input.Email", "pas une adresse", "n'est pas une adresse électronique valide"),
                     ("Input.Email", DemoAccounts.AdminEmail.ToUpperInvariant(), "déjà celle du compte « admin »"),
                 })
        {
            var bad = HtmlForm.PostBack(await admin.GetPageAsync(AccountUrl("responsable")));
            bad.Set(field, value);
            using var r = await admin.PostFormAsync(AccountUrl("responsable"), bad.Fields);
            var html = await r.Content.ReadAsStringAsync(Ct);
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            Assert.Contains(HtmlForm.FieldErrors(html, field), m => m.Contains(expected, StringComparison.Ordinal));
            Assert.Contains(WebUtility.HtmlEncode(value), html, StringComparison.Ordinal); // the input is kept
        }
        Assert.Equal(audit, await app.AuditCountAsync());
        Assert.Equal(DemoAccounts.CentreHeadRpps, (await UserAsync(app, "responsable")).Rpps);

        // A valid change is saved and audited (e-mail and RPPS before / after, never the password).
        form.Set("Input.Rpps", NewRpps).Set("Input.Email", "Dr.Exemple@demo.maillage.invalid");
        using (var r = await admin.PostFormAsync(AccountUrl("responsable"), form.Fields))
            Assert.True(r.StatusCode == HttpStatusCode.Redirect, $"{(int)r.StatusCode} {await r.Content.ReadAsStringAsync(Ct)}");
        var saved = await UserAsync(app, "responsable");
        Assert.Equal((NewRpps, "Dr.Exemple@demo.maillage.invalid", "DR.EXEMPLE@DEMO.MAILLAGE.INVALID"), (saved.Rpps, saved.Email, saved.NormalizedEmail));
        await using (var s = app.Services.CreateAsyncScope())
        {
            var entry = await s.ServiceProvider.GetRequiredService<MaillageDbContext>().AuditEntries.AsNoTracking()
                .Where(e => e.Entity == "account" && e.EntityId == saved.Id).OrderByDescending(e => e.Id).FirstAsync(Ct);
            Assert.Equal(("admin", "updated"), (entry.UserName, entry.Action));
            Assert.Contains(DemoAccounts.CentreHeadRpps, entry.Before, StringComparison.Ordinal);
            Assert.Contains(NewRpps, entry.After, StringComparison.Ordinal);
            Assert.DoesNotContain("Password", entry.After + entry.Before, StringComparison.Ordinal);
        }

        // The form still carries the version read before that change: a stale write is refused, the input kept.
        form.Set("Input.Rpps", "").Set("Version", staleVersion);
        audit = await app.AuditCountAsync();
        using (var r = await admin.PostFormAsync(AccountUrl("responsable"), form.Fields))
        {
            var html = await r.Content.ReadAsStringAsync(Ct);
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            Assert.Contains("data-conflict=\"version\"", html, StringComparison.Ordinal);
            Assert.Contains("modifié entre-temps par admin", html, StringComparison.Ordinal);
            Assert.Equal("", HtmlForm.PostBack(html)["Input.Rpps"]);
            Assert.Equal(saved.ConcurrencyStamp, HtmlForm.PostBack(html)["Version"]);
        }
        Assert.Equal(audit, await app.AuditCountAsync());
        Assert.Equal(NewRpps, (await UserAsync(app, "responsable")).Rpps);

        // The RPPS set here is the one Pro Santé Connect signs in with; the old one no longer does.
        await using (var s = app.Services.CreateAsyncScope())
        {
            var linking = s.ServiceProvider.GetRequiredService<ExternalSignIn>();
            var ok = await linking.SignInAsync(new ExternalIdentity(IdentityProvider.ProSanteConnect, "psc-new", null, false, NewRpps, "Alix Médecin"), Ct);
            Assert.Equal("responsable", ok.Account?.UserName);
            var old = await linking.SignInAsync(new ExternalIdentity(IdentityProvider.ProSanteConnect, "psc-old", null, false, DemoAccounts.CentreHeadRpps, "Alix Médecin"), Ct);
            Assert.Null(old.Account);
        }
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Other_roles_and_anonymous_callers_cannot_read_or_change_accounts(DatabaseProvider provider)
    {
        await using var app = new MaillageFactory(provider);
        using var admin = await app.SignInAsync("admin");
        var form = HtmlForm.PostBack(await admin.GetPageAsync(AccountUrl("responsable")));
        form.Set("Input.Rpps", NewRpps);
        var audit = await app.AuditCountAsync();

        using var anonymous = app.PageClient();
        var anonymousToken = HtmlForm.AntiforgeryToken(await anonymous.GetPageAsync(Routes.Pages.SignIn));
        using (var r = await anonymous.GetAsync(new Uri(Routes.Pages.Accounts, UriKind.Relative), Ct))
            Assert.True(r.StatusCode == HttpStatusCode.Redirect && r.Headers.Location!.ToString().Contains(Routes.Pages.SignIn, StringComparison.Ordinal), $"{(int)r.StatusCode}");
        using (var r = await anonymous.PostFormAsync(AccountUrl("responsable"), form.Fields.Select(f => f.Key == HtmlForm.AntiforgeryField ? new(f.Key, anonymousToken) : f)))
            Assert.True(r.StatusCode == HttpStatusCode.Redirect && r.Headers.Location!.ToString().Contains(Routes.Pages.SignIn, StringComparison.Ordinal), $"{(int)r.StatusCode}");

        foreach (var user in new[] { "responsable", "ars-idf", "association" })
        {
            using var client = await app.SignInAsync(user);
            var token = HtmlForm.AntiforgeryToken(await client.GetPageAsync("/"));
            Assert.DoesNotContain(Routes.Pages.Accounts, await client.GetPageAsync("/"), StringComparison.Ordinal); // no link that answers 403
            foreach (var url in new[] { Routes.Pages.Accounts, AccountUrl("responsable") })
                using (var r = await client.GetAsync(new Uri(url, UriKind.Relative), Ct))
                    Assert.True(r.StatusCode == HttpStatusCode.Forbidden, $"GET {url} as {user}: {(int)r.StatusCode}");
            using (var r = await client.PostFormAsync(AccountUrl("responsable"), form.Fields.Select(f => f.Key == HtmlForm.AntiforgeryField ? new(f.Key, token) : f)))
                Assert.True(r.StatusCode == HttpStatusCode.Forbidden, $"POST as {user}: {(int)r.StatusCode}");
        }
        Assert.Equal(audit, await app.AuditCountAsync());
        Assert.Equal(DemoAccounts.CentreHeadRpps, (await UserAsync(app, "responsable")).Rpps);
        Assert.Contains(Routes.Pages.Accounts, await admin.GetPageAsync("/"), StringComparison.Ordinal);

        // Core refuses by itself, whatever the page does.
        await using var s = app.Services.CreateAsyncScope();
        var accounts = s.ServiceProvider.GetRequiredService<AccountAdmin>();
        await Assert.ThrowsAsync<AccessRefusedException>(() => accounts.SetContactAsync(new Caller("responsable", UserRole.CentreHead, "x"), "responsable", null, NewRpps, null, Ct));
        await Assert.ThrowsAsync<AccessRefusedException>(() => accounts.ListAsync(Caller.Anonymous, null, Ct));
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task The_cli_sets_an_accounts_rpps_and_email_with_the_same_rules(DatabaseProvider provider)
    {
        await using var app = new MaillageFactory(provider);
        var (code, output, errors) = await CliRunner.RunAsync(app, "users", "list", "--search", "respons");
        Assert.True(code == 0, errors);
        Assert.Contains($"responsable\tCentreHead", output, StringComparison.Ordinal);
        Assert.Contains("1 compte.", output, StringComparison.Ordinal);
        var before = await UserAsync(app, "responsable");
        var audit = await app.AuditCountAsync();

        (code, _, errors) = await CliRunner.RunAsync(app, "users", "set-contact", "responsable", "--rpps", BadKeyRpps);
        Assert.Equal(1, code);
        Assert.Contains("clé de contrôle", errors, StringComparison.Ordinal);
        (code, _, errors) = await CliRunner.RunAsync(app, "users", "set-contact", "responsable", "--email", DemoAccounts.AdminEmail);
        Assert.Equal(1, code);
        Assert.Contains("déjà celle du compte « admin »", errors, StringComparison.Ordinal);
        (code, _, errors) = await CliRunner.RunAsync(app, "users", "set-contact", "personne", "--rpps", NewRpps);
        Assert.Equal(4, code);
        Assert.Contains("inconnu", errors, StringComparison.Ordinal);
        (code, _, errors) = await CliRunner.RunAsync(app, "users", "set-contact", "responsable", "--rpps", NewRpps, "--expected-version", "pas-la-bonne");
        Assert.Equal(3, code);
        Assert.Contains("modifié entre-temps", errors, StringComparison.Ordinal);
        Assert.Equal(audit, await app.AuditCountAsync());

        // --email alone keeps the RPPS; the version read is accepted.
        (code, output, errors) = await CliRunner.RunAsync(app, "users", "set-contact", "responsable", "--email", "chef.service@demo.maillage.invalid", "--expected-version", before.ConcurrencyStamp!);
        Assert.True(code == 0, errors);
        Assert.Contains($"RPPS {DemoAccounts.CentreHeadRpps}", output, StringComparison.Ordinal);
        var after = await UserAsync(app, "responsable");
        Assert.Equal(("chef.service@demo.maillage.invalid", DemoAccounts.CentreHeadRpps), (after.Email, after.Rpps));
        Assert.NotEqual(before.ConcurrencyStamp, after.ConcurrencyStamp);
        await using var s = app.Services.CreateAsyncScope();
        var entry = await s.ServiceProvider.GetRequiredService<MaillageDbContext>().AuditEntries.AsNoTracking()
            .Where(e => e.Entity == "account" && e.EntityId == after.Id).OrderByDescending(e => e.Id).FirstAsync(Ct);
        Assert.Equal("cli", entry.Origin);

        // An empty value removes the RPPS.
        (code, _, errors) = await CliRunner.RunAsync(app, "users", "set-contact", "responsable", "--rpps", "");
        Assert.True(code == 0, errors);
        Assert.Null((await UserAsync(app, "responsable")).Rpps);
    }
}
