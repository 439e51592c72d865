using System.Net;
using Maillage.Core.Data;
using Maillage.Core.Demo;
using Maillage.Testing;
using Xunit;

namespace Maillage.Web.Tests.Funding;

/// <summary>The budget chain's pages with the demo accounts: what each role sees, a rule refused in the form (input kept), a stale save, the refusals.</summary>
public sealed class BudgetPageTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static HtmlForm FormOf(string html, string handler) =>
        HtmlForm.All(html).First(f => f.Action?.Contains("handler=" + handler, StringComparison.Ordinal) == true);

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task The_ministry_prepares_circulars_and_the_other_roles_see_their_scope(DatabaseProvider provider)
    {
        await using var app = new MaillageFactory(provider);
        var year = DemoBudget.Year;
        using var admin = await app.SignInAsync("admin");
        var overview = await admin.GetPageAsync($"{Routes.Pages.Budget}?annee={year}");
        Assert.Contains("id=\"enveloppes\"", overview, StringComparison.Ordinal);
        Assert.Contains("157 400 000,00", overview, StringComparison.Ordinal);
        Assert.Contains("F23 (note DGOS/MMR/2020/221)", overview, StringComparison.Ordinal);
        Assert.Contains(Routes.Pages.Budget, await admin.GetPageAsync(Routes.Pages.Funding), StringComparison.Ordinal);

        // C3 is in preparation: one euro more on F17 (fully delegated by C1 and C2) is refused, the input kept.
        var url = $"{Routes.Pages.Budget}/circulaire?annee={year}&c=C3";
        var c3 = await admin.GetPageAsync(url);
        var finess = System.Text.RegularExpressions.Regex.Match(c3, @"<td>(\d{9})</td>").Groups[1].Value;
        Assert.NotEmpty(finess);
        var form = FormOf(c3, "Delegate").Set("Finess", finess).Set("Line", "F17").Set("Amount", "1,00").Set("Note", "essai");
        var audit = await app.AuditCountAsync();
        using (var over = await admin.PostAsync(new Uri(form.Action!, UriKind.Relative), form.Content(), Ct))
        {
            var html = await over.Content.ReadAsStringAsync(Ct);
            Assert.Equal(HttpStatusCode.OK, over.StatusCode);
            Assert.Contains("dépassement de 1,00 €", html, StringComparison.Ordinal);
            Assert.Contains("value=\"1,00\"", html, StringComparison.Ordinal);
        }
        Assert.Equal(audit, await app.AuditCountAsync());
        // A valid delegation goes through and is audited; the form's old version is then stale.
        form.Set("Line", "F23").Set("Amount", "1000");
        using (var ok = await admin.PostAsync(new Uri(form.Action!, UriKind.Relative), form.Content(), Ct))
            Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        Assert.True(await app.AuditCountAsync() > audit);
        form.Set("Amount", "2000");
        using (var stale = await admin.PostAsync(new Uri(form.Action!, UriKind.Relative), form.Content(), Ct))
        {
            var html = await stale.Content.ReadAsStringAsync(Ct);
            Assert.Contains("data-conflict=\"version\"", html, StringComparison.Ordinal);
            Assert.Contains("value=\"2000\"", html, StringComparison.Ordinal);
        }

        // The establishment: its declarations and the published circulars; not the draft, not the preparation forms.
        using var establishment = await app.SignInAsync("etablissement");
        var declarations = await establishment.GetPageAsync($"{Routes.Pages.Budget}/declarations?annee={year}");
        Assert.Contains("id=\"form-declaration\"", declarations, StringComparison.Ordinal);
        var c1 = await establishment.GetPageAsync($"{Routes.Pages.Budget}/circulaire?annee={year}&c=C1");
        Assert.DoesNotContain("form-delegation", c1, StringComparison.Ordinal);
        using (var draft = await establishment.GetAsync(new Uri(url, UriKind.Relative), Ct))
            Assert.Equal(HttpStatusCode.Forbidden, draft.StatusCode);

        // The ARS: the gaps of its region and the review forms.
        using var ars = await app.SignInAsync("ars-idf");
        var gaps = await ars.GetPageAsync($"{Routes.Pages.Budget}/ecarts?annee={year}");
        Assert.Contains("id=\"ecarts\"", gaps, StringComparison.Ordinal);
        Assert.DoesNotContain("form-delegation", await ars.GetPageAsync($"{Routes.Pages.Budget}/circulaire?annee={year}&c=C2"), StringComparison.Ordinal);

        // Other roles are refused; anonymous callers are sent to sign in.
        using var filiere = await app.SignInAsync("filiere-cardiogen");
        using (var refused = await filiere.GetAsync(new Uri($"{Routes.Pages.Budget}?annee={year}", UriKind.Relative), Ct))
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        using var anonymous = app.PageClient();
        using (var challenge = await anonymous.GetAsync(new Uri($"{Routes.Pages.Budget}/ecarts?annee={year}", UriKind.Relative), Ct))
            Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
    }
}
