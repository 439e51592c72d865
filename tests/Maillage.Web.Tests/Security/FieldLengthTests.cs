using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Maillage.Core.Data;
using Maillage.Core.Features.Reports;
using Maillage.Core.Infrastructure.Security;
using Maillage.Core.Features.Accounts;
using Maillage.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Maillage.Web.Tests.Security;

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

        using var r = await admin.PostAsJsonAsync(new Uri(Routes.Api.People, UriKind.Relative), body, Ct);

        var text = await r.Content.ReadAsStringAsync(Ct);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, r.StatusCode);
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(text)!;
        Assert.NotNull(problem["errors"]?["first_name"]);
        Assert.Contains("au plus 100", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        await using var scope = app.Services.CreateAsyncScope();
        Assert.False(await scope.ServiceProvider.GetRequiredService<MaillageDbContext>().People.AnyAsync(p => p.Id == "P-LONG", Ct));
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task On_a_page_a_too_long_name_shows_the_form_again_with_the_field_error_and_the_input_kept(DatabaseProvider provider)
    {
        await using var app = new MaillageFactory(provider);
        string person;
        await using (var s = app.Services.CreateAsyncScope())
        {
            var db = s.ServiceProvider.GetRequiredService<MaillageDbContext>();
            var centre = (await DemoAccounts.PlanAsync(db, Ct)).Single(a => a.UserName == "responsable").ScopeId!;
            person = await db.Mandates.Where(m => m.CentreId == centre && m.To == null).Select(m => m.PersonId).FirstAsync(Ct);
        }
        using var head = await app.SignInAsync("responsable");
        var url = $"{Routes.Pages.People}/{person}/modifier";
        var form = HtmlForm.PostBack(await head.GetPageAsync(url));
        var longName = new string('A', 5000);
        form.Set("Input.FirstName", longName);

        using var r = await head.PostFormAsync(url, form.Fields);

        var html = await r.Content.ReadAsStringAsync(Ct);
        Assert.True(r.StatusCode == HttpStatusCode.OK, $"{(int)r.StatusCode}");
        Assert.Contains(HtmlForm.FieldErrors(html, "Input.FirstName"), e => e.Contains("au plus 100", StringComparison.Ordinal));
        Assert.Equal(longName, HtmlForm.PostBack(html)["Input.FirstName"]);
        await using (var s = app.Services.CreateAsyncScope())
            Assert.NotEqual(longName, (await s.ServiceProvider.GetRequiredService<MaillageDbContext>().People.SingleAsync(p => p.Id == person, Ct)).FirstName);
    }

    [Fact]
    public void Every_declared_maximum_is_checked_before_saving()
    {
        using var db = new MaillageDbContext(new DbContextOptionsBuilder<MaillageDbContext>().UseSqlite("Data Source=:memory:").Options);
        db.People.Add(new Maillage.Domain.Registry.Person { Id = "P-X", FirstName = "Camille", LastName = new string('B', 101) });
        var e = Assert.Throws<FieldLengthException>(() => FieldLengthInterceptor.Check(db));
        Assert.Equal(("Person", "last_name", 101, 100), (e.Entity, e.Field, e.Length, e.Max));
        db.ChangeTracker.Clear();
        // A text without a declared length (a report's publications: text in PostgreSQL) still has a bound.
        Assert.Null(db.Model.FindEntityType(typeof(AnnualReport))!.FindProperty(nameof(AnnualReport.PublicationsJson))!.GetMaxLength());
        db.Add(new AnnualReport { CentreId = "C-1", Campaign = "2023-2028", UpdatedBy = "test", PublicationsJson = new string('x', FieldLengthInterceptor.UndeclaredTextMax + 1) });
        var undeclared = Assert.Throws<FieldLengthException>(() => FieldLengthInterceptor.Check(db));
        Assert.Equal(("AnnualReport", "publications_json"), (undeclared.Entity, undeclared.Field));
    }
}
