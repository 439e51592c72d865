using Maillage.Core.Data;
using Maillage.Core.Features.Accounts;
using Maillage.Core.Infrastructure.Security;
using Maillage.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Maillage.Web.Tests.Security;

/// <summary>
/// The personal API tokens go through Core (<see cref="ApiTokens"/>, issue "Trust", item 1): each method acts on the
/// caller's own tokens only, refuses an anonymous caller or an account that does not exist, and names the field of a bad
/// input; nothing is written on a refusal.
/// </summary>
public sealed class AccountTokensTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task A_caller_lists_creates_and_revokes_only_his_or_her_own_tokens(DatabaseProvider provider)
    {
        await using var app = new MaillageFactory(provider);
        var alice = await app.CreateUserAsync(UserRole.CentreHead, "SITE-00001");
        var bob = await app.CreateUserAsync(UserRole.NationalAdmin, null);
        var a = new Caller(alice.UserName, alice.Role, alice.ScopeId);
        var b = new Caller(bob.UserName, bob.Role, bob.ScopeId);
        await using var scope = app.Services.CreateAsyncScope();
        var tokens = scope.ServiceProvider.GetRequiredService<ApiTokens>();
        var db = scope.ServiceProvider.GetRequiredService<MaillageDbContext>();

        var created = await tokens.CreateAsync(a, "  Export hebdomadaire ", 90, Ct);
        Assert.True(created.Ok);
        Assert.Equal("Export hebdomadaire", created.Created!.Name);
        Assert.Equal(TokenHasher.Hash(created.Token!), created.Created.Hash);
        var mine = Assert.Single(await tokens.ListAsync(a, Ct));
        Assert.Equal(alice.Id, mine.UserId);
        Assert.Empty(await tokens.ListAsync(b, Ct));

        // Someone else's token is not found, even by the national administration, and stays valid.
        Assert.Null(await tokens.RevokeAsync(b, mine.Id, Ct));
        Assert.Null((await db.ApiTokens.AsNoTracking().SingleAsync(t => t.Id == mine.Id, Ct)).RevokedAt);
        Assert.NotNull((await tokens.RevokeAsync(a, mine.Id, Ct))!.RevokedAt);

        // Bad input: the field is named, nothing is written.
        var count = await db.ApiTokens.CountAsync(Ct);
        var bad = await tokens.CreateAsync(a, " ", 7, Ct);
        Assert.False(bad.Ok);
        Assert.Equal(["Name", "ValidityDays"], bad.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["Name"], (await tokens.CreateAsync(a, new string('x', 101), 30, Ct)).Errors.Keys);

        // Anonymous callers and accounts that do not exist are refused.
        foreach (var caller in new[] { Caller.Anonymous, new Caller("nobody-" + Guid.NewGuid().ToString("N"), UserRole.NationalAdmin, null) })
        {
            await Assert.ThrowsAsync<AccessRefusedException>(() => tokens.ListAsync(caller, Ct));
            await Assert.ThrowsAsync<AccessRefusedException>(() => tokens.CreateAsync(caller, "x", 30, Ct));
            await Assert.ThrowsAsync<AccessRefusedException>(() => tokens.RevokeAsync(caller, mine.Id, Ct));
        }
        Assert.Equal(count, await db.ApiTokens.CountAsync(Ct));
    }
}
