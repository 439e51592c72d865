using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Maillage.Core.Data;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain.Registry;
using Maillage.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Maillage.Web.Tests.Security;

/// <summary>
/// Rules live in Core and the domain, not in a page: the establishment form's postal-code and coordinate checks used to
/// exist only in <c>Pages/Etablissements/Edit</c>, so the API accepted what the page refused. They are now structural
/// rules (R-POSTAL-CODE, R-COORDINATES) that every write path runs; and the head route's checks (the collection's kind,
/// the person) are the service's.
/// </summary>
public sealed class RulesOnEveryPathTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task The_api_refuses_the_postal_codes_and_coordinates_that_the_page_refuses(DatabaseProvider provider)
    {
        await using var app = new MaillageFactory(provider);
        string finess;
        await using (var s = app.Services.CreateAsyncScope())
        {
            var db = s.ServiceProvider.GetRequiredService<MaillageDbContext>();
            finess = await db.Establishments.Where(e => e.Level == EstablishmentLevel.Site).OrderBy(e => e.Finess).Select(e => e.Finess).FirstAsync(Ct);
        }
        using var admin = await app.ApiClientAsync(UserRole.NationalAdmin, null);
        using var get = await admin.GetAsync(new Uri($"{Routes.Api.Establishments}/{finess}", UriKind.Relative), Ct);
        var original = JsonNode.Parse(await get.Content.ReadAsStringAsync(Ct))!.AsObject();
        var audit = await app.AuditCountAsync();

        foreach (var (field, change) in new (string, Action<JsonObject>)[]
        {
            ("postal_code", o => o["postal_code"] = "7501"),
            ("postal_code", o => o["postal_code"] = "75O13"),
            ("latitude", o => { o["latitude"] = 91.5; o["longitude"] = 2.35; }),
            ("longitude", o => { o["latitude"] = 48.85; o["longitude"] = -200.0; }),
            ("longitude", o => { o["latitude"] = 48.85; o["longitude"] = null; }),
        })
        {
            var body = original.DeepClone().AsObject();
            body["departement"] ??= body["departement_code"]?.DeepClone();
            change(body);
            using var r = await admin.PutAsJsonAsync(new Uri($"{Routes.Api.Establishments}/{finess}", UriKind.Relative), body, Ct);
            var text = await r.Content.ReadAsStringAsync(Ct);
            Assert.True(r.StatusCode == HttpStatusCode.UnprocessableEntity, $"{field}: expected 422, got {(int)r.StatusCode} {text}");
            Assert.True(JsonNode.Parse(text)!["errors"]!.AsObject().ContainsKey(field), $"no error on {field}: {text}");
        }
        Assert.Equal(audit, await app.AuditCountAsync());

        // The boundary values are accepted.
        var valid = original.DeepClone().AsObject();
        valid["postal_code"] = "97400";
        valid["latitude"] = -90.0;
        valid["longitude"] = 180.0;
        using (var r = await admin.PutAsJsonAsync(new Uri($"{Routes.Api.Establishments}/{finess}", UriKind.Relative), valid, Ct))
            Assert.True(r.StatusCode == HttpStatusCode.OK, $"expected 200, got {(int)r.StatusCode} {await r.Content.ReadAsStringAsync(Ct)}");
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task The_head_route_checks_the_collection_and_the_person_in_the_service(DatabaseProvider provider)
    {
        await using var app = new MaillageFactory(provider);
        string ccmr, person;
        await using (var s = app.Services.CreateAsyncScope())
        {
            var db = s.ServiceProvider.GetRequiredService<MaillageDbContext>();
            ccmr = await db.Centres.Where(c => c.Kind == CentreKind.CompetenceCentre && c.ClosedOn == null).OrderBy(c => c.Id).Select(c => c.Id).FirstAsync(Ct);
            person = await db.People.OrderBy(p => p.Id).Select(p => p.Id).FirstAsync(Ct);
        }
        using var admin = await app.ApiClientAsync(UserRole.NationalAdmin, null);
        var audit = await app.AuditCountAsync();

        // A competence centre addressed as a reference site: not found, as the read of /sites/{id} says.
        using (var r = await admin.PutAsJsonAsync(new Uri($"{Routes.Api.Sites}/{ccmr}/head", UriKind.Relative),
                   new JsonObject { ["person_id"] = person, ["from"] = "2027-01-01" }, Ct))
            Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
        // An unknown person: a field error on person_id.
        using (var r = await admin.PutAsJsonAsync(new Uri($"{Routes.Api.CompetenceCentres}/{ccmr}/head", UriKind.Relative),
                   new JsonObject { ["person_id"] = "P-INCONNU", ["from"] = "2027-01-01" }, Ct))
        {
            var text = await r.Content.ReadAsStringAsync(Ct);
            Assert.True(r.StatusCode == HttpStatusCode.UnprocessableEntity, $"expected 422, got {(int)r.StatusCode} {text}");
            Assert.Contains("person_id", text, StringComparison.Ordinal);
        }
        Assert.Equal(audit, await app.AuditCountAsync());
    }
}
