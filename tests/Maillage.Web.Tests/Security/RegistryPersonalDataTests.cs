using System.IO.Compression;
using System.Net;
using System.Text.Json.Nodes;
using Maillage.Core.Infrastructure.Auditing;
using Maillage.Core.Data;
using Maillage.Core.Features.Registry.Transfer;
using Maillage.Core.Infrastructure.Tabular;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain.Registry;
using Maillage.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Maillage.Web.Tests.Security;

/// <summary>
/// Minimisation of the registry's personal data (issue "Trust", item 3; docs/security.md "Who reads what"): association
/// and expert accounts get the registry export without RPPS, birth dates or e-mails; a centre head reads his or her own
/// RPPS; a regional agency reads the RPPS of the heads in its region only (and cannot find others by RPPS); the public
/// history shows no account name, signed-in readers see display names.
/// </summary>
public sealed class RegistryPersonalDataTests
{
    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Association_and_expert_exports_hold_no_personal_columns(DatabaseProvider provider)
    {
        await using var app = new MaillageFactory(provider);
        foreach (var account in new[] { "association", "expert" })
        {
            using var client = await app.ApiClientAsync(await DemoUserAsync(app, account));
            var people = await PeopleFileAsync(client);
            Assert.NotEmpty(people.Rows);
            foreach (var column in RegistryExporter.IdentifyingColumns.Concat(RegistryExporter.ContactColumns))
            {
                var i = IndexOf(people, column);
                Assert.All(people.Rows, r => Assert.True(string.IsNullOrEmpty(r.Cells[i]), $"{account}: {column} of line {r.Line} is « {r.Cells[i]} »"));
            }
        }
        // The national administration still gets them (so the check above can fail).
        using var admin = await app.ApiClientAsync(await DemoUserAsync(app, "admin"));
        var full = await PeopleFileAsync(admin);
        Assert.Contains(full.Rows, r => !string.IsNullOrEmpty(r.Cells[IndexOf(full, "rpps")]));
        // (the demo people have no e-mail: NonPublicReadsTests gives one and checks it.)
        Assert.Contains(full.Rows, r => !string.IsNullOrEmpty(r.Cells[IndexOf(full, "birth_date")]));
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task A_regional_agency_reads_the_RPPS_of_heads_in_its_region_only(DatabaseProvider provider)
    {
        await using var app = new MaillageFactory(provider);
        var (inside, outside) = await HeadsInAndOutOfRegionAsync(app, "11");
        using var ars = await app.ApiClientAsync(UserRole.RegionalAgency, "11");

        var mine = await GetJsonAsync(ars, $"{Routes.Api.People}/{inside.Id}");
        Assert.Equal(inside.Rpps, (string?)mine["rpps"]);
        var other = await GetJsonAsync(ars, $"{Routes.Api.People}/{outside.Id}");
        Assert.Null((string?)other["rpps"]);
        Assert.Null((string?)other["birth_date"]);
        Assert.Null((string?)other["email"]);
        Assert.Equal(outside.LastName, (string?)other["last_name"]);

        // The RPPS search finds the region's head, not the other one.
        Assert.Equal(1, (int)(await GetJsonAsync(ars, $"{Routes.Api.People}?q={inside.Rpps}"))["total"]!);
        Assert.Equal(0, (int)(await GetJsonAsync(ars, $"{Routes.Api.People}?q={outside.Rpps}"))["total"]!);
        using var admin = await app.ApiClientAsync(UserRole.NationalAdmin, null);
        Assert.Equal(1, (int)(await GetJsonAsync(admin, $"{Routes.Api.People}?q={outside.Rpps}"))["total"]!);

        // Its export carries the RPPS of the region's head and not the other's.
        var people = await PeopleFileAsync(ars);
        string? RppsOf(string id) => people.Rows.Single(r => r.Cells[IndexOf(people, "id")] == id).Cells[IndexOf(people, "rpps")];
        Assert.Equal(inside.Rpps, RppsOf(inside.Id));
        Assert.True(string.IsNullOrEmpty(RppsOf(outside.Id)));

        // The person page says the same.
        var user = await app.CreateUserAsync(UserRole.RegionalAgency, "11");
        using var page = await app.SignInAsync(user.UserName!, TestUsers.Password);
        Assert.Contains(inside.Rpps!, await page.GetPageAsync($"{Routes.Pages.People}/{inside.Id}"), StringComparison.Ordinal);
        Assert.DoesNotContain(outside.Rpps!, await page.GetPageAsync($"{Routes.Pages.People}/{outside.Id}"), StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task A_centre_head_reads_his_or_her_own_RPPS_and_history(DatabaseProvider provider)
    {
        await using var app = new MaillageFactory(provider);
        var (head, centre) = await CurrentHeadAsync(app);
        using var client = await app.ApiClientAsync(UserRole.CentreHead, centre);
        var me = await GetJsonAsync(client, $"{Routes.Api.People}/{head.Id}");
        Assert.Equal(head.Rpps, (string?)me["rpps"]);
        Assert.Equal(head.Email, (string?)me["email"]);
        using var history = await client.GetAsync(new Uri($"{Routes.Api.People}/{head.Id}/history", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, history.StatusCode);

        // Another centre's head reads neither.
        var (_, otherCentre) = await CurrentHeadAsync(app, exceptPerson: head.Id);
        using var stranger = await app.ApiClientAsync(UserRole.CentreHead, otherCentre);
        var seen = await GetJsonAsync(stranger, $"{Routes.Api.People}/{head.Id}");
        Assert.Null((string?)seen["rpps"]);
        Assert.Null((string?)seen["email"]);
        using var refused = await stranger.GetAsync(new Uri($"{Routes.Api.People}/{head.Id}/history", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task History_shows_display_names_to_signed_in_readers_and_no_account_name_to_the_public(DatabaseProvider provider)
    {
        await using var app = new MaillageFactory(provider);
        var author = await app.CreateUserAsync(UserRole.NationalAdmin, null, "hist-author-x9k2");
        string network;
        await using (var s = app.Services.CreateAsyncScope())
        {
            var db = s.ServiceProvider.GetRequiredService<MaillageDbContext>();
            network = await db.Networks.OrderBy(n => n.Id).Select(n => n.Id).FirstAsync(TestContext.Current.CancellationToken);
            db.AuditEntries.Add(new AuditEntry
            {
                At = DateTimeOffset.UtcNow, UserName = author.UserName!, Origin = "web", Entity = "network", EntityId = network,
                Action = "updated", Before = "{\"Name\":\"A\"}", After = "{\"Name\":\"B\"}",
            });
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        using var anonymous = app.PageClient();
        var publicJson = await anonymous.GetStringAsync(new Uri($"{Routes.Api.Networks}/{network}/history", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.DoesNotContain(author.UserName!, publicJson, StringComparison.Ordinal);
        Assert.DoesNotContain(author.DisplayName!, publicJson, StringComparison.Ordinal);
        Assert.Contains(Maillage.Core.Features.Registry.RegistryQueries.SomeUser, publicJson, StringComparison.Ordinal);
        var publicPage = await anonymous.GetPageAsync($"{Routes.Pages.Networks}/{network}");
        Assert.DoesNotContain(author.UserName!, publicPage, StringComparison.Ordinal);

        using var reader = await app.ApiClientAsync(UserRole.Association, null);
        var signedIn = await reader.GetStringAsync(new Uri($"{Routes.Api.Networks}/{network}/history", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Contains(author.DisplayName!, signedIn, StringComparison.Ordinal);
        Assert.DoesNotContain(author.UserName!, signedIn, StringComparison.Ordinal);
        var user = await app.CreateUserAsync(UserRole.Expert, null);
        using var page = await app.SignInAsync(user.UserName!, TestUsers.Password);
        var html = await page.GetPageAsync($"{Routes.Pages.Networks}/{network}");
        Assert.Contains(System.Net.WebUtility.HtmlEncode(author.DisplayName!), html, StringComparison.Ordinal);
        Assert.DoesNotContain(author.UserName!, html, StringComparison.Ordinal);

        // The audit row keeps the account name.
        await using var scope = app.Services.CreateAsyncScope();
        Assert.True(await scope.ServiceProvider.GetRequiredService<MaillageDbContext>().AuditEntries
            .AnyAsync(a => a.EntityId == network && a.UserName == author.UserName, TestContext.Current.CancellationToken));
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task A_centres_measured_activity_shows_only_to_readers_of_its_health_activity(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = new MaillageFactory(provider);
        string centre, region;
        await using (var s = app.Services.CreateAsyncScope())
        {
            var db = s.ServiceProvider.GetRequiredService<MaillageDbContext>();
            var c = await db.Centres.Where(x => x.ClosedOn == null && x.Establishment!.Departement!.RegionCode != "94")
                .OrderBy(x => x.Id).Select(x => new { x.Id, x.Establishment!.Departement!.RegionCode }).FirstAsync(ct);
            (centre, region) = (c.Id, c.RegionCode);
            var import = new Maillage.Core.Features.Activity.ActivityImportRecord
            {
                ImportedAt = DateTimeOffset.UtcNow, ImportedBy = "test", FileName = "t.csv", Sha256 = new string('0', 64), RejectsByReason = "{}", Years = "2024",
            };
            db.ActivityImports.Add(import);
            await db.SaveChangesAsync(ct);
            db.ActivityIndicators.Add(new Maillage.Core.Features.Activity.ActivityIndicatorRecord { CentreId = centre, Year = 2024, ActivePatients = 7, Consultations = 3, ImportId = import.Id });
            await db.SaveChangesAsync(ct);
        }
        async Task<string> PageAs(UserRole role, string? scope)
        {
            var user = await app.CreateUserAsync(role, scope);
            using var client = await app.SignInAsync(user.UserName!, TestUsers.Password);
            return await client.GetPageAsync($"{Routes.Pages.Centres}/{centre}");
        }
        using (var anonymous = app.PageClient())
            Assert.DoesNotContain("titre-activite", await anonymous.GetPageAsync($"{Routes.Pages.Centres}/{centre}"), StringComparison.Ordinal);
        Assert.DoesNotContain("titre-activite", await PageAs(UserRole.Association, null), StringComparison.Ordinal);
        Assert.DoesNotContain("titre-activite", await PageAs(UserRole.Expert, null), StringComparison.Ordinal);
        Assert.DoesNotContain("titre-activite", await PageAs(UserRole.RegionalAgency, "94"), StringComparison.Ordinal);
        Assert.Contains("titre-activite", await PageAs(UserRole.RegionalAgency, region), StringComparison.Ordinal);
        Assert.Contains("titre-activite", await PageAs(UserRole.CentreHead, centre), StringComparison.Ordinal);
        Assert.Contains("titre-activite", await PageAs(UserRole.NationalAdmin, null), StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Bulk_person_scopes_equal_the_access_policy(DatabaseProvider provider)
    {
        await using var app = new MaillageFactory(provider);
        await using var s = app.Services.CreateAsyncScope();
        var db = s.ServiceProvider.GetRequiredService<MaillageDbContext>();
        var access = s.ServiceProvider.GetRequiredService<AccessPolicy>();
        var personal = s.ServiceProvider.GetRequiredService<Maillage.Core.Features.Registry.PersonalData>();
        var ids = await db.People.OrderBy(p => p.Id).Select(p => p.Id).Take(300).ToListAsync(TestContext.Current.CancellationToken);
        var bulk = await personal.ScopesOfPeopleAsync(ids, TestContext.Current.CancellationToken);
        var nonEmpty = 0;
        foreach (var id in ids)
        {
            var one = await access.ScopeOfAsync("person", id, TestContext.Current.CancellationToken);
            var b = bulk[id];
            Assert.Equal(one.Centres.Order(), b.Centres.Order());
            Assert.Equal(one.Regions.Order(), b.Regions.Order());
            Assert.Equal(one.LegalEntities.Order(), b.LegalEntities.Order());
            Assert.Equal(one.Filieres.Order(), b.Filieres.Order());
            if (b.Centres.Count > 0) nonEmpty++;
        }
        Assert.True(nonEmpty > 10, $"only {nonEmpty} people with a scope");
    }

    internal static async Task<AppUser> DemoUserAsync(MaillageFactory app, string userName)
    {
        await using var s = app.Services.CreateAsyncScope();
        return await s.ServiceProvider.GetRequiredService<MaillageDbContext>().Users.SingleAsync(u => u.UserName == userName, TestContext.Current.CancellationToken);
    }

    private static int IndexOf(TableSheet sheet, string column)
    {
        var i = sheet.Header.ToList().IndexOf(column);
        Assert.True(i >= 0, $"column {column} missing");
        return i;
    }

    private static async Task<TableSheet> PeopleFileAsync(HttpClient client)
    {
        var bytes = await client.GetByteArrayAsync(new Uri(Routes.Api.Registry + "/export?format=zip", UriKind.Relative), TestContext.Current.CancellationToken);
        using var zip = new ZipArchive(new MemoryStream(bytes));
        var entry = zip.GetEntry("people.csv") ?? throw new InvalidOperationException("people.csv missing from the export");
        await using var stream = entry.Open();
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, TestContext.Current.CancellationToken);
        return CsvTable.Read("people", buffer.ToArray());
    }

    private static async Task<JsonNode> GetJsonAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(new Uri(url, UriKind.Relative), TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"GET {url}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }

    /// <summary>A person heading today a centre of the region (and nothing elsewhere), and one heading only centres outside it, both with an RPPS.</summary>
    private static async Task<(Person Inside, Person Outside)> HeadsInAndOutOfRegionAsync(MaillageFactory app, string region)
    {
        await using var s = app.Services.CreateAsyncScope();
        var db = s.ServiceProvider.GetRequiredService<MaillageDbContext>();
        var today = DateOnly.FromDateTime(DateTime.Today);
        var current = await (from m in db.Mandates
                join c in db.Centres on m.CentreId equals c.Id
                where m.From <= today && (m.To == null || m.To >= today) && m.Person!.Rpps != null
                select new { m.PersonId, Region = c.Establishment!.Departement!.RegionCode })
            .ToListAsync(TestContext.Current.CancellationToken);
        var byPerson = current.GroupBy(m => m.PersonId).ToDictionary(g => g.Key, g => g.Select(x => x.Region).Distinct().ToList());
        var inside = byPerson.Where(p => p.Value.SequenceEqual([region])).Select(p => p.Key).Order(StringComparer.Ordinal).First();
        var outside = byPerson.Where(p => !p.Value.Contains(region)).Select(p => p.Key).Order(StringComparer.Ordinal).First();
        return (await db.People.SingleAsync(p => p.Id == inside, TestContext.Current.CancellationToken),
            await db.People.SingleAsync(p => p.Id == outside, TestContext.Current.CancellationToken));
    }

    private static async Task<(Person Head, string Centre)> CurrentHeadAsync(MaillageFactory app, string? exceptPerson = null)
    {
        await using var s = app.Services.CreateAsyncScope();
        var db = s.ServiceProvider.GetRequiredService<MaillageDbContext>();
        var today = DateOnly.FromDateTime(DateTime.Today);
        var mandates = await db.Mandates.Include(x => x.Person)
            .Where(x => x.Role == MandateRole.CentreHead && x.CentreId != null && x.From <= today && (x.To == null || x.To >= today) && x.Person!.Rpps != null)
            .ToListAsync(TestContext.Current.CancellationToken);
        var excluded = exceptPerson is null ? [] : await db.Mandates.Where(o => o.PersonId == exceptPerson && o.CentreId != null).Select(o => o.CentreId!).ToListAsync(TestContext.Current.CancellationToken);
        var m = mandates.Where(x => x.PersonId != exceptPerson && !excluded.Contains(x.CentreId!))
            .OrderBy(x => x.Person!.Email is null ? 1 : 0).ThenBy(x => x.CentreId, StringComparer.Ordinal).First();
        return (m.Person!, m.CentreId!);
    }
}
