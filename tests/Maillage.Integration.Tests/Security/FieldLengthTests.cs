using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Maillage.Core.Data;
using Maillage.Core.Security;
using Maillage.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Maillage.Integration.Tests.Security;

/// <summary>
/// Declared maximum lengths hold on every write, on both databases (SQLite would store any length; PostgreSQL's varchar
/// failed with a 500): a field error naming the field, nothing written.
/// </summary>
public sealed class FieldLengthTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task A_million_character_first_name_is_a_field_error_and_nothing_is_written(DatabaseProvider provider)
    {
        await using var app = new MaillageFactory(provider);
        using var admin = await app.ApiClientAsync(UserRole.NationalAdmin, null);
        var body = new JsonObject
        {
            ["id"] = "P-LONG", ["first_name"] = new string('A', 1_000_000), ["last_name"] = "Martin", ["status"] = "pu_ph", ["clinical_activity"] = true,
        };

        using var r = await admin.PostAsJsonAsync(new Uri("/api/v1/people", UriKind.Relative), body, Ct);

        var text = await r.Content.ReadAsStringAsync(Ct);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, r.StatusCode);
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(text)!;
        Assert.NotNull(problem["errors"]?["first_name"]);
        Assert.Contains("au plus 100", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        await using var scope = app.Services.CreateAsyncScope();
        Assert.False(await scope.ServiceProvider.GetRequiredService<MaillageDbContext>().People.AnyAsync(p => p.Id == "P-LONG", Ct));
    }

    [Fact]
    public void Every_declared_maximum_is_checked_before_saving()
    {
        using var db = new MaillageDbContext(new DbContextOptionsBuilder<MaillageDbContext>().UseSqlite("Data Source=:memory:").Options);
        db.People.Add(new Maillage.Domain.Registry.Person { Id = "P-X", FirstName = "Camille", LastName = new string('B', 101) });
        var e = Assert.Throws<FieldLengthException>(() => FieldLengthInterceptor.Check(db));
        Assert.Equal(("Person", "last_name", 101, 100), (e.Entity, e.Field, e.Length, e.Max));
    }
}
