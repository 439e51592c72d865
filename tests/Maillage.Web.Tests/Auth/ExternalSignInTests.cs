using System.Net;
using System.Security.Claims;
using Maillage.Core.Data;
using Maillage.Core.Features.Accounts;
using Maillage.Core.Infrastructure.Security;
using Maillage.Testing;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Maillage.Web.Tests.Auth;

/// <summary>
/// The linking rule of ProConnect and Pro Santé Connect (Core's <see cref="ExternalSignIn"/>, docs/authentication.md) on
/// the app's own services and database: an identity signs in only as an existing account, by verified e-mail or by
/// RPPS; anything else is refused in French and writes nothing; a disabled account stays disabled. The round trip through
/// a real provider is in Maillage.Browser.Tests (ExternalSignInScenarioTests).
/// </summary>
public sealed class ExternalSignInTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ExternalIdentity ProConnect(string sub, string? email, bool verified = true) =>
        new(IdentityProvider.ProConnect, sub, email, verified, null, "Camille Agent");

    private static ExternalIdentity Psc(string sub, string? rpps) =>
        new(IdentityProvider.ProSanteConnect, sub, null, false, rpps, "Alix Médecin");

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task A_verified_email_signs_in_to_its_account_and_the_link_is_audited(DatabaseProvider provider)
    {
        await using var app = new MaillageFactory(provider);
        await using var scope = app.Services.CreateAsyncScope();
        var linking = scope.ServiceProvider.GetRequiredService<ExternalSignIn>();
        var db = scope.ServiceProvider.GetRequiredService<MaillageDbContext>();
        var audit = await app.AuditCountAsync();

        // The demo's national administrator carries the e-mail of the test provider's agent; case does not matter.
        var first = await linking.SignInAsync(ProConnect("pc-1", DemoAccounts.AdminEmail.ToUpperInvariant()), Ct);
        Assert.Null(first.Refusal);
        Assert.Equal("admin", first.Account!.UserName);
        Assert.Equal(UserRole.NationalAdmin, first.Account.Role); // the role is Maillage's, the provider sent none
        var link = await db.ExternalLogins.AsNoTracking().SingleAsync(Ct);
        Assert.Equal((IdentityProvider.ProConnect, "pc-1", first.Account.Id), (link.Provider, link.Subject, link.UserId));
        Assert.True(await app.AuditCountAsync() > audit);
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Entity == "account" && e.EntityId == first.Account.Id && e.Action == "created", Ct));

        // Signing in again uses the same link.
        var again = await linking.SignInAsync(ProConnect("pc-1", DemoAccounts.AdminEmail), Ct);
        Assert.Equal(first.Account.Id, again.Account!.Id);
        Assert.Equal(1, await db.ExternalLogins.CountAsync(Ct));
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Unverified_missing_or_unknown_emails_are_refused_and_nothing_is_written(DatabaseProvider provider)
    {
        await using var app = new MaillageFactory(provider);
        await using var scope = app.Services.CreateAsyncScope();
        var linking = scope.ServiceProvider.GetRequiredService<ExternalSignIn>();
        var db = scope.ServiceProvider.GetRequiredService<MaillageDbContext>();
        var users = await db.Users.CountAsync(Ct);

        var unverified = await linking.SignInAsync(ProConnect("pc-2", DemoAccounts.AdminEmail, verified: false), Ct);
        Assert.Null(unverified.Account);
        Assert.Contains("vérifiée", unverified.Refusal, StringComparison.Ordinal);
        var missing = await linking.SignInAsync(ProConnect("pc-3", null), Ct);
        Assert.Contains("adresse électronique", missing.Refusal, StringComparison.Ordinal);
        var unknown = await linking.SignInAsync(ProConnect("pc-4", "inconnu@demo.maillage.invalid"), Ct);
        Assert.Equal(ExternalSignIn.Unknown, unknown.Refusal);
        var noSubject = await linking.SignInAsync(ProConnect(" ", DemoAccounts.AdminEmail) with { Subject = null }, Ct);
        Assert.NotNull(noSubject.Refusal);
        var tooLong = await linking.SignInAsync(ProConnect(new string('s', 256), DemoAccounts.AdminEmail), Ct);
        Assert.NotNull(tooLong.Refusal);

        // No account created, no role given, no link.
        Assert.Equal(users, await db.Users.CountAsync(Ct));
        Assert.Equal(0, await db.ExternalLogins.CountAsync(Ct));
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task The_RPPS_signs_a_health_professional_in_and_an_unknown_or_invalid_RPPS_is_refused(DatabaseProvider provider)
    {
        await using var app = new MaillageFactory(provider);
        await using var scope = app.Services.CreateAsyncScope();
        var linking = scope.ServiceProvider.GetRequiredService<ExternalSignIn>();
        var db = scope.ServiceProvider.GetRequiredService<MaillageDbContext>();

        var ok = await linking.SignInAsync(Psc("psc-1", DemoAccounts.CentreHeadRpps), Ct);
        Assert.Equal("responsable", ok.Account!.UserName);
        Assert.Equal(UserRole.CentreHead, ok.Account.Role);

        Assert.Equal(ExternalSignIn.Unknown, (await linking.SignInAsync(Psc("psc-2", "19990000028"), Ct)).Refusal); // valid, no account
        Assert.Contains("RPPS valide", (await linking.SignInAsync(Psc("psc-3", "19990000011"), Ct)).Refusal, StringComparison.Ordinal); // bad key
        Assert.Contains("RPPS valide", (await linking.SignInAsync(Psc("psc-4", null), Ct)).Refusal, StringComparison.Ordinal);
        // A Pro Santé Connect identity does not sign in by e-mail, even a verified one.
        var byEmail = new ExternalIdentity(IdentityProvider.ProSanteConnect, "psc-5", DemoAccounts.AdminEmail, true, null, null);
        Assert.Null((await linking.SignInAsync(byEmail, Ct)).Account);
        Assert.Equal(1, await db.ExternalLogins.CountAsync(Ct));
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task A_disabled_account_stays_disabled_and_a_subject_cannot_move_to_another_account(DatabaseProvider provider)
    {
        await using var app = new MaillageFactory(provider);
        var nurse = await app.CreateUserAsync(UserRole.CentreHead, "SITE-00001");
        await using var scope = app.Services.CreateAsyncScope();
        var linking = scope.ServiceProvider.GetRequiredService<ExternalSignIn>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = (await users.FindByIdAsync(nurse.Id))!;
        user.Rpps = "19990000028";
        await users.UpdateAsync(user);

        Assert.Equal(nurse.Id, (await linking.SignInAsync(Psc("psc-nurse", "19990000028"), Ct)).Account!.Id);

        // Disabled (locked without end) by the administrator: Pro Santé Connect does not reopen it.
        await users.SetLockoutEnabledAsync(user, true);
        await users.SetLockoutEndDateAsync(user, DateTimeOffset.MaxValue);
        var locked = await linking.SignInAsync(Psc("psc-nurse", "19990000028"), Ct);
        Assert.Null(locked.Account);
        Assert.Contains("désactivé", locked.Refusal, StringComparison.Ordinal);
        // Nor does the password form.
        using var client = app.PageClient();
        var form = HtmlForm.PostBack(await client.GetPageAsync(Routes.Pages.SignIn));
        form.Set("Input.UserName", user.UserName!).Set("Input.Password", TestUsers.Password);
        using var response = await client.PostAsync(new Uri(Routes.Pages.SignIn, UriKind.Relative), form.Content(), Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        // The RPPS given to another account later: the old subject does not follow it.
        await users.SetLockoutEndDateAsync(user, null);
        user.Rpps = null;
        await users.UpdateAsync(user);
        var other = await app.CreateUserAsync(UserRole.Expert, null);
        var otherUser = (await users.FindByIdAsync(other.Id))!;
        otherUser.Rpps = "19990000028";
        await users.UpdateAsync(otherUser);
        var moved = await linking.SignInAsync(Psc("psc-nurse", "19990000028"), Ct);
        Assert.Null(moved.Account);
        Assert.Contains("autre compte", moved.Refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void Claims_are_read_by_the_federations_names()
    {
        var psc = new ClaimsPrincipal(new ClaimsIdentity(
        [
            new Claim("sub", "f:abc:819990000010"), new Claim("SubjectNameID", "819990000010"),
            new Claim("given_name", "Alix"), new Claim("family_name", "Médecin"),
        ], "test"));
        var p = ExternalIdentity.From(IdentityProvider.ProSanteConnect, psc, emailVerifiedWithoutClaim: false);
        Assert.Equal(("f:abc:819990000010", "19990000010", "Alix Médecin"), (p.Subject, p.Rpps, p.DisplayName));
        Assert.Null(ExternalIdentity.RppsOfNationalId("019990000010")); // an ADELI-based national identifier
        Assert.Null(ExternalIdentity.RppsOfNationalId("819990000011")); // bad key

        ClaimsPrincipal Agent(params Claim[] extra) => new(new ClaimsIdentity(
            [new Claim("sub", "pc"), new Claim("email", "a@b.fr"), new Claim("usual_name", "Agent"), .. extra], "test"));
        Assert.True(ExternalIdentity.From(IdentityProvider.ProConnect, Agent(), emailVerifiedWithoutClaim: true).EmailVerified);
        Assert.False(ExternalIdentity.From(IdentityProvider.ProConnect, Agent(), emailVerifiedWithoutClaim: false).EmailVerified);
        Assert.False(ExternalIdentity.From(IdentityProvider.ProConnect, Agent(new Claim("email_verified", "False")), true).EmailVerified);
        Assert.True(ExternalIdentity.From(IdentityProvider.ProConnect, Agent(new Claim("email_verified", "True")), false).EmailVerified);
        Assert.Null(ExternalIdentity.From(IdentityProvider.ProConnect, Agent(), true).Rpps);
    }
}
