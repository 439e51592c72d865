using System.Net;
using System.Text.Json.Nodes;
using Maillage.Core.Data;
using Maillage.Core.Features.Names;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain.Registry;
using Maillage.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Maillage.Web.Tests.Names;

/// <summary>
/// The pickers' suggestion routes (/api/v1/suggestions/…, docs/pickers.md): names found by a part of them, the id sent
/// back; bounded text and count; people only for the roles that name heads, with the RPPS only where the caller may
/// read it and never the e-mail; accounts for the national administration only.
/// </summary>
public sealed class SuggestionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Structures_are_found_by_a_part_of_their_name_in_any_case_and_answer_their_ids(DatabaseProvider provider)
    {
        await using var app = new MaillageFactory(provider);
        using var client = app.PageClient(); // anonymous: registry names are public
        Centre centre;
        Establishment establishment;
        Network network;
        await using (var s = app.Services.CreateAsyncScope())
        {
            var db = s.ServiceProvider.GetRequiredService<MaillageDbContext>();
            // Objects whose name no other object of their kind shares, so that typing it finds that one.
            var centres = await db.Centres.AsNoTracking().ToListAsync(Ct);
            centre = centres.GroupBy(c => Words(c.Name, 6)).Where(g => g.Count() == 1).Select(g => g.Single()).OrderBy(c => c.Id, StringComparer.Ordinal).First();
            var all = await db.Establishments.AsNoTracking().ToListAsync(Ct);
            establishment = all.GroupBy(e => Words(e.Name, 6)).Where(g => g.Count() == 1).Select(g => g.Single()).OrderBy(e => e.Finess, StringComparer.Ordinal).First();
            network = await db.Networks.AsNoTracking().OrderBy(n => n.Id).FirstAsync(Ct);
        }

        var byName = await SuggestAsync(client, "centres", Words(centre.Name, 6).ToUpperInvariant(), limit: 20);
        Assert.Contains(byName, x => (string?)x["value"] == centre.Id && (string?)x["label"] == centre.Name);
        var byId = await SuggestAsync(client, "centres", centre.Id.ToLowerInvariant());
        Assert.Equal(centre.Id, (string?)byId[0]["value"]);

        var establishments = await SuggestAsync(client, "establishments", Words(establishment.Name, 6), limit: 20);
        Assert.Contains(establishments, x => (string?)x["value"] == establishment.Finess && (string?)x["label"] == establishment.Name);
        Assert.Contains(await SuggestAsync(client, "establishments", establishment.Finess), x => (string?)x["value"] == establishment.Finess);

        Assert.Contains(await SuggestAsync(client, "networks", Words(network.Name, 6), limit: 20), x => (string?)x["value"] == network.Id);
        var filieres = await SuggestAsync(client, "filieres", "cardio");
        Assert.Contains(filieres, x => (string?)x["value"] == "CARDIOGEN");
        var regions = await SuggestAsync(client, "regions", "bretagne");
        Assert.Equal("53", (string?)Assert.Single(regions)["value"]);
        Assert.Equal("Bretagne", (string?)regions[0]["label"]);
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Search_ignores_accents_and_case_on_both_databases(DatabaseProvider provider)
    {
        await using var app = new MaillageFactory(provider);
        using var client = app.PageClient();
        // « Île-de-France » by « ile-de », « ILE DE », « île » (the accent typed still matches); « CÔTE d'azur » and « cote ».
        foreach (var typed in new[] { "ile-de", "ILE DE", "Île-de", "îLE" })
            Assert.Contains(await SuggestAsync(client, "regions", typed), x => (string?)x["value"] == "11");
        foreach (var typed in new[] { "CÔTE d'azur", "cote", "COTE" })
            Assert.Contains(await SuggestAsync(client, "regions", typed), x => (string?)x["value"] == "93");
        Assert.Empty(await SuggestAsync(client, "regions", "ilx-de"));

        // A person named « Élise Éloïse-Test » is found as « elise eloise », « ELISE » and as typed; the national
        // administration may search people.
        string id;
        await using (var s = app.Services.CreateAsyncScope())
        {
            var db = s.ServiceProvider.GetRequiredService<MaillageDbContext>();
            var person = new Person { Id = "P-ACCENT-01", FirstName = "Élise", LastName = "Éloïse-Test" };
            db.People.Add(person);
            await db.SaveChangesAsync(Ct);
            id = person.Id;
        }
        using var admin = await app.ApiClientAsync(UserRole.NationalAdmin, null);
        foreach (var typed in new[] { "elise eloise", "ELISE ELOISE-TEST", "Élise", "éLOÏSE" })
            Assert.Contains(await SuggestAsync(admin, "people", typed), x => (string?)x["value"] == id);
        Assert.DoesNotContain(await SuggestAsync(admin, "people", "elisa eloise"), x => (string?)x["value"] == id);
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Text_and_count_are_bounded(DatabaseProvider provider)
    {
        await using var app = new MaillageFactory(provider);
        using var client = app.PageClient();
        var longText = new string('a', SuggestionService.MaxQueryLength + 1);
        using (var r = await client.GetAsync(new Uri($"{Routes.Api.Suggestions}/centres?q={longText}", UriKind.Relative), Ct))
        {
            Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
            Assert.Contains("100 caractères", await r.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }
        foreach (var limit in new[] { 0, SuggestionService.MaxLimit + 1 })
        {
            using var r = await client.GetAsync(new Uri($"{Routes.Api.Suggestions}/centres?q=centre&limit={limit}", UriKind.Relative), Ct);
            Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        }
        // At the bounds: 100 characters are accepted; one letter suggests nothing; the count never exceeds the limit.
        using (var r = await client.GetAsync(new Uri($"{Routes.Api.Suggestions}/centres?q={longText[1..]}", UriKind.Relative), Ct))
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Empty(await SuggestAsync(client, "centres", "e"));
        Assert.Equal(SuggestionService.DefaultLimit, (await SuggestAsync(client, "establishments", "ce")).Count);
        Assert.Equal(SuggestionService.MaxLimit, (await SuggestAsync(client, "establishments", "ce", limit: SuggestionService.MaxLimit)).Count);
        Assert.Single(await SuggestAsync(client, "establishments", "ce", limit: 1));
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task People_are_suggested_to_the_roles_that_name_heads_with_the_RPPS_only_in_scope_and_never_the_email(DatabaseProvider provider)
    {
        await using var app = new MaillageFactory(provider);
        var (inside, outside) = await HeadsInAndOutOfRegionAsync(app, "11");

        using (var anonymous = app.PageClient())
        using (var r = await anonymous.GetAsync(new Uri($"{Routes.Api.Suggestions}/people?q={inside.LastName}", UriKind.Relative), Ct))
            Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
        foreach (var role in new[] { UserRole.Association, UserRole.Expert, UserRole.FollowUpCommittee })
        {
            using var refused = await app.ApiClientAsync(role, role == UserRole.Association ? "x" : null);
            using var r = await refused.GetAsync(new Uri($"{Routes.Api.Suggestions}/people?q={inside.LastName}", UriKind.Relative), Ct);
            Assert.True(r.StatusCode == HttpStatusCode.Forbidden, $"{role}: {r.StatusCode}");
        }

        using var ars = await app.ApiClientAsync(UserRole.RegionalAgency, "11");
        var mine = await SuggestAsync(ars, "people", $"{inside.FirstName} {inside.LastName}", limit: 20);
        var me = Assert.Single(mine, x => (string?)x["value"] == inside.Id);
        Assert.Contains(inside.Rpps!, (string?)me["detail"], StringComparison.Ordinal);
        Assert.Contains(inside.LastName, (string?)me["label"], StringComparison.Ordinal);
        var theirs = await SuggestAsync(ars, "people", $"{outside.FirstName} {outside.LastName}", limit: 20);
        var them = Assert.Single(theirs, x => (string?)x["value"] == outside.Id);
        Assert.DoesNotContain(outside.Rpps!, them.ToJsonString(), StringComparison.Ordinal);
        // The RPPS finds the region's head only: no oracle on the others'.
        Assert.Contains(await SuggestAsync(ars, "people", inside.Rpps!), x => (string?)x["value"] == inside.Id);
        Assert.Empty(await SuggestAsync(ars, "people", outside.Rpps!));
        // The national administration reads every RPPS, and still no e-mail (the field does not exist in the answer).
        using var admin = await app.ApiClientAsync(UserRole.NationalAdmin, null);
        var all = await SuggestAsync(admin, "people", outside.Rpps!);
        var found = Assert.Single(all);
        Assert.Contains(outside.Rpps!, (string?)found["detail"], StringComparison.Ordinal);
        Assert.DoesNotContain("@", found.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(["detail", "label", "value"], found.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal));
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Accounts_are_suggested_to_the_national_administration_only(DatabaseProvider provider)
    {
        await using var app = new MaillageFactory(provider);
        using var admin = await app.ApiClientAsync(UserRole.NationalAdmin, null);
        Assert.Contains(await SuggestAsync(admin, "accounts", "ars-i"), x => (string?)x["value"] == "ars-idf");
        using var filiere = await app.ApiClientAsync(UserRole.FiliereCoordinator, "CARDIOGEN");
        using (var r = await filiere.GetAsync(new Uri($"{Routes.Api.Suggestions}/accounts?q=ars", UriKind.Relative), Ct))
            Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
        using var anonymous = app.PageClient();
        using (var r = await anonymous.GetAsync(new Uri($"{Routes.Api.Suggestions}/accounts?q=ars", UriKind.Relative), Ct))
            Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
    }

    /// <summary>The first <paramref name="count"/> words of a name of at least 3 letters (a part of it, as a person types).</summary>
    private static string Words(string name, int count) =>
        // (A word with an accented capital is left out: SQLite's lower() folds ASCII letters only.)
        string.Join(' ', name.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(w => w.Length >= 3 && !w.Any(ch => ch > 127 && char.IsUpper(ch))).Take(count));

    private static async Task<List<JsonNode>> SuggestAsync(HttpClient client, string kind, string q, int? limit = null)
    {
        var url = $"{Routes.Api.Suggestions}/{kind}?q={Uri.EscapeDataString(q)}" + (limit is null ? "" : $"&limit={limit}");
        using var r = await client.GetAsync(new Uri(url, UriKind.Relative), Ct);
        var body = await r.Content.ReadAsStringAsync(Ct);
        Assert.True(r.StatusCode == HttpStatusCode.OK, $"GET {url}: {(int)r.StatusCode} {body}");
        return [.. JsonNode.Parse(body)!.AsArray().Select(x => x!)];
    }

    /// <summary>A head of a centre in the region and one outside it, both with an RPPS.</summary>
    private static async Task<(Person Inside, Person Outside)> HeadsInAndOutOfRegionAsync(MaillageFactory app, string region)
    {
        await using var s = app.Services.CreateAsyncScope();
        var db = s.ServiceProvider.GetRequiredService<MaillageDbContext>();
        var today = DateOnly.FromDateTime(DateTime.Today);
        var current = await (from m in db.Mandates
                join c in db.Centres on m.CentreId equals c.Id
                where m.From <= today && (m.To == null || m.To >= today) && m.Person!.Rpps != null
                select new { m.PersonId, Region = c.Establishment!.Departement!.RegionCode })
            .ToListAsync(Ct);
        var byPerson = current.GroupBy(m => m.PersonId).ToDictionary(g => g.Key, g => g.Select(x => x.Region).Distinct().ToList());
        var inside = byPerson.Where(p => p.Value.SequenceEqual([region])).Select(p => p.Key).Order(StringComparer.Ordinal).First();
        var outside = byPerson.Where(p => !p.Value.Contains(region)).Select(p => p.Key).Order(StringComparer.Ordinal).First();
        return (await db.People.SingleAsync(p => p.Id == inside, Ct), await db.People.SingleAsync(p => p.Id == outside, Ct));
    }
}
