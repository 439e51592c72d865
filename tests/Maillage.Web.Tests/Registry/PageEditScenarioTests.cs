using System.Net;
using System.Text.RegularExpressions;
using Maillage.Core.Data;
using Maillage.Domain.Registry;
using Maillage.Testing;
using Maillage.Core.Features.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Maillage.Web.Tests.Registry;

/// <summary>
/// In-scope users edit through the real forms (signed in through /connexion, antiforgery, redirect, success message)
/// and the change shows on the object's "Historique" under their display name; rule violations redisplay the form with the
/// message next to the field and change nothing. The refusals are in <see cref="PageWriteAuthorizationTests"/>.
/// </summary>
public sealed partial class PageEditScenarioTests
{
    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task In_scope_users_save_through_the_forms_and_see_the_change_in_the_history(DatabaseProvider provider)
    {
        await using var app = new MaillageFactory(provider);
        var (network, centre) = await CardiogenNetworkAndResponsableCentreAsync(app);

        // The CARDIOGEN coordinator renames one of its networks.
        using var coordinator = await app.SignInAsync("filiere-cardiogen");
        var html = await SaveAsync(coordinator, $"{Routes.Pages.Networks}/{network}/modifier", $"{Routes.Pages.Networks}/{network}", form =>
            form.Set("Input.Name", form["Input.Name"] + " (renommé)"));
        Assert.Contains("Les modifications du réseau ont été enregistrées.", html, StringComparison.Ordinal);
        var row = System.Net.WebUtility.HtmlDecode(FirstHistoryRow(html));
        // Authors show by display name, never by account name (docs/security.md, "Reads").
        Assert.Contains("Coordination CARDIOGEN", row, StringComparison.Ordinal);
        Assert.DoesNotContain("filiere-cardiogen", row, StringComparison.Ordinal);
        Assert.Contains("(renommé)", row, StringComparison.Ordinal);

        // The head of a centre changes its phone number.
        using var head = await app.SignInAsync("responsable");
        html = await SaveAsync(head, $"{Routes.Pages.Centres}/{centre}/modifier", $"{Routes.Pages.Centres}/{centre}", form => form.Set("Input.Phone", "01 23 45 67 89"));
        Assert.Contains("Les modifications du centre ont été enregistrées.", html, StringComparison.Ordinal);
        row = System.Net.WebUtility.HtmlDecode(FirstHistoryRow(html));
        Assert.Contains("Responsable de centre", row, StringComparison.Ordinal);
        Assert.Contains("01 23 45 67 89", row, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Rule_violations_redisplay_the_form_with_the_message_next_to_the_field_and_change_nothing(DatabaseProvider provider)
    {
        await using var app = new MaillageFactory(provider);
        var (_, centre) = await CardiogenNetworkAndResponsableCentreAsync(app);
        string person, rpps, otherSiteFiness, finess;
        await using (var s = app.Services.CreateAsyncScope())
        {
            var db = s.ServiceProvider.GetRequiredService<MaillageDbContext>();
            var c = await db.Centres.AsNoTracking().SingleAsync(x => x.Id == centre, TestContext.Current.CancellationToken);
            finess = c.EstablishmentFiness;
            person = await db.Mandates.Where(m => m.CentreId == centre && m.To == null).Select(m => m.PersonId).FirstAsync(TestContext.Current.CancellationToken);
            rpps = (await db.People.SingleAsync(p => p.Id == person, TestContext.Current.CancellationToken)).Rpps
                ?? throw new InvalidOperationException($"{person} has no RPPS");
            otherSiteFiness = await db.Centres.Where(x => x.NetworkId == c.NetworkId && x.Id != centre && x.ClosedOn == null)
                .OrderBy(x => x.Id).Select(x => x.EstablishmentFiness).FirstAsync(TestContext.Current.CancellationToken);
        }
        using var head = await app.SignInAsync("responsable");
        var audit = await app.AuditCountAsync();

        // A bad RPPS key (last digit changed): checked by the page, shown next to the RPPS field.
        var badRpps = rpps[..^1] + (char)('0' + (rpps[^1] - '0' + 1) % 10);
        var html = await RejectAsync(head, $"{Routes.Pages.People}/{person}/modifier", form => form.Set("Input.Rpps", badRpps));
        Assert.Equal([Rpps.Validate(badRpps)!], HtmlForm.FieldErrors(html, "Input.Rpps"));
        Assert.Equal(badRpps, HtmlForm.PostBack(html)["Input.Rpps"]);

        // The head may not move his centre by a plain write: a change of seat is a procedure (checked by the service).
        html = await RejectAsync(head, $"{Routes.Pages.Centres}/{centre}/modifier", form => form.Set("Input.EstablishmentFiness", otherSiteFiness));
        var errors = HtmlForm.FieldErrors(html, "Input.EstablishmentFiness");
        Assert.Contains(errors, e => e.Contains("transfert de siège", StringComparison.Ordinal));

        // Two sites of one network in one establishment: a structural rule of the registry, checked by the service
        // (the ministry may move a centre, not against the rules).
        using var admin = await app.SignInAsync("admin");
        html = await RejectAsync(admin, $"{Routes.Pages.Centres}/{centre}/modifier", form => form.Set("Input.EstablishmentFiness", otherSiteFiness));
        errors = HtmlForm.FieldErrors(html, "Input.EstablishmentFiness");
        Assert.Contains(errors, e => e.Contains("pas deux sites d'un même réseau dans un établissement", StringComparison.Ordinal));

        Assert.Equal(audit, await app.AuditCountAsync());
        await using (var s = app.Services.CreateAsyncScope())
        {
            var db = s.ServiceProvider.GetRequiredService<MaillageDbContext>();
            Assert.Equal(rpps, (await db.People.SingleAsync(p => p.Id == person, TestContext.Current.CancellationToken)).Rpps);
            Assert.Equal(finess, (await db.Centres.SingleAsync(x => x.Id == centre, TestContext.Current.CancellationToken)).EstablishmentFiness);
        }
    }

    /// <summary>A CARDIOGEN network (the first) and the centre of the demo account "responsable".</summary>
    private static async Task<(string Network, string Centre)> CardiogenNetworkAndResponsableCentreAsync(MaillageFactory app)
    {
        await using var s = app.Services.CreateAsyncScope();
        var db = s.ServiceProvider.GetRequiredService<MaillageDbContext>();
        var ct = TestContext.Current.CancellationToken;
        var network = await db.Networks.Where(n => n.FiliereAcronym == "CARDIOGEN").OrderBy(n => n.Id).Select(n => n.Id).FirstAsync(ct);
        var centre = (await DemoAccounts.PlanAsync(db, ct)).Single(a => a.UserName == "responsable").ScopeId!;
        return (network, centre);
    }

    /// <summary>Opens the edit form, changes it, saves; expects the redirect to the details page and returns that page.</summary>
    private static async Task<string> SaveAsync(HttpClient client, string editUrl, string detailsUrl, Action<HtmlForm> change)
    {
        var form = HtmlForm.PostBack(await client.GetPageAsync(editUrl));
        change(form);
        using var r = await client.PostFormAsync(editUrl, form.Fields);
        Assert.True(r.StatusCode == HttpStatusCode.Redirect,
            $"POST {editUrl}: {(int)r.StatusCode} {HtmlSnippet(await r.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))}");
        Assert.Equal(detailsUrl, r.Headers.Location?.OriginalString);
        return WebUtility.HtmlDecode(await client.GetPageAsync(detailsUrl));
    }

    /// <summary>Opens the edit form, changes it, saves; expects the form again (200) and returns it.</summary>
    private static async Task<string> RejectAsync(HttpClient client, string editUrl, Action<HtmlForm> change)
    {
        var form = HtmlForm.PostBack(await client.GetPageAsync(editUrl));
        change(form);
        using var r = await client.PostFormAsync(editUrl, form.Fields);
        var html = await r.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(r.StatusCode == HttpStatusCode.OK, $"POST {editUrl}: {(int)r.StatusCode} {r.Headers.Location}");
        Assert.Contains("fr-error-text", html, StringComparison.Ordinal);
        return html;
    }

    /// <summary>The most recent row of the page's "Historique" table, as text.</summary>
    private static string FirstHistoryRow(string html)
    {
        var start = html.IndexOf("id=\"titre-historique\"", StringComparison.Ordinal);
        Assert.True(start >= 0, "no Historique section");
        var section = html[start..html.IndexOf("</section>", start, StringComparison.Ordinal)];
        var row = RowRegex().Match(section[(section.IndexOf("<tbody>", StringComparison.Ordinal) + 1)..]);
        Assert.True(row.Success, "the Historique is empty");
        return TagRegex().Replace(row.Groups[1].Value, " ");
    }

    private static string HtmlSnippet(string html) => html.Length > 1500 ? html[..1500] : html;

    [GeneratedRegex("<tr>(.*?)</tr>", RegexOptions.Singleline)]
    private static partial Regex RowRegex();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex TagRegex();
}
