using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Maillage.Core.Data;
using Maillage.Core.Features.Registry;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain.Registry;
using Maillage.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Maillage.Web.Tests.Security;

/// <summary>
/// Creating a centre or a network labels it in the current period, and labelling is the ministry's decision; a person
/// exists to hold mandates, which the ministry names. So even inside their own scope, the filière, the establishment's
/// direction, the regional agency and the centre head cannot create them by a plain write — and an association cannot
/// declare its own conventions (which would make it a party to the procedures of the centres they name). Refusals come
/// before existence checks and change nothing; the ministry can.
/// </summary>
public sealed class CreationScopeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Only_the_national_administration_creates_centres_networks_and_people(DatabaseProvider provider)
    {
        await using var app = new MaillageFactory(provider);
        string site, filiere, network, ej, region;
        await using (var s = app.Services.CreateAsyncScope())
        {
            var db = s.ServiceProvider.GetRequiredService<MaillageDbContext>();
            var c = await db.Centres.AsNoTracking().Include(x => x.Network).Include(x => x.Establishment!.Departement)
                .Where(x => x.Kind == CentreKind.ReferenceSite && x.Role == SiteRole.Coordinating && x.ClosedOn == null).OrderBy(x => x.Id).FirstAsync(Ct);
            (site, filiere, network, ej, region) = (c.Id, c.Network!.FiliereAcronym, c.NetworkId!, c.Establishment!.LegalEntityFiness ?? c.EstablishmentFiness,
                c.Establishment.Departement!.RegionCode);
        }
        using var admin = await app.ApiClientAsync(UserRole.NationalAdmin, null);
        var ccmr = await GetAsync(admin, $"{Routes.Api.Sites}/{site}");
        ccmr["id"] = "CCMR-NOUVEAU-TEST";
        ccmr["role"] = null;
        ccmr["network_id"] = null;
        ccmr["attachments"] = new JsonArray(network);
        var newNetwork = await GetAsync(admin, $"{Routes.Api.Networks}/{network}");
        newNetwork["id"] = "CRMR-NOUVEAU-TEST";
        var person = new JsonObject { ["id"] = "P-NOUVEAU-TEST", ["first_name"] = "Camille", ["last_name"] = "Nouveau", ["status"] = "pu_ph", ["clinical_activity"] = true };
        var audit = await app.AuditCountAsync();

        foreach (var (role, scope) in new (UserRole, string?)[]
        {
            (UserRole.CentreHead, site), (UserRole.FiliereCoordinator, filiere), (UserRole.Establishment, ej), (UserRole.RegionalAgency, region), (UserRole.Expert, null),
        })
        {
            using var client = await app.ApiClientAsync(role, scope);
            foreach (var (url, body) in new[] { (Routes.Api.CompetenceCentres, ccmr), (Routes.Api.Networks, newNetwork), (Routes.Api.People, person) })
            {
                using var r = await client.PostAsJsonAsync(new Uri(url, UriKind.Relative), body, Ct);
                Assert.True(r.StatusCode == HttpStatusCode.Forbidden, $"{role} POST {url}: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync(Ct)}");
            }
            // An existing id answers 403 too, not 409: a refused caller learns nothing of the registry's ids.
            var existing = new JsonObject { ["id"] = site, ["first_name"] = "X", ["last_name"] = "Y", ["status"] = "pu_ph" };
            using (var r = await client.PostAsJsonAsync(new Uri(Routes.Api.People, UriKind.Relative), existing, Ct))
                Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
        }
        Assert.Equal(audit, await app.AuditCountAsync());

        using (var r = await admin.PostAsJsonAsync(new Uri(Routes.Api.People, UriKind.Relative), person, Ct))
            Assert.True(r.StatusCode == HttpStatusCode.Created, $"admin: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync(Ct)}");
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task An_association_cannot_declare_its_own_conventions(DatabaseProvider provider)
    {
        await using var app = new MaillageFactory(provider);
        string association, site;
        await using (var s = app.Services.CreateAsyncScope())
        {
            var db = s.ServiceProvider.GetRequiredService<MaillageDbContext>();
            association = await db.Associations.OrderBy(a => a.Id).Select(a => a.Id).FirstAsync(Ct);
            var linked = await db.AssociationConventions.Where(c => c.AssociationId == association).Select(c => c.TargetId).ToListAsync(Ct);
            site = await db.Centres.Where(c => c.Kind == CentreKind.ReferenceSite && !linked.Contains(c.Id) && !linked.Contains(c.NetworkId!))
                .OrderBy(c => c.Id).Select(c => c.Id).FirstAsync(Ct);
        }
        var audit = await app.AuditCountAsync();
        await using (var s = app.Services.CreateAsyncScope())
        {
            var registry = s.ServiceProvider.GetRequiredService<RegistryService>();
            var r = await registry.UpdateAssociationAsync(new Caller("t-asso", UserRole.Association, association), association, a =>
                a.Conventions.Add(new AssociationConvention { AssociationId = association, TargetKind = ConventionTarget.Centre, TargetId = site, SignedOn = new DateOnly(2026, 1, 1) }), Ct);
            Assert.Equal(WriteStatus.Invalid, r.Status);
            Assert.Equal("conventions", Assert.Single(r.Errors).Field);
        }
        Assert.Equal(audit, await app.AuditCountAsync());
        await using (var s = app.Services.CreateAsyncScope())
        {
            var registry = s.ServiceProvider.GetRequiredService<RegistryService>();
            var r = await registry.UpdateAssociationAsync(new Caller("t-admin", UserRole.NationalAdmin, null), association, a =>
                a.Conventions.Add(new AssociationConvention { AssociationId = association, TargetKind = ConventionTarget.Centre, TargetId = site, SignedOn = new DateOnly(2026, 1, 1) }), Ct);
            Assert.Equal(WriteStatus.Ok, r.Status);
        }
    }

    private static async Task<JsonObject> GetAsync(HttpClient client, string url)
    {
        using var r = await client.GetAsync(new Uri(url, UriKind.Relative), Ct);
        var text = await r.Content.ReadAsStringAsync(Ct);
        Assert.True(r.StatusCode == HttpStatusCode.OK, $"GET {url}: {(int)r.StatusCode} {text}");
        return JsonNode.Parse(text)!.AsObject();
    }
}
