using System.IO.Compression;
using System.Net;
using System.Text;
using Maillage.Core.Data;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain.Registry;
using Maillage.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Maillage.Web.Tests.Security;

/// <summary>
/// Reads of non-public data, enumerated (issue "Trust", items 1 and 3): one person heading a centre outside Corsica gets
/// unique marker values (RPPS, e-mail, birth date, which also land in the person's history); then EVERY GET route of the
/// routing table — API, FHIR and the other minimal endpoints, and every Razor page with each of its GET handlers — is
/// called as anonymous, as the demo association and expert accounts and as the regional agency of Corsica (region 94), and
/// no answer (JSON, HTML, CSV, XLSX and ZIP entries decompressed) may contain a marker. The national administration and the
/// centre's own head do see them (so the test can fail). A route whose parameters this test cannot fill fails it, so a new
/// route is not forgotten.
/// </summary>
public sealed class NonPublicReadsTests
{
    private const string EmailMarker = "marker-q7z3x";
    private static readonly DateOnly BirthMarker = new(1903, 7, 29);

    private sealed record Targets(Person Person, string Rpps, string Centre, string CentreKindCollection, string Finess, string Network, string Filiere,
        string Region, string Ern, int Orpha, string Ccmr, string Crc, string Platform, string Association, string Dossier, string Call,
        string PlanAction = "none", string Training = "none", string CollaborativeAction = "none");

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task No_out_of_scope_reader_gets_a_persons_non_public_data_from_any_GET_route(DatabaseProvider provider)
    {
        await using var app = new MaillageFactory(provider);
        var t = await MarkAsync(app);
        string[] markers = [t.Rpps, EmailMarker, BirthMarker.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            BirthMarker.ToString("dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture), "29 juillet 1903",
            // The accounts' e-mail and RPPS (the page /administration/comptes, national administrator only).
            Maillage.Core.Features.Accounts.DemoAccounts.CentreHeadRpps, Maillage.Core.Features.Accounts.DemoAccounts.AdminEmail];

        var (urls, unknown) = await UrlsAsync(app.Services, t);
        Assert.True(unknown.Count == 0, "GET routes this test cannot fill (add them to its map):\n" + string.Join("\n", unknown));
        TestContext.Current.SendDiagnosticMessage("{0} GET URLs", urls.Count);
        // The enumeration reaches the person's own API and page, the exports and enough of both tables to mean something.
        Assert.Contains(($"{Routes.Api.People}/{Uri.EscapeDataString(t.Person.Id)}", false), urls);
        Assert.Contains(($"{Routes.Pages.People}/{Uri.EscapeDataString(t.Person.Id)}", true), urls);
        Assert.Contains((Routes.Api.Registry + "/export", false), urls);
        Assert.True(urls.Count(u => u.IsPage) > 40 && urls.Count(u => !u.IsPage) > 60, $"{urls.Count(u => u.IsPage)} page and {urls.Count(u => !u.IsPage)} other URLs");

        var ars = await app.CreateUserAsync(UserRole.RegionalAgency, "94");
        var readers = new List<(string Name, HttpClient Pages, HttpClient Api)>
        {
            ("anonymous", app.PageClient(), app.PageClient()),
            ("association", await app.SignInAsync("association"), await app.ApiClientAsync(await RegistryPersonalDataTests.DemoUserAsync(app, "association"))),
            ("expert", await app.SignInAsync("expert"), await app.ApiClientAsync(await RegistryPersonalDataTests.DemoUserAsync(app, "expert"))),
            ("ars-94", await app.SignInAsync(ars.UserName!, TestUsers.Password), await app.ApiClientAsync(ars)),
        };
        var leaks = new List<string>();
        try
        {
            foreach (var (name, pages, api) in readers)
                foreach (var (url, isPage) in urls)
                {
                    var body = await BodyAsync(isPage ? pages : api, url);
                    foreach (var m in markers)
                        if (body.Contains(m, StringComparison.Ordinal)) leaks.Add($"{name}: GET {url} shows « {m} »");
                }
        }
        finally
        {
            foreach (var (_, p, a) in readers) { p.Dispose(); a.Dispose(); }
        }
        Assert.True(leaks.Count == 0, "Non-public data reached readers outside its scope:\n" + string.Join("\n", leaks));

        // Those who may read it do: the national administration (API, page, export) and the centre's own head.
        using var admin = await app.ApiClientAsync(await RegistryPersonalDataTests.DemoUserAsync(app, "admin"));
        var person = await BodyAsync(admin, $"{Routes.Api.People}/{t.Person.Id}");
        Assert.Contains(t.Rpps, person, StringComparison.Ordinal);
        Assert.Contains(EmailMarker, person, StringComparison.Ordinal);
        Assert.Contains(markers[2], person, StringComparison.Ordinal);
        Assert.Contains(t.Rpps, await BodyAsync(admin, Routes.Api.Registry + "/export?format=xlsx"), StringComparison.Ordinal);
        Assert.Contains(EmailMarker, await BodyAsync(admin, Routes.Api.Registry + "/export?format=zip"), StringComparison.Ordinal);
        Assert.Contains(t.Rpps, await BodyAsync(admin, $"{Routes.Api.People}/{t.Person.Id}/history"), StringComparison.Ordinal);
        using var adminPages = await app.SignInAsync("admin");
        var page = await BodyAsync(adminPages, $"{Routes.Pages.People}/{t.Person.Id}");
        Assert.Contains(t.Rpps, page, StringComparison.Ordinal);
        Assert.Contains("29 juillet 1903", page, StringComparison.Ordinal);
        using var head = await app.ApiClientAsync(UserRole.CentreHead, t.Centre);
        Assert.Contains(t.Rpps, await BodyAsync(head, $"{Routes.Api.People}/{t.Person.Id}"), StringComparison.Ordinal);
    }

    /// <summary>Gives a person heading a centre outside Corsica unique RPPS, e-mail and birth date (through the audited context, so the history holds them too).</summary>
    private static async Task<Targets> MarkAsync(MaillageFactory app)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var s = app.Services.CreateAsyncScope();
        var db = s.ServiceProvider.GetRequiredService<MaillageDbContext>();
        var today = DateOnly.FromDateTime(DateTime.Today);
        var heads = await (from m in db.Mandates
                join c in db.Centres on m.CentreId equals c.Id
                where m.Role == MandateRole.CentreHead && m.From <= today && (m.To == null || m.To >= today) && c.ClosedOn == null && c.Kind == CentreKind.ReferenceSite
                select new { m.PersonId, CentreId = c.Id, c.EstablishmentFiness, c.NetworkId, Region = c.Establishment!.Departement!.RegionCode })
            .ToListAsync(ct);
        var inCorsica = heads.Where(h => h.Region == "94").Select(h => h.PersonId).ToHashSet(StringComparer.Ordinal);
        var chosen = heads.Where(h => !inCorsica.Contains(h.PersonId) && h.NetworkId != null).OrderBy(h => h.CentreId, StringComparer.Ordinal).First();
        Assert.False(await db.People.AnyAsync(p => p.BirthDate == BirthMarker, ct), "the birth date marker is already someone's");
        var person = await db.People.SingleAsync(p => p.Id == chosen.PersonId, ct);
        var payload = 8_765_432_100L;
        var existing = await db.People.Where(p => p.Rpps != null).Select(p => p.Rpps!).ToListAsync(ct);
        var rpps = Rpps.Create(payload).Value;
        while (existing.Contains(rpps)) rpps = Rpps.Create(++payload).Value;
        person.Rpps = rpps;
        person.Email = EmailMarker + "@chu-test.fr";
        person.BirthDate = BirthMarker;
        await db.SaveChangesAsync(ct);

        var network = await db.Networks.SingleAsync(n => n.Id == chosen.NetworkId, ct);
        var orpha = await db.NetworkDiseases.Where(d => d.NetworkId == network.Id).Select(d => d.OrphaCode).FirstOrDefaultAsync(ct);
        var ern = await db.Erns.OrderBy(e => e.Acronym).Select(e => e.Acronym).FirstAsync(ct);
        var ccmr = await db.Centres.Where(c => c.Kind == CentreKind.CompetenceCentre).OrderBy(c => c.Id).Select(c => c.Id).FirstAsync(ct);
        var crc = await db.Centres.Where(c => c.Kind == CentreKind.ResourceCentre).OrderBy(c => c.Id).Select(c => c.Id).FirstAsync(ct);
        var platform = await db.Platforms.OrderBy(p => p.Id).Select(p => p.Id).FirstAsync(ct);
        var association = await db.Associations.OrderBy(a => a.Id).Select(a => a.Id).FirstAsync(ct);
        var dossier = await db.Set<Maillage.Core.Features.Procedures.Dossier>().OrderBy(d => d.Id).Select(d => d.Id).FirstOrDefaultAsync(ct) ?? "DOS-0000-0000";
        var call = await db.Set<Maillage.Core.Features.Procedures.Call>().OrderBy(c => c.Id).Select(c => c.Id).FirstOrDefaultAsync(ct) ?? "APP-0000-00";
        // The edit forms of the filière's plan action and training line and of the association's collaborative action.
        var planAction = await db.FiliereActions.Where(a => a.FiliereAcronym == network.FiliereAcronym).OrderBy(a => a.Id).Select(a => a.Id).FirstOrDefaultAsync(ct) ?? "none";
        var training = await db.FiliereTrainings.Where(a => a.FiliereAcronym == network.FiliereAcronym).OrderBy(a => a.Id).Select(a => a.Id).FirstOrDefaultAsync(ct) ?? "none";
        var collaborative = await db.CollaborativeActions.Where(a => a.AssociationId == association).OrderBy(a => a.Id).Select(a => a.Id).FirstOrDefaultAsync(ct) ?? "none";
        return new Targets(person, rpps, chosen.CentreId, "sites", chosen.EstablishmentFiness, network.Id, network.FiliereAcronym, chosen.Region, ern,
            orpha == 0 ? 558 : orpha, ccmr, crc, platform, association, dossier, call, planAction, training, collaborative);
    }

    /// <summary>Every GET URL: minimal endpoints (API, FHIR, others) and Razor pages with each of their GET handlers.</summary>
    private static async Task<(List<(string Url, bool IsPage)> Urls, List<string> Unknown)> UrlsAsync(IServiceProvider services, Targets t)
    {
        var urls = new List<(string, bool)>();
        var unknown = new List<string>();
        var endpoints = services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        foreach (var e in endpoints)
        {
            var raw = e.RoutePattern.RawText ?? "";
            var page = e.Metadata.GetMetadata<PageActionDescriptor>();
            if (page is not null)
            {
                var compiled = await services.GetRequiredService<PageLoader>().LoadAsync(page, EndpointMetadataCollection.Empty);
                var handlers = compiled.HandlerMethods.Where(h => string.Equals(h.HttpMethod, "GET", StringComparison.OrdinalIgnoreCase)).Select(h => h.Name).Distinct().ToList();
                if (handlers.Count == 0) handlers.Add(null); // a page without a GET handler still renders on GET
                if (raw.TrimStart('/') == "deconnexion") continue; // would end the reader's session
                foreach (var path in Fill(raw, t, unknown))
                    foreach (var h in handlers)
                        urls.Add((h is null ? path : path + (path.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "handler=" + h, true));
                continue;
            }
            var methods = e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods;
            if (methods is null || !methods.Contains("GET")) continue;
            foreach (var path in Fill(raw, t, unknown)) urls.Add((path, false));
        }
        // Lists that would not show the marked person on their first page: ask for him or her.
        urls.Add(($"{Routes.Api.People}?q={Uri.EscapeDataString(t.Person.LastName)}", false));
        urls.Add(($"{Routes.Api.People}?q={t.Rpps}", false));
        urls.Add(($"{Routes.Api.Registry}/export?format=xlsx", false));
        urls.Add(($"{Routes.Pages.Registry}?handler=export&format=xlsx", true));
        urls.Add(($"{Routes.Pages.Structures}?handler=export&format=xlsx&q={Uri.EscapeDataString(t.Person.LastName)}", true));
        urls.Add(($"{Routes.Pages.Structures}?q={Uri.EscapeDataString(t.Person.LastName)}", true));
        urls.Add(($"{Routes.Api.Prefix}/{t.CentreKindCollection}?q={Uri.EscapeDataString(t.Person.LastName)}", false));
        // Pickers (docs/pickers.md): the person by name and by RPPS.
        urls.Add(($"{Routes.Api.Suggestions}/people?q={Uri.EscapeDataString(t.Person.FirstName + " " + t.Person.LastName)}", false));
        urls.Add(($"{Routes.Api.Suggestions}/people?q={t.Rpps}", false));
        return (urls.Distinct().ToList(), unknown.Distinct().ToList());
    }

    /// <summary>Concrete paths for a route pattern: each parameter from the value of the object it names (by the literal
    /// segment before it and its name); optional parameters are left out. Unknown parameters are reported.</summary>
    private static IEnumerable<string> Fill(string raw, Targets t, List<string> unknown)
    {
        var segments = raw.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (raw.StartsWith(Routes.Fhir + "/{type}", StringComparison.Ordinal) || raw.StartsWith("fhir/r4/{type}", StringComparison.Ordinal))
        {
            if (segments.Length == 3)
                return [Routes.Fhir + "/Organization", Routes.Fhir + "/HealthcareService", Routes.Fhir + "/Location", $"{Routes.Fhir}/Organization?name={Uri.EscapeDataString(t.Person.LastName)}"];
            return [$"{Routes.Fhir}/Organization/{t.Centre}", $"{Routes.Fhir}/HealthcareService/{t.Centre}", $"{Routes.Fhir}/Location/{t.Finess}", $"{Routes.Fhir}/Organization/{t.Finess}"];
        }
        var parts = new List<string>();
        var previous = "";
        foreach (var segment in segments)
        {
            if (!segment.Contains('{', StringComparison.Ordinal))
            {
                parts.Add(segment);
                previous = segment;
                continue;
            }
            var optional = false;
            string? missing = null;
            var filled = System.Text.RegularExpressions.Regex.Replace(segment, @"\{([^{}]+(?:\([^)]*\))?[^{}]*)\}", m =>
            {
                var inner = m.Groups[1].Value;
                if (inner.EndsWith('?')) { optional = true; return ""; }
                var name = inner.Split(':')[0].TrimStart('*');
                var value = Value(previous, name, t);
                if (value is null) missing = name;
                return Uri.EscapeDataString(value ?? "");
            });
            if (missing is not null)
            {
                unknown.Add($"{raw} ({{{missing}}} after « {previous} »)");
                return [];
            }
            if (optional && filled.Length == 0) continue;
            parts.Add(filled);
        }
        return ["/" + string.Join('/', parts)];
    }

    private static string? Value(string previous, string name, Targets t) => (previous, name) switch
    {
        (_, "year") => "2024",
        ("regions", "code") => t.Region,
        ("departements", "code") => "75",
        ("ern", "acronym") => t.Ern,
        ("orpha", "code") => t.Orpha.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ("establishments" or "etablissements", "finess") => t.Finess,
        ("filieres", "acronym") => t.Filiere,
        ("networks" or "reseaux", "id") => t.Network,
        ("sites" or "centres", "id") => t.Centre,
        ("competence-centres", "id") => t.Ccmr,
        ("resource-centres", "id") => t.Crc,
        ("platforms" or "plateformes", "id") => t.Platform,
        ("people" or "personnes", "id") => t.Person.Id,
        ("associations", "id") => t.Association,
        ("reports" or "rapports", "centreId") => t.Centre,
        ("dossiers" or "procedures", "id") => t.Dossier,
        ("documents", "documentId") => "1",
        ("calls" or "appels", "id") => t.Call,
        ("scenarios", "id") => "SCN-2024-001",
        ("imports", "id") => "none",
        ("referentials" or "referentiel", "campaign") => "2023-2028",
        ("openapi", "documentName") => "v1",
        // The demo's budget circulars, follow-up committee meetings, surveys and collaborative actions (DemoBudget, DemoCommittee).
        ("circulars", "circular") => "C1",
        ("meetings" or "reunions", "id") => $"RCS-{DateTime.Today.Year:0000}-01",
        ("surveys" or "enquetes", "id") => $"ENQ-{DateTime.Today.Year:0000}-0001",
        ("collaborative-actions" or "actions", "id") => $"ACT-{DateTime.Today.Year:0000}-0001",
        // The edit forms (pages): a filière's plan action and training line, an association's collaborative action.
        ("plan-actions", "id") => t.PlanAction,
        ("formations", "id") => t.Training,
        ("actions", "actionId") => t.CollaborativeAction,
        // Sign-in with a federation (docs/authentication.md): not configured in these tests, so 404.
        ("avec", "provider") => "proconnect",
        // Accounts' e-mail and RPPS (national administrator only, AccountAdmin): the demo account that carries an RPPS.
        ("comptes", "userName") => "responsable",
        _ => null,
    };

    /// <summary>The body as text; ZIP answers (zip exports, XLSX) with every entry decompressed.</summary>
    private static async Task<string> BodyAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(new Uri(url, UriKind.Relative), TestContext.Current.CancellationToken);
        var bytes = await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
        if (bytes.Length > 4 && bytes[0] == 'P' && bytes[1] == 'K')
        {
            var text = new StringBuilder();
            using var zip = new ZipArchive(new MemoryStream(bytes));
            foreach (var entry in zip.Entries)
            {
                await using var s = entry.Open();
                using var reader = new StreamReader(s, Encoding.UTF8);
                text.Append(await reader.ReadToEndAsync(TestContext.Current.CancellationToken)).Append('\n');
            }
            return text.ToString();
        }
        return Encoding.UTF8.GetString(bytes) + (response.Headers.Location is { } location ? "\nLocation: " + location : "");
    }
}
