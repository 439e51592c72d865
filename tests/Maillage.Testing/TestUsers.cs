using System.Net.Http.Headers;
using Maillage.Core.Data;
using Maillage.Core.Infrastructure.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Maillage.Testing;

/// <summary>Intent helpers: a user of a role and scope, and an HTTP client that calls the API as that user.</summary>
public static class TestUsers
{
    public const string Password = "Test-password-2026";

    public static async Task<AppUser> CreateUserAsync(this MaillageFactory app, UserRole role, string? scope, string? userName = null)
    {
        await using var s = app.Services.CreateAsyncScope();
        var users = s.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = new AppUser
        {
            UserName = userName ?? $"{role}-{scope ?? "all"}-{Guid.NewGuid():N}".ToLowerInvariant(),
            Role = role,
            ScopeId = scope,
            DisplayName = $"Test {role} {scope}",
        };
        var result = await users.CreateAsync(user, Password);
        if (!result.Succeeded) throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
        return user;
    }

    /// <summary>A client authenticated with a fresh personal API token of a new user of that role and scope.</summary>
    public static async Task<HttpClient> ApiClientAsync(this MaillageFactory app, UserRole role, string? scope) =>
        await app.ApiClientAsync(await app.CreateUserAsync(role, scope));

    /// <summary>A client authenticated with a fresh personal API token of an existing user.</summary>
    public static async Task<HttpClient> ApiClientAsync(this MaillageFactory app, AppUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var token = TokenHasher.NewToken();
        await using (var s = app.Services.CreateAsyncScope())
        {
            var db = s.ServiceProvider.GetRequiredService<MaillageDbContext>();
            db.ApiTokens.Add(new ApiToken
            {
                UserId = user.Id, Name = "test", Prefix = token[..8], Hash = TokenHasher.Hash(token), CreatedAt = DateTimeOffset.UtcNow,
            });
            await db.SaveChangesAsync();
        }
        var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
