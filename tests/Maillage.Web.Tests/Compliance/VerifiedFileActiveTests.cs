using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Maillage.Core.Data;
using Maillage.Testing;
using Xunit;

namespace Maillage.Web.Tests.Compliance;

/// <summary>
/// The compliance columns of issue 12 through HTTP, on both databases: <c>bndmr_entry</c> (« le renseignement de la
/// BNDMR est obligatoire », Note d'information n° DGOS/DIR/DGRI/2018/218 du 19 septembre 2018, §1) and
/// <c>measured_active_patients</c> (« les données sur BaMaRa seront récupérées pour vérifier la file active », DGOS,
/// présentation maladies rares du 7 avril 2022): the API (JSON body and CSV upload) and the /conformite page agree;
/// unknown = no finding; garbage is a 400 naming the line and the field.
/// </summary>
public sealed class VerifiedFileActiveTests(MaillageApps apps) : IClassFixture<MaillageApps>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string Csv =
        "site_id;kind;field;year;active_patients;consultations;day_hospital_stays;funded_pi_projects_5y;head_status;head_birth_date;head_clinical_activity;exception;bndmr_entry;measured_active_patients\n"
        + "A;crmr_constitutive;general;2024;80;100;60;1;pu_ph;;;;true;74\n"
        + "B;crmr_constitutive;general;2024;80;100;60;1;pu_ph;;;;true;75\n"
        + "C;ccmr;;2024;30;;;;pu_ph;;;;;\n";

    private static Dictionary<string, JsonNode> Findings(JsonNode site) =>
        site["findings"]!.AsArray().ToDictionary(f => f!["criterion"]!.GetValue<string>(), f => f!);

    private static void AssertVerdicts(JsonArray result)
    {
        Assert.Equal("not_met", Findings(result[0]!)["verified_active_patients"]["status"]!.GetValue<string>());
        Assert.Equal("non_compliant", result[0]!["verdict"]!.GetValue<string>());
        Assert.Equal("met", Findings(result[1]!)["verified_active_patients"]["status"]!.GetValue<string>());
        Assert.Equal("met", Findings(result[1]!)["bndmr"]["status"]!.GetValue<string>());
        Assert.Equal("compliant", result[1]!["verdict"]!.GetValue<string>());
        Assert.Equal(6, Findings(result[2]!).Count);
        Assert.Equal("compliant", result[2]!["verdict"]!.GetValue<string>());
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Api_json_and_upload_honour_the_new_columns_and_refuse_garbage(DatabaseProvider provider)
    {
        using var client = apps[provider].CreateClient();
        var body = new
        {
            campaign = "2023-2028", as_of = "2024-06-15",
            reports = new object[]
            {
                new { site_id = "A", kind = "crmr_constitutive", field = "general", year = 2024, active_patients = 80, consultations = 100, day_hospital_stays = 60, funded_pi_projects_5y = 1, head_status = "pu_ph", bndmr_entry = true, measured_active_patients = 74 },
                new { site_id = "B", kind = "crmr_constitutive", field = "general", year = 2024, active_patients = 80, consultations = 100, day_hospital_stays = 60, funded_pi_projects_5y = 1, head_status = "pu_ph", bndmr_entry = true, measured_active_patients = 75 },
                new { site_id = "C", kind = "ccmr", year = 2024, active_patients = 30, head_status = "pu_ph" },
            },
        };
        using (var r = await client.PostAsJsonAsync(new Uri(Routes.Api.Prefix + "/compliance/check", UriKind.Relative), body, Ct))
        {
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            AssertVerdicts(JsonNode.Parse(await r.Content.ReadAsStringAsync(Ct))!.AsArray());
        }
        using (var form = new MultipartFormDataContent { { new ByteArrayContent(Encoding.UTF8.GetBytes(Csv)), "file", "rapports.csv" }, { new StringContent("2024-06-15"), "as_of" } })
        using (var r = await client.PostAsync(new Uri(Routes.Api.Prefix + "/compliance/check", UriKind.Relative), form, Ct))
        {
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            AssertVerdicts(JsonNode.Parse(await r.Content.ReadAsStringAsync(Ct))!.AsArray());
        }
        var bad = Csv.Replace(";true;74\n", ";true;2000000\n", StringComparison.Ordinal);
        using (var form = new MultipartFormDataContent { { new ByteArrayContent(Encoding.UTF8.GetBytes(bad)), "file", "bad.csv" } })
        using (var r = await client.PostAsync(new Uri(Routes.Api.Prefix + "/compliance/check", UriKind.Relative), form, Ct))
        {
            Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
            var problem = JsonNode.Parse(await r.Content.ReadAsStringAsync(Ct))!;
            Assert.Equal(2, problem["line"]!.GetValue<int>());
            Assert.Equal("measured_active_patients", problem["field"]!.GetValue<string>());
            Assert.Contains("bad.csv", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        }
        var negative = new { reports = new object[] { new { site_id = "A", kind = "ccmr", year = 2024, active_patients = 30, measured_active_patients = -4 } } };
        using (var r = await client.PostAsJsonAsync(new Uri(Routes.Api.Prefix + "/compliance/check", UriKind.Relative), negative, Ct))
        {
            Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
            Assert.Equal("measured_active_patients", JsonNode.Parse(await r.Content.ReadAsStringAsync(Ct))!["field"]!.GetValue<string>());
        }
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task The_page_checks_the_new_columns_from_a_file_and_from_the_form(DatabaseProvider provider)
    {
        using var client = apps[provider].PageClient();
        var token = HtmlForm.AntiforgeryToken(await client.GetPageAsync(Routes.Pages.Compliance));
        using (var form = new MultipartFormDataContent
        {
            { new StringContent(token), HtmlForm.AntiforgeryField }, { new ByteArrayContent(Encoding.UTF8.GetBytes(Csv)), "file", "rapports.csv" },
            { new StringContent("2023-2028"), "Campaign" }, { new StringContent("2024-06-15"), "AsOf" },
        })
        using (var r = await client.PostAsync(new Uri(Routes.Pages.Compliance + "/file", UriKind.Relative), form, Ct))
        {
            var html = WebUtility.HtmlDecode(await r.Content.ReadAsStringAsync(Ct));
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            Assert.Contains("VERIFIED-FA", html, StringComparison.Ordinal);
            Assert.Contains("BNDMR-ENTRY", html, StringComparison.Ordinal);
            Assert.Contains("ne le confirme pas", html, StringComparison.Ordinal);
        }
        var site = new List<KeyValuePair<string, string>>
        {
            new(HtmlForm.AntiforgeryField, token), new("Campaign", "2023-2028"), new("AsOf", "2024-06-15"),
            new("Site.SiteId", "CCMR-9"), new("Site.Kind", "ccmr"), new("Site.Year", "2024"), new("Site.ActivePatients", "30"), new("Site.HeadStatus", "pu_ph"),
            new("Site.BndmrEntry", "false"), new("Site.MeasuredActivePatients", "24"),
        };
        using (var r = await client.PostFormAsync(Routes.Pages.Compliance + "/site", site))
        {
            var html = WebUtility.HtmlDecode(await r.Content.ReadAsStringAsync(Ct));
            Assert.Contains("data-verdict=\"non_compliant\"", html, StringComparison.Ordinal);
            Assert.Contains("VERIFIED-FA", html, StringComparison.Ordinal);
            Assert.Contains("BNDMR-ENTRY", html, StringComparison.Ordinal);
        }
        site[^1] = new("Site.MeasuredActivePatients", "beaucoup");
        using (var r = await client.PostFormAsync(Routes.Pages.Compliance + "/site", site))
            Assert.Contains("« beaucoup » : entier de 0 à 1000000 attendu", WebUtility.HtmlDecode(await r.Content.ReadAsStringAsync(Ct)), StringComparison.Ordinal);
        // The referential page shows the calendar's two dates and the two obligations.
        var referential = WebUtility.HtmlDecode(await client.GetPageAsync(Routes.Pages.Compliance + "/referentiel/2023-2028"));
        Assert.Contains("data-calendar=\"data-entry-cutoff\"", referential, StringComparison.Ordinal);
        Assert.Contains("31 mars", referential, StringComparison.Ordinal);
        Assert.Contains("30 juin", referential, StringComparison.Ordinal);
        Assert.Contains("verified_active_patients", referential, StringComparison.Ordinal);
        Assert.DoesNotContain("seeds/", referential, StringComparison.Ordinal);
    }
}
