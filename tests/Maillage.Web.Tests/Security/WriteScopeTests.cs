using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Maillage.Core.Data;
using Maillage.Core.Features.Procedures;
using Maillage.Core.Features.Registry;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain.Procedures;
using Maillage.Domain.Registry;
using Maillage.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Maillage.Web.Tests.Security;

/// <summary>
/// Issue 10 §2: write scopes are computed from what a change will make and from mandates in force. A centre head may
/// not name a head (the ministry designates, or a succession's decision does), so he cannot bring a person of another
/// region into his scope; plain writes by non-national roles may not move a centre, a network or a platform (a change of
/// seat is a procedure); and only the parties the annex of the 2018 note names may open each procedure, the opener being
/// able to withdraw what he opened.
/// </summary>
public sealed class WriteScopeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>
    /// A reference site X with its seat's legal entity and region, its network and filière (with a host establishment
    /// of another legal entity), an ET of a third legal entity in another region that hosts no site of X's network, the
    /// current head P of a centre of another region, and a platform with its region.
    /// </summary>
    private sealed record World(string Site, string SiteFiness, string SiteEj, string Region, string Network, string Filiere, string FiliereHostEj,
        string OtherFiliere, string Receiving, string ReceivingEj, string Person, string Association, string Platform, string PlatformRegion);

    private static async Task<World> WorldAsync(MaillageFactory app)
    {
        await using var s = app.Services.CreateAsyncScope();
        var db = s.ServiceProvider.GetRequiredService<MaillageDbContext>();
        var busy = await db.Set<Dossier>().Where(d => d.State != DossierState.Withdrawn && d.State != DossierState.Approved && d.State != DossierState.Rejected)
            .Select(d => new { d.CentreId, d.FiliereAcronym, d.Kind }).ToListAsync(Ct);
        var ets = await db.Establishments.AsNoTracking().Include(e => e.Departement).ToListAsync(Ct);
        string Ej(string finess) => ets.Single(e => e.Finess == finess) is var e ? e.LegalEntityFiness ?? e.Finess : "";
        string? Region(string finess) => ets.Single(e => e.Finess == finess).Departement?.RegionCode;
        var filieres = await db.Filieres.AsNoTracking().Where(f => f.HostFiness != null).ToListAsync(Ct);
        var sites = await db.Centres.AsNoTracking().Include(c => c.Network)
            .Where(c => c.Kind == CentreKind.ReferenceSite && c.ClosedOn == null && c.NetworkId != null).OrderBy(c => c.Id).ToListAsync(Ct);
        foreach (var c in sites)
        {
            var f = filieres.FirstOrDefault(x => x.Acronym == c.Network!.FiliereAcronym);
            if (f is null || ets.All(e => e.Finess != f.HostFiness) || busy.Any(b => b.CentreId == c.Id || b.FiliereAcronym == f.Acronym)) continue;
            if (Region(c.EstablishmentFiness) is not { } region || Ej(c.EstablishmentFiness) == Ej(f.HostFiness!)) continue;
            var networkSites = await db.Centres.AsNoTracking().Where(x => x.NetworkId == c.NetworkId).Select(x => x.EstablishmentFiness).ToListAsync(Ct);
            var receiving = ets.Where(e => e.Level == EstablishmentLevel.Site && e.Departement is not null && e.Departement.RegionCode != region
                    && Ej(e.Finess) != Ej(c.EstablishmentFiness) && Ej(e.Finess) != Ej(f.HostFiness!) && !networkSites.Contains(e.Finess))
                .OrderBy(e => e.Finess).FirstOrDefault();
            if (receiving is null) continue;
            var elsewhere = await db.Centres.AsNoTracking().Where(x => x.Establishment!.Departement!.RegionCode != region).Select(x => x.Id).ToListAsync(Ct);
            var person = await db.Mandates.AsNoTracking().Where(m => m.Role == MandateRole.CentreHead && m.To == null && m.CentreId != null
                    && elsewhere.Contains(m.CentreId))
                .OrderBy(m => m.PersonId).Select(m => m.PersonId).FirstAsync(Ct);
            var other = filieres.Where(x => x.Acronym != f.Acronym).OrderBy(x => x.Acronym).First().Acronym;
            var association = await db.Associations.OrderBy(a => a.Id).Select(a => a.Id).FirstAsync(Ct);
            var platform = await db.Platforms.AsNoTracking().Where(p => p.RegionCode != null).OrderBy(p => p.Id).FirstAsync(Ct);
            return new World(c.Id, c.EstablishmentFiness, Ej(c.EstablishmentFiness), region, c.NetworkId!, f.Acronym, Ej(f.HostFiness!), other,
                receiving.Finess, Ej(receiving.Finess), person, association, platform.Id, platform.RegionCode!);
        }
        throw new InvalidOperationException("No reference site fits the scenario in the demo data.");
    }

    private static async Task<HttpResponseMessage> PutAsync(HttpClient client, string url, JsonNode body) =>
        await client.PutAsJsonAsync(new Uri(url, UriKind.Relative), body, Ct);

    private static async Task<JsonObject> GetJsonAsync(HttpClient client, string url)
    {
        using var r = await client.GetAsync(new Uri(url, UriKind.Relative), Ct);
        var text = await r.Content.ReadAsStringAsync(Ct);
        Assert.True(r.StatusCode == HttpStatusCode.OK, $"GET {url}: {(int)r.StatusCode} {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    /// <summary>A 422 problem whose errors name <paramref name="field"/> with a message containing <paramref name="words"/>.</summary>
    private static async Task AssertFieldRefusedAsync(HttpResponseMessage r, string field, string words)
    {
        var text = await r.Content.ReadAsStringAsync(Ct);
        Assert.True(r.StatusCode == HttpStatusCode.UnprocessableEntity, $"expected 422 on {field}: {(int)r.StatusCode} {text}");
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
        var errors = JsonNode.Parse(text)!["errors"]!.AsObject();
        Assert.True(errors.ContainsKey(field), $"no error on {field}: {text}");
        Assert.Contains(words, errors[field]!.AsArray().Select(e => e!.GetValue<string>()).Single(), StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task A_head_cannot_name_a_future_head_and_so_cannot_edit_a_person_of_another_region(DatabaseProvider provider)
    {
        await using var app = new MaillageFactory(provider);
        var w = await WorldAsync(app);
        using var head = await app.ApiClientAsync(UserRole.CentreHead, w.Site);
        var before = await GetJsonAsync(head, $"{Routes.Api.People}/{w.Person}");

        // The reproduction: the head names P as future head of his own site, then edits P.
        using (var r = await PutAsync(head, $"{Routes.Api.Sites}/{w.Site}/head", new JsonObject { ["person_id"] = w.Person, ["from"] = "2099-01-01" }))
            Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
        var edit = new JsonObject
        {
            ["first_name"] = "Usurpé", ["last_name"] = "Usurpé", ["status"] = "pu_ph", ["clinical_activity"] = true, ["birth_date"] = "1990-01-01",
            ["email"] = "pirate@example.org",
        };
        using (var r = await PutAsync(head, $"{Routes.Api.People}/{w.Person}", edit))
            Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);

        // Even when the ministry names P from 2099, a mandate not in force gives the site's head no reach over P.
        await using (var s = app.Services.CreateAsyncScope())
        {
            var registry = s.ServiceProvider.GetRequiredService<RegistryService>();
            var named = await registry.SetCentreHeadAsync(new Caller("admin-test", UserRole.NationalAdmin, null), w.Site, w.Person, new DateOnly(2099, 1, 1), Ct);
            Assert.True(named.Status == WriteStatus.Ok, string.Join(" ", named.Errors.Select(e => e.Message)));
        }
        using (var r = await PutAsync(head, $"{Routes.Api.People}/{w.Person}", edit))
            Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);

        await using (var s = app.Services.CreateAsyncScope())
        {
            var db = s.ServiceProvider.GetRequiredService<MaillageDbContext>();
            var p = await db.People.AsNoTracking().SingleAsync(x => x.Id == w.Person, Ct);
            Assert.Equal(before["last_name"]!.GetValue<string>(), p.LastName);
            Assert.NotEqual("pirate@example.org", p.Email);
            // Only the ministry's mandate exists in 2099; none by the head.
            Assert.Equal(1, await db.Mandates.CountAsync(m => m.CentreId == w.Site && m.PersonId == w.Person, Ct));
        }
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Plain_writes_by_non_national_roles_cannot_move_a_centre_a_network_or_a_platform(DatabaseProvider provider)
    {
        await using var app = new MaillageFactory(provider);
        var w = await WorldAsync(app);
        using var head = await app.ApiClientAsync(UserRole.CentreHead, w.Site);
        using var filiere = await app.ApiClientAsync(UserRole.FiliereCoordinator, w.Filiere);
        using var ars = await app.ApiClientAsync(UserRole.RegionalAgency, w.PlatformRegion);
        using var admin = await app.ApiClientAsync(UserRole.NationalAdmin, null);
        var audit = await app.AuditCountAsync();

        // The centre's head and its filière's coordinator move it to a hospital of another region: refused, naming the field.
        var centre = await GetJsonAsync(head, $"{Routes.Api.Sites}/{w.Site}");
        centre["establishment_finess"] = w.Receiving;
        using (var r = await PutAsync(head, $"{Routes.Api.Sites}/{w.Site}", centre))
            await AssertFieldRefusedAsync(r, "establishment_finess", "transfert de siège");
        using (var r = await PutAsync(filiere, $"{Routes.Api.Sites}/{w.Site}", centre))
            await AssertFieldRefusedAsync(r, "establishment_finess", "transfert de siège");

        // Nor its network, nor a network's filière, nor a platform's region.
        var renetworked = await GetJsonAsync(head, $"{Routes.Api.Sites}/{w.Site}");
        renetworked["network_id"] = null;
        using (var r = await PutAsync(head, $"{Routes.Api.Sites}/{w.Site}", renetworked))
            await AssertFieldRefusedAsync(r, "network_id", "réseau");
        var network = await GetJsonAsync(filiere, $"{Routes.Api.Networks}/{w.Network}");
        network["filiere"] = w.OtherFiliere;
        using (var r = await PutAsync(filiere, $"{Routes.Api.Networks}/{w.Network}", network))
            await AssertFieldRefusedAsync(r, "filiere", "filière");
        var platform = await GetJsonAsync(ars, $"{Routes.Api.Platforms}/{w.Platform}");
        var moved = new JsonObject { ["name"] = platform["name"]!.GetValue<string>(), ["host_finess"] = platform["host_finess"]!.GetValue<string>(), ["region"] = w.PlatformRegion == "11" ? "84" : "11" };
        using (var r = await PutAsync(ars, $"{Routes.Api.Platforms}/{w.Platform}", moved))
            await AssertFieldRefusedAsync(r, "region", "région");

        // Nothing changed, nothing audited.
        Assert.Equal(audit, await app.AuditCountAsync());
        await using (var s = app.Services.CreateAsyncScope())
        {
            var db = s.ServiceProvider.GetRequiredService<MaillageDbContext>();
            var c = await db.Centres.AsNoTracking().SingleAsync(x => x.Id == w.Site, Ct);
            Assert.Equal((w.SiteFiness, w.Network), (c.EstablishmentFiness, c.NetworkId));
            Assert.Equal(w.Filiere, (await db.Networks.AsNoTracking().SingleAsync(x => x.Id == w.Network, Ct)).FiliereAcronym);
            Assert.Equal(w.PlatformRegion, (await db.Platforms.AsNoTracking().SingleAsync(x => x.Id == w.Platform, Ct)).RegionCode);
        }

        // The ministry may (the registry's structural rules still apply): the refusal is the role's, not the value's.
        using (var r = await PutAsync(admin, $"{Routes.Api.Sites}/{w.Site}", centre))
            Assert.True(r.StatusCode == HttpStatusCode.OK, $"{(int)r.StatusCode} {await r.Content.ReadAsStringAsync(Ct)}");
    }

    private enum Who { Ministry, Agency, SeatDirection, ReceivingDirection, FiliereHostDirection, Filiere, Head, Association, Expert }

    /// <summary>
    /// Who may open each kind (annex of the interministerial note of 19 September 2018): the head or coordinator
    /// "informant sa direction", that direction, the ministry; a change of seat is asked by "la direction de
    /// l'établissement d'accueil".
    /// </summary>
    private static readonly (ProcedureKind Kind, Who[] Openers)[] OpenersTable =
    [
        (ProcedureKind.CentreHeadSuccession, [Who.Ministry, Who.SeatDirection, Who.Head]),
        (ProcedureKind.FiliereCoordinatorSuccession, [Who.Ministry, Who.FiliereHostDirection, Who.Filiere]),
        (ProcedureKind.SeatChange, [Who.Ministry, Who.ReceivingDirection]),
        (ProcedureKind.FiliereSeatChange, [Who.Ministry, Who.ReceivingDirection]),
    ];

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Each_procedure_is_opened_only_by_the_parties_the_annex_names_and_the_opener_may_withdraw_it(DatabaseProvider provider)
    {
        await using var app = new MaillageFactory(provider);
        var w = await WorldAsync(app);
        Caller As(Who who) => who switch
        {
            Who.Ministry => new("t-ministry", UserRole.NationalAdmin, null),
            Who.Agency => new("t-agency", UserRole.RegionalAgency, w.Region),
            Who.SeatDirection => new("t-seat", UserRole.Establishment, w.SiteEj),
            Who.ReceivingDirection => new("t-receiving", UserRole.Establishment, w.ReceivingEj),
            Who.FiliereHostDirection => new("t-host", UserRole.Establishment, w.FiliereHostEj),
            Who.Filiere => new("t-filiere", UserRole.FiliereCoordinator, w.Filiere),
            Who.Head => new("t-head", UserRole.CentreHead, w.Site),
            Who.Association => new("t-association", UserRole.Association, w.Association),
            _ => new("t-expert", UserRole.Expert, null),
        };
        var successor = new SuccessorInput(null, "Pr", "Camille", "Successeur", null, null, HeadStatus.PuPh, null, true, null);
        var mismatches = new List<string>();
        foreach (var (kind, allowed) in OpenersTable)
        {
            foreach (var who in Enum.GetValues<Who>())
            {
                await using var s = app.Services.CreateAsyncScope();
                var procedures = s.ServiceProvider.GetRequiredService<ProcedureService>();
                var caller = As(who);
                var opened = kind switch
                {
                    ProcedureKind.CentreHeadSuccession => await procedures.OpenCentreHeadSuccessionAsync(caller, w.Site, successor, null, null, Ct),
                    ProcedureKind.FiliereCoordinatorSuccession => await procedures.OpenFiliereCoordinatorSuccessionAsync(caller, w.Filiere, successor, null, null, Ct),
                    ProcedureKind.FiliereSeatChange => await procedures.OpenFiliereSeatChangeAsync(caller, w.Filiere, w.Receiving, null, Ct),
                    _ => await procedures.OpenSeatChangeAsync(caller, w.Site, w.Receiving, null, Ct),
                };
                var expected = allowed.Contains(who) ? ProcedureStatus.Ok : ProcedureStatus.Forbidden;
                if (opened.Status != expected)
                    mismatches.Add($"{kind} by {who}: {opened.Status} (expected {expected}) {string.Join(" ", opened.Errors.Select(e => e.Message))}");
                if (opened.Status != ProcedureStatus.Ok) continue;
                // The opener withdraws what he opened, which frees the centre or filière for the next opening.
                var withdrawn = await procedures.TransitionAsync(caller, opened.DossierId!, DossierAction.Withdraw, "Test", null, Ct);
                if (withdrawn.Status != ProcedureStatus.Ok) mismatches.Add($"{kind} withdrawn by its opener {who}: {withdrawn.Status}");
            }
        }
        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task A_stray_dossier_can_be_withdrawn_by_its_opener_and_the_ministry_and_no_one_else(DatabaseProvider provider)
    {
        await using var app = new MaillageFactory(provider);
        var w = await WorldAsync(app);
        // A succession a regional agency opened before the rule was enforced: it blocks every other succession of the centre.
        string id;
        await using (var s = app.Services.CreateAsyncScope())
        {
            var procedures = s.ServiceProvider.GetRequiredService<ProcedureService>();
            var db = s.ServiceProvider.GetRequiredService<MaillageDbContext>();
            id = (await procedures.OpenCentreHeadSuccessionAsync(new Caller("t-ministry", UserRole.NationalAdmin, null), w.Site,
                new SuccessorInput(null, "Pr", "Camille", "Successeur", null, null, HeadStatus.PuPh, null, true, null), null, null, Ct)).DossierId!;
            await db.Set<Dossier>().Where(d => d.Id == id).ExecuteUpdateAsync(u => u.SetProperty(d => d.CreatedBy, "ars-opener"), Ct);
        }
        await using (var s = app.Services.CreateAsyncScope())
        {
            var procedures = s.ServiceProvider.GetRequiredService<ProcedureService>();
            var head = await procedures.OpenCentreHeadSuccessionAsync(new Caller("t-head", UserRole.CentreHead, w.Site),
                w.Site, new SuccessorInput(null, "Pr", "Dominique", "Autre", null, null, HeadStatus.PuPh, null, true, null), null, null, Ct);
            Assert.Equal(ProcedureStatus.Conflict, head.Status);
            var otherAgent = await procedures.TransitionAsync(new Caller("ars-other", UserRole.RegionalAgency, w.Region), id, DossierAction.Withdraw, null, null, Ct);
            Assert.Equal(ProcedureStatus.Forbidden, otherAgent.Status);
            var opener = await procedures.TransitionAsync(new Caller("ars-opener", UserRole.RegionalAgency, w.Region), id, DossierAction.Withdraw, "Ouvert par erreur", null, Ct);
            Assert.Equal(ProcedureStatus.Ok, opener.Status);
        }
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task The_registry_import_is_refused_in_core_to_every_role_but_the_national_administration(DatabaseProvider provider)
    {
        await using var app = new MaillageFactory(provider);
        var w = await WorldAsync(app);
        var audit = await app.AuditCountAsync();
        await using var s = app.Services.CreateAsyncScope();
        var transfer = s.ServiceProvider.GetRequiredService<RegistryTransfer>();
        var csv = System.Text.Encoding.UTF8.GetBytes("id;name\n");
        foreach (var caller in new[]
        {
            Caller.Anonymous, new Caller("t-agency", UserRole.RegionalAgency, w.Region), new Caller("t-head", UserRole.CentreHead, w.Site),
            new Caller("t-filiere", UserRole.FiliereCoordinator, w.Filiere), new Caller("t-seat", UserRole.Establishment, w.SiteEj),
        })
        {
            using var upload = new MemoryStream(csv);
            var refused = await Assert.ThrowsAsync<AccessRefusedException>(() => transfer.ImportAsync(caller, upload, "centres.csv", Ct));
            Assert.Contains("réservé à l'administration nationale", refused.Message, StringComparison.Ordinal);
        }
        Assert.Equal(audit, await app.AuditCountAsync());
    }
}
