using System.Net;
using System.Net.Http.Json;
using Maillage.Core.Data;
using Maillage.Core.Features.Procedures;
using Maillage.Core.Infrastructure.Security;
using Maillage.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Maillage.Web.Tests.Mail;

/// <summary><c>POST /api/v1/mail/test</c>: national administrators only; one plain address, bounded; French problems.</summary>
public sealed class MailTestEndpointTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly Uri Route = new("/api/v1/mail/test", UriKind.Relative);

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Only_national_administrators_may_send_a_test_message(DatabaseProvider provider)
    {
        await using var app = new MaillageFactory(provider, "none");
        using var anonymous = app.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync(Route, new { to = "a@example.org" }, Ct)).StatusCode);
        foreach (var (role, scope) in new (UserRole, string?)[]
                 {
                     (UserRole.RegionalAgency, "11"), (UserRole.Establishment, "750712184"), (UserRole.FiliereCoordinator, "CARDIOGEN"),
                     (UserRole.CentreHead, "SITE-00001"), (UserRole.Association, "ASSO-0001"), (UserRole.Expert, null),
                 })
        {
            using var client = await app.ApiClientAsync(role, scope);
            using var r = await client.PostAsJsonAsync(Route, new { to = "a@example.org" }, Ct);
            Assert.True(r.StatusCode == HttpStatusCode.Forbidden, $"{role}: {(int)r.StatusCode}");
            Assert.Contains("administration nationale", await r.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }
        await using var s = app.Services.CreateAsyncScope();
        Assert.False(await s.ServiceProvider.GetRequiredService<MaillageDbContext>().Set<Notification>().AnyAsync(Ct));
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task A_bad_address_is_a_400_in_french(DatabaseProvider provider)
    {
        await using var app = new MaillageFactory(provider, "none");
        using var admin = await app.ApiClientAsync(UserRole.NationalAdmin, null);
        foreach (var to in new[] { null, "", "pas une adresse", "a@", "@example.org", new string('a', 250) + "@example.org",
                     "a@example.org, b@example.org", "a@example.org\r\nBcc: b@example.org", "Nom <a@example.org>" })
        {
            using var r = await admin.PostAsJsonAsync(Route, new { to }, Ct);
            var text = await r.Content.ReadAsStringAsync(Ct);
            Assert.True(r.StatusCode == HttpStatusCode.BadRequest, $"« {to} »: {(int)r.StatusCode} {text}");
            Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
            Assert.Contains("Champ « to »", text, StringComparison.Ordinal);
        }
        using (var content = new StringContent("{\"to\": ", System.Text.Encoding.UTF8, "application/json"))
        {
            using var broken = await admin.PostAsync(Route, content, Ct);
            Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        }
        await using var s = app.Services.CreateAsyncScope();
        Assert.False(await s.ServiceProvider.GetRequiredService<MaillageDbContext>().Set<Notification>().AnyAsync(Ct));
    }
}
