using System.Net;
using System.Net.Http.Headers;
using Maillage.Core.Data;
using Maillage.Core.Infrastructure.Pdf;
using Maillage.Core.Features.Procedures;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain.Registry;
using Maillage.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Maillage.Web.Tests.Procedures;

/// <summary>
/// The procedure pages: every writing handler refuses anonymous callers (sign-in) and the demo users whose scope does not
/// cover the dossier (403) and changes nothing; the parties of a dossier act on it from the page.
/// </summary>
public sealed class ProcedurePageTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly string[] ScopedDemoUsers = ["ars-idf", "filiere-cardiogen", "etablissement", "responsable", "association"];

    /// <summary>A constitutive site outside every scoped demo account (not Île-de-France, not CARDIOGEN, not the demo association's).</summary>
    private static async Task<(string Site, string Seat, string LegalEntity, string Dossier, string Network, string Call, int Member)> TargetAsync(MaillageFactory app)
    {
        await using var s = app.Services.CreateAsyncScope();
        var db = s.ServiceProvider.GetRequiredService<MaillageDbContext>();
        var demoAssociation = await db.Associations.AsNoTracking().OrderBy(a => a.Id).Select(a => a.Id).FirstAsync(Ct);
        var linked = await db.AssociationConventions.AsNoTracking().Where(c => c.AssociationId == demoAssociation).Select(c => c.TargetId).ToListAsync(Ct);
        var site = await db.Centres.AsNoTracking().Include(c => c.Establishment!.Departement).Include(c => c.Network)
            .Where(c => c.Role == SiteRole.Constitutive && c.ClosedOn == null && c.Establishment!.Departement!.RegionCode != "11"
                && c.Network!.FiliereAcronym != "CARDIOGEN" && !linked.Contains(c.Id) && !linked.Contains(c.NetworkId!))
            .OrderBy(c => c.Id).FirstAsync(Ct);
        var procedures = s.ServiceProvider.GetRequiredService<ProcedureService>();
        var r = await procedures.OpenCentreHeadSuccessionAsync(new Caller("admin", UserRole.NationalAdmin, null), site.Id,
            new SuccessorInput(null, "Pr", "Alex", "Relève", null, null, HeadStatus.PuPh, new DateOnly(1976, 5, 4), true, null), null, null, Ct);
        Assert.Equal(ProcedureStatus.Ok, r.Status);
        // A labelling campaign with one jury member, for the call pages.
        var admin = new Caller("admin", UserRole.NationalAdmin, null);
        var calls = s.ServiceProvider.GetRequiredService<CallService>();
        var today = DateOnly.FromDateTime(DateTime.Today);
        var call = await calls.CreateAsync(admin, new CallInput(Maillage.Domain.Procedures.CallKind.LabellingCampaign, "Campagne", null, today, today.AddDays(10), null,
            "2023-2028", "2099-2103", new DateOnly(2099, 1, 1), new DateOnly(2103, 12, 31)), Ct);
        var expert = await app.CreateUserAsync(UserRole.Expert, null);
        var member = await calls.AddMemberAsync(admin, call.DossierId!, new JuryMemberInput(expert.UserName, null, Maillage.Domain.Procedures.JurySeat.Expert, false, null, null, null), Ct);
        return (site.Id, site.EstablishmentFiness, site.Establishment!.LegalEntityFiness ?? site.EstablishmentFiness, r.DossierId!, site.NetworkId!, call.DossierId!,
            int.Parse(member.DossierId!, System.Globalization.CultureInfo.InvariantCulture));
    }

    private static bool IsSignInRedirect(HttpResponseMessage r) =>
        r.StatusCode == HttpStatusCode.Redirect && r.Headers.Location is { } location
        && new Uri(new Uri("http://localhost"), location).AbsolutePath == Routes.Pages.SignIn;

    private static async Task<HttpResponseMessage> PostAsync(HttpClient c, string url, string token, IEnumerable<KeyValuePair<string, string>> fields, bool withFile = false)
    {
        if (!withFile) return await c.PostFormAsync(url, fields.Append(new(HtmlForm.AntiforgeryField, token)));
        using var form = new MultipartFormDataContent();
        foreach (var (k, v) in fields.Append(new(HtmlForm.AntiforgeryField, token))) form.Add(new StringContent(v), k);
        var file = new ByteArrayContent(new PdfDocumentBuilder().Title("CV").ToBytes());
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        form.Add(file, "file", "cv.pdf");
        return await c.PostAsync(new Uri(url, UriKind.Relative), form, Ct);
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Every_procedure_handler_refuses_anonymous_and_out_of_scope_users_and_changes_nothing(DatabaseProvider provider)
    {
        await using var app = new MaillageFactory(provider);
        var (site, seat, _, dossier, network, call, member) = await TargetAsync(app);
        var page = $"{Routes.Pages.Procedures}/{dossier}";
        var callPage = $"{Routes.Pages.Procedures}/appels/{call}";
        var requests = new (string Url, KeyValuePair<string, string>[] Fields, bool File)[]
        {
            ($"{page}?handler=Sections", [new("Sections[mission_care]", "Projet.")], false),
            ($"{page}?handler=Document&item=cv", [], true),
            ($"{page}?handler=Opinion&item=director_opinion:{seat}", [new("value", "favourable")], false),
            ($"{page}?handler=Transition", [new("action", "withdraw")], false),
            (Routes.Pages.Procedures + "/nouveau", [new("Input.Kind", "centre_head_succession"), new("Input.CentreId", site), new("Input.FirstName", "X"), new("Input.LastName", "Y"), new("Input.Status", "pu_ph")], false),
            ($"{page}?handler=Site", [new("centreId", site), new("role", "constitutive")], false),
            ($"{page}?handler=Assign", [new("memberId", member.ToString(System.Globalization.CultureInfo.InvariantCulture))], false),
            ($"{page}?handler=Review", [new("score", "12"), new("recommendation", "favourable")], false),
            ($"{page}?handler=SiteDecision", [new("centreId", site), new("decision", "labelled")], false),
            (Routes.Pages.Procedures + "/appels", [new("Input.Kind", "platform_call"), new("Input.Title", "Appel"), new("Input.OpensOn", "2030-01-01"), new("Input.Deadline", "2030-04-15")], false),
            ($"{callPage}?handler=Member", [new("userName", "admin"), new("seat", "expert")], false),
            ($"{callPage}?handler=RemoveMember", [new("memberId", member.ToString(System.Globalization.CultureInfo.InvariantCulture))], false),
            ($"{callPage}?handler=Declaration", [new("declaration", "Aucun lien.")], false),
            ($"{callPage}?handler=Apply", [new("networkId", network)], false),
            ($"{callPage}?handler=Publish", [], false),
        };
        // Every writing handler of the procedure pages is in the list above.
        var handlers = await Maillage.Web.Tests.Security.PageWriteAuthorizationTests.WritingHandlersAsync(app.Services);
        foreach (var h in handlers.Where(h => Maillage.Web.Tests.Security.PageWriteAuthorizationTests.ProcedurePages.ContainsKey(h.Page)))
            Assert.Contains(requests, r => h.Page switch
            {
                "/Procedures/Nouveau" => r.Url == Routes.Pages.Procedures + "/nouveau",
                "/Procedures/Appels/Index" => r.Url == Routes.Pages.Procedures + "/appels",
                "/Procedures/Appels/Appel" => r.Url.StartsWith(callPage, StringComparison.Ordinal) && r.Url.EndsWith($"handler={h.Handler}", StringComparison.Ordinal),
                _ => r.Url.StartsWith(page, StringComparison.Ordinal) && r.Url.Contains($"handler={h.Handler}", StringComparison.Ordinal),
            });

        using var anonymous = app.PageClient();
        var anonymousToken = HtmlForm.AntiforgeryToken(await anonymous.GetPageAsync(Routes.Pages.SignIn));
        var audit = await app.AuditCountAsync();
        foreach (var (url, fields, file) in requests)
        {
            using (var r = await PostAsync(anonymous, url, anonymousToken, fields, file))
                Assert.True(IsSignInRedirect(r), $"{url} anonymous: {(int)r.StatusCode} {r.Headers.Location}");
            foreach (var user in ScopedDemoUsers)
            {
                using var client = await app.SignInAsync(user);
                var token = HtmlForm.AntiforgeryToken(await client.GetPageAsync("/"));
                using (var g = await client.GetAsync(new Uri(page, UriKind.Relative), Ct))
                    Assert.True(g.StatusCode == HttpStatusCode.Forbidden, $"GET {page} as {user}: {(int)g.StatusCode}");
                using var r = await PostAsync(client, url, token, fields, file);
                Assert.True(r.StatusCode == HttpStatusCode.Forbidden, $"{url} as {user}: {(int)r.StatusCode} {r.Headers.Location}");
            }
        }
        Assert.Equal(audit, await app.AuditCountAsync());

        // The same requests from the ministry are saved (so the refusals were the scope's).
        using var admin = await app.SignInAsync("admin");
        var adminToken = HtmlForm.AntiforgeryToken(await admin.GetPageAsync(page));
        foreach (var (url, fields, file) in requests.Take(3))
        {
            using var r = await PostAsync(admin, url, adminToken, fields, file);
            Assert.True(r.StatusCode == HttpStatusCode.Redirect && r.Headers.Location?.OriginalString == page, $"{url} as admin: {(int)r.StatusCode} {r.Headers.Location}");
        }
        Assert.True(await app.AuditCountAsync() > audit);
        var html = await admin.GetPageAsync(page);
        Assert.Contains("cv.pdf", html, StringComparison.Ordinal);
        Assert.Contains("Projet.", html, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task The_head_opens_a_succession_from_the_page_and_errors_show_next_to_the_form(DatabaseProvider provider)
    {
        await using var app = new MaillageFactory(provider);
        using var head = await app.SignInAsync("responsable");
        var html = await head.GetPageAsync(Routes.Pages.Procedures + "/nouveau");
        var form = HtmlForm.All(html).Single(f => f.Has("Input.Kind"));
        // Missing name and status: the page says so and nothing is created.
        using (var r = await head.PostFormAsync(Routes.Pages.Procedures + "/nouveau", form.Fields))
        {
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            var page = await r.Content.ReadAsStringAsync(Ct);
            Assert.Contains("Nom du successeur requis", page, StringComparison.Ordinal);
        }
        form.Set("Input.FirstName", "Claude").Set("Input.LastName", "Nouvelle").Set("Input.Status", "mcu_ph").Set("Input.BirthDate", "1980-01-15");
        using var created = await head.PostFormAsync(Routes.Pages.Procedures + "/nouveau", form.Fields);
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var dossierPage = created.Headers.Location!.OriginalString;
        var dossier = await head.GetPageAsync(dossierPage);
        Assert.Contains("Claude Nouvelle", dossier, StringComparison.Ordinal);
        Assert.Contains("Le successeur remplit les conditions", dossier, StringComparison.Ordinal);
        var tasks = await head.GetPageAsync(Routes.Pages.Procedures);
        Assert.Contains("Compléter et déposer le dossier", tasks, StringComparison.Ordinal);
    }
}
