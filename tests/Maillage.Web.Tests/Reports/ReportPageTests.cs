using System.Net;
using Maillage.Core.Data;
using Maillage.Domain.Registry;
using Maillage.Testing;
using Maillage.Core.Features.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Maillage.Web.Tests.Reports;

/// <summary>
/// The report pages' writing handlers (listed in <see cref="Maillage.Web.Tests.Security.PageWriteAuthorizationTests.ReportPages"/>): anonymous →
/// sign-in, every scoped demo account outside the site → 403, nothing changes; then the form saves as the ministry,
/// with errors next to the fields, and the lists and dashboard render.
/// </summary>
public sealed class ReportPageTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly string[] ScopedDemoUsers = ["ars-idf", "filiere-cardiogen", "etablissement", "responsable", "association"];

    /// <summary>A site outside every demo scope: not in Île-de-France, not AP-HP, not CARDIOGEN, not the demo head's.</summary>
    private static async Task<string> OutsideSiteAsync(MaillageFactory app)
    {
        await using var s = app.Services.CreateAsyncScope();
        var db = s.ServiceProvider.GetRequiredService<MaillageDbContext>();
        var scopes = (await DemoAccounts.PlanAsync(db, Ct)).ToDictionary(a => a.UserName, a => a.ScopeId ?? "", StringComparer.Ordinal);
        var sites = await db.Centres.AsNoTracking().Include(c => c.Network).Include(c => c.Establishment).ThenInclude(e => e!.Departement)
            .Where(c => c.Kind == CentreKind.ReferenceSite && c.ClosedOn == null).OrderBy(c => c.Id).ToListAsync(Ct);
        return sites.First(c => c.Id != scopes["responsable"] && c.Establishment!.Departement!.RegionCode != scopes["ars-idf"]
            && (c.Establishment.LegalEntityFiness ?? c.EstablishmentFiness) != scopes["etablissement"] && c.Network!.FiliereAcronym != scopes["filiere-cardiogen"]).Id;
    }

    private static bool IsSignInRedirect(HttpResponseMessage r) =>
        r.StatusCode == HttpStatusCode.Redirect && r.Headers.Location?.ToString().Contains(Routes.Pages.SignIn, StringComparison.Ordinal) == true;

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Every_report_page_handler_refuses_anonymous_and_out_of_scope_users_and_the_ministry_saves_through_the_form(DatabaseProvider provider)
    {
        await using var app = new MaillageFactory(provider);
        var handlers = (await Maillage.Web.Tests.Security.PageWriteAuthorizationTests.WritingHandlersAsync(app.Services)).Where(h => Maillage.Web.Tests.Security.PageWriteAuthorizationTests.ReportPages.ContainsKey(h.Page)
            && h.Page != "/Rapports/Campagne").ToList(); // the campaign's reminders: CampaignTests
        Assert.Equal(["/Rapports/Conformite", "/Rapports/Edit"], handlers.Select(h => h.Page).Distinct().Order(StringComparer.Ordinal));
        Assert.True(handlers.Count >= 8, string.Join(", ", handlers));
        var site = await OutsideSiteAsync(app);
        var year = DateTime.Today.Year;
        var page = $"{Routes.Pages.Reports}/{site}/{year}";

        using var admin = await app.SignInAsync("admin");
        var form = HtmlForm.All(await admin.GetPageAsync(page)).Single(f => f.Has("Input.ActivePatients"));
        form.Set("Input.ActivePatients", "130");
        using var anonymous = app.PageClient();
        var anonymousToken = HtmlForm.AntiforgeryToken(await anonymous.GetPageAsync(Routes.Pages.SignIn));
        var audit = await app.AuditCountAsync();
        foreach (var h in handlers)
        {
            var url = h.Page == "/Rapports/Edit" ? page + (h.Handler is null ? "" : "/" + h.Handler.ToLowerInvariant()) : page + "/conformite/" + h.Handler!.ToLowerInvariant();
            var fields = form.Fields.Where(f => f.Key != HtmlForm.AntiforgeryField).Append(new("Reason", "motif")).Append(new("Accept", "true")).Append(new("Note", "texte")).ToList();
            using (var r = await anonymous.PostFormAsync(url, fields.Append(new(HtmlForm.AntiforgeryField, anonymousToken))))
                Assert.True(IsSignInRedirect(r), $"{h} anonymous: {(int)r.StatusCode} {r.Headers.Location}");
            foreach (var user in ScopedDemoUsers)
            {
                using var client = await app.SignInAsync(user);
                var token = HtmlForm.AntiforgeryToken(await client.GetPageAsync("/"));
                using (var g = await client.GetAsync(new Uri(page, UriKind.Relative), Ct))
                    Assert.True(g.StatusCode == HttpStatusCode.Forbidden, $"GET {page} as {user}: {(int)g.StatusCode}");
                using var r = await client.PostFormAsync(url, fields.Append(new(HtmlForm.AntiforgeryField, token)));
                Assert.True(r.StatusCode == HttpStatusCode.Forbidden, $"{h} {url} as {user}: {(int)r.StatusCode}");
            }
        }
        Assert.Equal(audit, await app.AuditCountAsync());

        // A malformed figure does not block the draft: it is saved as typed and shown with its warning next to its field
        // (issue 13 §4); the valid form then replaces it, saved by the ministry and audited.
        var bad = HtmlForm.All(await admin.GetPageAsync(page)).Single(f => f.Has("Input.ActivePatients"));
        bad.Set("Input.ActivePatients", "douze");
        using (var r = await admin.PostFormAsync(page, bad.Fields))
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        var warned = await admin.GetPageAsync(page);
        Assert.Contains("« douze » n'est pas un nombre entier positif ou nul : valeur conservée, à corriger avant la soumission.", HtmlForm.FieldErrors(warned, "Input.ActivePatients"));
        Assert.Contains("value=\"douze\"", warned, StringComparison.Ordinal);
        form = HtmlForm.All(warned).Single(f => f.Has("Input.ActivePatients"));
        form.Set("Input.ActivePatients", "130");
        using (var r = await admin.PostFormAsync(page, form.Fields))
            Assert.True(r.StatusCode == HttpStatusCode.Redirect, $"admin save: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync(Ct)}");
        Assert.True(await app.AuditCountAsync() > audit);
        var saved = await admin.GetPageAsync(page);
        Assert.Contains("value=\"130\"", saved, StringComparison.Ordinal);
        Assert.Contains("data-verdict=", saved, StringComparison.Ordinal);

        // The ministry's pages: the list and the dashboard of the demo year render their tables.
        Assert.Contains(site, await admin.GetPageAsync($"{Routes.Pages.Reports}?Year={year}"), StringComparison.Ordinal);
        var dashboard = await admin.GetPageAsync(Routes.Pages.Compliance + "/tableau-de-bord?Year=2024");
        Assert.Contains("<bar-chart", dashboard, StringComparison.Ordinal);
        Assert.Contains("id=\"insuffisance\"", dashboard, StringComparison.Ordinal);
        Assert.Contains("data-criterion=\"floor_25\"", await admin.GetPageAsync(page + "/conformite"), StringComparison.Ordinal);
    }
}
