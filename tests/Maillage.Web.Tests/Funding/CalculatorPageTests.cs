using System.Net;
using System.Text;
using Maillage.Core.Data;
using Maillage.Testing;
using Xunit;

namespace Maillage.Web.Tests.Funding;

/// <summary>
/// The compliance and funding pages: they show, compute over the uploaded input (anonymous callers allowed, antiforgery
/// required) and write nothing (audit_entries unchanged).
/// </summary>
public sealed class CalculatorPageTests(MaillageApps apps) : IClassFixture<MaillageApps>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static MultipartFormDataContent Upload(string token, string csv, string name, params (string Key, string Value)[] fields)
    {
        var form = new MultipartFormDataContent();
        form.Add(new StringContent(token), HtmlForm.AntiforgeryField);
        form.Add(new ByteArrayContent(Encoding.UTF8.GetBytes(csv)), "file", name);
        foreach (var (k, v) in fields) form.Add(new StringContent(v), k);
        return form;
    }

    private static async Task<string> OkHtmlAsync(HttpResponseMessage r)
    {
        var html = await r.Content.ReadAsStringAsync(Ct);
        Assert.True(r.StatusCode == HttpStatusCode.OK, $"{(int)r.StatusCode} {html[..Math.Min(500, html.Length)]}");
        return WebUtility.HtmlDecode(html);
    }

    [Theory]
    [InlineData(Routes.Pages.Compliance)]
    [InlineData(Routes.Pages.Compliance + "/referentiel/2023-2028")]
    [InlineData(Routes.Pages.Compliance + "/referentiel/2017-2022")]
    [InlineData(Routes.Pages.Funding)]
    [InlineData(Routes.Pages.Funding + "/plateformes")]
    [InlineData(Routes.Pages.Funding + "/dpi")]
    [InlineData(Routes.Pages.Funding + "/mig")]
    public async Task Pages_answer_anonymous_callers(string url)
    {
        using var client = apps[DatabaseProvider.Sqlite].PageClient();
        var html = await client.GetPageAsync(url);
        Assert.Contains("href=\"/conformite\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/financement\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Referential_page_shows_every_rule_id_and_an_unknown_campaign_is_404()
    {
        using var client = apps[DatabaseProvider.Sqlite].PageClient();
        var html = WebUtility.HtmlDecode(await client.GetPageAsync(Routes.Pages.Compliance + "/referentiel/2023-2028"));
        foreach (var id in new[] { "THR-CRMR-COORD-GENERAL-CSHDJ", "THR-CCMR-FA", "FLOOR-25-FA", "EXC-CONST-PREVALENCE-RATIO", "HEAD-STATUS", "HEAD-AGE-CONSULTANT-68-COORD", "CAL-REPORTING-N1", "MIG-ACT-FA" })
            Assert.Contains(id, html, StringComparison.Ordinal);
        Assert.Contains("au minimum 300 consultations", html, StringComparison.Ordinal);
        using var missing = await client.GetAsync(new Uri(Routes.Pages.Compliance + "/referentiel/1999-2003", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Platform_calculator_shows_tranche_and_amount()
    {
        using var client = apps[DatabaseProvider.Sqlite].PageClient();
        var html = WebUtility.HtmlDecode(await client.GetPageAsync(Routes.Pages.Funding + "/plateformes?crmr_count=15"));
        Assert.Contains("tranche 2", html, StringComparison.Ordinal);
        Assert.Contains("400 000 €", html, StringComparison.Ordinal);
        Assert.Contains("entier", WebUtility.HtmlDecode(await client.GetPageAsync(Routes.Pages.Funding + "/plateformes?crmr_count=abc")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Uploads_render_verdicts_and_amounts_export_csv_and_write_nothing()
    {
        var app = apps[DatabaseProvider.Sqlite];
        using var client = app.PageClient();
        var token = HtmlForm.AntiforgeryToken(await client.GetPageAsync(Routes.Pages.Compliance));
        var audit = await app.AuditCountAsync();

        string html;
        using (var r = await client.PostAsync(new Uri(Routes.Pages.Compliance + "/file", UriKind.Relative),
                   Upload(token, CalculatorApiTests.ReportsCsv, "rapports.csv", ("Campaign", "2023-2028"), ("AsOf", "2024-06-15")), Ct))
            html = await OkHtmlAsync(r);
        foreach (var verdict in new[] { "compliant", "compliant_with_exception", "non_compliant", "incomplete" })
            Assert.Contains($"data-verdict=\"{verdict}\"", html, StringComparison.Ordinal);
        Assert.Contains("conforme par exception", html, StringComparison.Ordinal);
        Assert.Contains("THR-CRMR-COORD-GENERAL-CSHDJ", html, StringComparison.Ordinal);
        Assert.Contains("au minimum 300 consultations", html, StringComparison.Ordinal); // the source quote

        // Export: the results as CSV, one line per finding (5 sites × 6 findings).
        var export = HtmlForm.All(html).Single(f => f.Has("Reports"));
        using (var r = await client.PostFormAsync(export.Action!, export.Fields))
        {
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            Assert.Equal("text/csv", r.Content.Headers.ContentType?.MediaType);
            var csv = await r.Content.ReadAsStringAsync(Ct);
            Assert.StartsWith("site_id;year;verdict;criterion;rule;status", csv.TrimStart('\uFEFF'), StringComparison.Ordinal);
            Assert.Equal(1 + 30, csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
        }

        // One site typed in the form; a bad value is shown next to its field.
        var site = new List<KeyValuePair<string, string>>
        {
            new(HtmlForm.AntiforgeryField, token), new("Campaign", "2023-2028"), new("AsOf", "2024-06-15"),
            new("Site.SiteId", "CCMR-9"), new("Site.Kind", "ccmr"), new("Site.Year", "2024"), new("Site.ActivePatients", "30"), new("Site.HeadStatus", "pu_ph"),
        };
        using (var r = await client.PostFormAsync(Routes.Pages.Compliance + "/site", site))
            Assert.Contains("data-verdict=\"compliant\"", await OkHtmlAsync(r), StringComparison.Ordinal);
        site[6] = new("Site.ActivePatients", "trente");
        using (var r = await client.PostFormAsync(Routes.Pages.Compliance + "/site", site))
            Assert.Contains("« trente » n'est pas un entier positif ou nul", await OkHtmlAsync(r), StringComparison.Ordinal);

        // A malformed file: the line and the field are named.
        var bad = CalculatorApiTests.ReportsCsv.Replace("CCMR-1;ccmr;;2024;24;", "CCMR-1;ccmr;;2024;2x4;", StringComparison.Ordinal);
        using (var r = await client.PostAsync(new Uri(Routes.Pages.Compliance + "/file", UriKind.Relative), Upload(token, bad, "bad.csv", ("AsOf", "2024-06-15")), Ct))
            Assert.Contains("bad.csv, ligne 4, champ « active_patients »", await OkHtmlAsync(r), StringComparison.Ordinal);

        using (var r = await client.PostAsync(new Uri(Routes.Pages.Funding + "/dpi", UriKind.Relative), Upload(token, CalculatorApiTests.DpiCsv, "dpi.csv"), Ct))
        {
            html = await OkHtmlAsync(r);
            Assert.Contains("new_support_over_100", html, StringComparison.Ordinal);
            Assert.Contains("295 000 €", html, StringComparison.Ordinal); // 120 000 + 150 000 + 25 000 + 0
        }
        using (var r = await client.PostAsync(new Uri(Routes.Pages.Funding + "/mig", UriKind.Relative),
                   Upload(token, CalculatorApiTests.MigCsv, "mig.csv", ("Envelope", "1000000,01"), ("Campaign", "2023-2028")), Ct))
        {
            html = await OkHtmlAsync(r);
            Assert.Contains("total réparti <strong>1 000 000,01 €</strong>", html.Replace('\u202F', ' ').Replace('\u00A0', ' '), StringComparison.Ordinal);
            Assert.Contains("File active (30 %)", html, StringComparison.Ordinal);
        }

        Assert.Equal(audit, await app.AuditCountAsync());

        // Antiforgery still applies: a post without the token is refused.
        using var noToken = await client.PostAsync(new Uri(Routes.Pages.Funding + "/dpi", UriKind.Relative), Upload("", CalculatorApiTests.DpiCsv, "dpi.csv"), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, noToken.StatusCode);
    }
}
