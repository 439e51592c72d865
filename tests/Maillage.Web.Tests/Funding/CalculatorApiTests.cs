extern alias cli;

using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Maillage.Core.Data;
using Maillage.Testing;
using Xunit;
using CliApp = cli::Maillage.Cli.CliApp;

namespace Maillage.Web.Tests.Funding;

/// <summary>
/// The calculator API (<c>/api/v1/compliance/check</c>, <c>/referentials</c>, <c>/funding/...</c>) gives the same JSON as
/// the CLI on the same input — the real <c>maillage</c> command run in-process — as a JSON body and as a CSV upload;
/// malformed input is a 400 problem naming the line and the field. These endpoints read and write no database, so
/// SQLite alone is enough.
/// </summary>
[Collection(nameof(ProcessStateCollection))]
public sealed class CalculatorApiTests(MaillageApps apps) : IClassFixture<MaillageApps>, IDisposable
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly string dir = Directory.CreateTempSubdirectory("maillage-calc-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    public const string ReportsCsv =
        "site_id;kind;field;year;active_patients;consultations;day_hospital_stays;funded_pi_projects_5y;head_status;head_birth_date;head_clinical_activity;exception\n"
        + "COORD-1;crmr_coordinating;general;2024;150;250;50;2;pu_ph;1970-05-01;true;\n"
        + "CONST-1;crmr_constitutive;general;2024;40;60;0;1;consultant_professor;1958-06-15;true;prevalence_ratio\n"
        + "CCMR-1;ccmr;;2024;24;;;;ph_part_time;;;\n"
        + "MHC-1;crc_mhc;;2024;100;;;;mcu_ph;;;\n"
        + "COORD-2;crmr_coordinating;haemophilia;2024;400;600;0;2;consultant_professor;1956-06-15;;\n";

    public const string DpiCsv =
        "finess;name;dpi_known;already_funded;need;reference_centres_using_dpi;centres;reference_centres;ghu_count\n"
        + "750712184;AP-HP;true;true;;;150;;6\n130786049;AP-HM;true;false;seeding;7;;;\n690781810;HCL;true;false;deployment;;12;1;\n010000000;Petit;false;;;;;;\n";

    public const string MigCsv =
        "centre_id;name;active_patients;consultations;full_hospital_stays;day_hospital_stays;expert_opinions;sigaps_points_4y;du_diu_coordinated;rcp_national_attended;rcp_local_organised\n"
        + "A;Centre A;150;300;10;50;12;40;1;3;10\nB;Centre B;90;120;0;20;0;0;0;0;4\nC;Centre C;300;800;30;100;40;120;2;8;25\n";

    private string FileWith(string name, string content)
    {
        var path = Path.Combine(dir, name);
        File.WriteAllText(path, content, new UTF8Encoding(false));
        return path;
    }

    private static async Task<JsonNode> CliAsync(params string[] args)
    {
        var (o, e) = (Console.Out, Console.Error);
        using var sw = new StringWriter();
        using var ew = new StringWriter();
        Console.SetOut(sw);
        Console.SetError(ew);
        int code;
        try
        {
            code = await CliApp.RunAsync(args);
        }
        finally
        {
            Console.SetOut(o);
            Console.SetError(e);
        }
        Assert.True(code == 0, $"maillage {string.Join(' ', args)}: {ew}");
        return JsonNode.Parse(sw.ToString())!;
    }

    private static MultipartFormDataContent Upload(string csv, string name, params (string Key, string Value)[] fields)
    {
        var form = new MultipartFormDataContent();
        form.Add(new ByteArrayContent(Encoding.UTF8.GetBytes(csv)), "file", name);
        foreach (var (k, v) in fields) form.Add(new StringContent(v), k);
        return form;
    }

    private static async Task<JsonNode> OkJsonAsync(HttpResponseMessage r)
    {
        var text = await r.Content.ReadAsStringAsync(Ct);
        Assert.True(r.StatusCode == HttpStatusCode.OK, $"{(int)r.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }

    private static void AssertSame(JsonNode expected, JsonNode actual) =>
        Assert.True(JsonNode.DeepEquals(expected, actual), $"CLI:\n{expected.ToJsonString()}\nAPI:\n{actual.ToJsonString()}");

    [Fact]
    public async Task Compliance_check_upload_and_json_body_equal_the_cli()
    {
        using var client = apps[DatabaseProvider.Sqlite].CreateClient();
        var cli = await CliAsync("compliance", "check", "--reports", FileWith("reports.csv", ReportsCsv), "--campaign", "2023-2028", "--as-of", "2024-06-15", "--format", "json");

        using var upload = await client.PostAsync(new Uri(Routes.Api.Compliance + "/check", UriKind.Relative),
            Upload(ReportsCsv, "reports.csv", ("campaign", "2023-2028"), ("as_of", "2024-06-15")), Ct);
        AssertSame(cli, await OkJsonAsync(upload));

        var reports = new JsonArray();
        foreach (var line in ReportsCsv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1))
        {
            var c = line.Split(';');
            int? N(string s) => s.Length == 0 ? null : int.Parse(s, System.Globalization.CultureInfo.InvariantCulture);
            reports.Add(new JsonObject
            {
                ["site_id"] = c[0], ["kind"] = c[1], ["field"] = c[2].Length == 0 ? null : c[2], ["year"] = N(c[3]), ["active_patients"] = N(c[4]),
                ["consultations"] = N(c[5]), ["day_hospital_stays"] = N(c[6]), ["funded_pi_projects_5y"] = N(c[7]), ["head_status"] = c[8],
                ["head_birth_date"] = c[9].Length == 0 ? null : c[9], ["head_clinical_activity"] = c[10].Length == 0 ? null : c[10] == "true",
                ["exception"] = c[11].Length == 0 ? null : c[11],
            });
        }
        using var json = await client.PostAsJsonAsync(new Uri(Routes.Api.Compliance + "/check", UriKind.Relative),
            new JsonObject { ["campaign"] = "2023-2028", ["as_of"] = "2024-06-15", ["reports"] = reports }, Ct);
        var body = await OkJsonAsync(json);
        AssertSame(cli, body);
        Assert.Equal(["compliant", "compliant_with_exception", "non_compliant", "incomplete", "non_compliant"],
            body.AsArray().Select(e => e!["verdict"]!.GetValue<string>()).ToArray());
    }

    [Fact]
    public async Task Malformed_input_is_a_400_problem_naming_line_and_field()
    {
        using var client = apps[DatabaseProvider.Sqlite].CreateClient();
        var bad = ReportsCsv.Replace("CCMR-1;ccmr;;2024;24;", "CCMR-1;ccmr;;2024;2x4;", StringComparison.Ordinal);
        using var r = await client.PostAsync(new Uri(Routes.Api.Compliance + "/check", UriKind.Relative), Upload(bad, "bad.csv", ("as_of", "2024-06-15")), Ct);
        var problem = await r.Content.ReadFromJsonAsync<JsonNode>(Ct);
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
        Assert.Equal(4, problem!["line"]!.GetValue<int>());
        Assert.Equal("active_patients", problem["field"]!.GetValue<string>());
        Assert.Contains("bad.csv, ligne 4, champ « active_patients »", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);

        using var json = await client.PostAsJsonAsync(new Uri(Routes.Api.Compliance + "/check", UriKind.Relative),
            new JsonObject { ["reports"] = new JsonArray(new JsonObject { ["site_id"] = "X", ["kind"] = "crmr_coordinating", ["year"] = 2024 }, new JsonObject { ["site_id"] = "Y", ["kind"] = "hospital", ["year"] = 2024 }) }, Ct);
        var jp = await json.Content.ReadFromJsonAsync<JsonNode>(Ct);
        Assert.Equal(HttpStatusCode.BadRequest, json.StatusCode);
        Assert.Equal("field", jp!["field"]!.GetValue<string>()); // the first record: a CRMR site needs its field
        Assert.Equal(1, jp["line"]!.GetValue<int>());

        using var campaign = await client.PostAsync(new Uri(Routes.Api.Compliance + "/check", UriKind.Relative), Upload(ReportsCsv, "r.csv", ("campaign", "../secrets")), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, campaign.StatusCode);
        using var date = await client.PostAsync(new Uri(Routes.Api.Compliance + "/check", UriKind.Relative), Upload(ReportsCsv, "r.csv", ("as_of", "2024-13-01")), Ct);
        Assert.Equal("as_of", (await date.Content.ReadFromJsonAsync<JsonNode>(Ct))!["field"]!.GetValue<string>());
        using var dpi = await client.PostAsync(new Uri(Routes.Api.Funding + "/dpi", UriKind.Relative),
            Upload(DpiCsv.Replace("seeding;7", "sowing;7", StringComparison.Ordinal), "dpi.csv"), Ct);
        var dp = await dpi.Content.ReadFromJsonAsync<JsonNode>(Ct);
        Assert.Equal(HttpStatusCode.BadRequest, dpi.StatusCode);
        Assert.Equal((3, "need"), (dp!["line"]!.GetValue<int>(), dp["field"]!.GetValue<string>()));
        using var text = await client.PostAsync(new Uri(Routes.Api.Funding + "/dpi", UriKind.Relative), new StringContent("x", Encoding.UTF8, "text/plain"), Ct);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, text.StatusCode);
    }

    [Fact]
    public async Task Referentials_list_the_shipped_campaigns_and_their_rules_with_sources()
    {
        using var client = apps[DatabaseProvider.Sqlite].CreateClient();
        var list = await client.GetFromJsonAsync<JsonNode>(new Uri(Routes.Api.Referentials, UriKind.Relative), Ct);
        Assert.Equal(["2017-2022", "2023-2028"], list!.AsArray().Select(c => c!["id"]!.GetValue<string>()).ToArray());
        var r = await client.GetFromJsonAsync<JsonNode>(new Uri(Routes.Api.Referentials + "/2023-2028", UriKind.Relative), Ct);
        var threshold = r!["thresholds"]!.AsArray().First(t => t!["id"]!.GetValue<string>() == "THR-CRMR-COORD-GENERAL-CSHDJ")!;
        Assert.Equal(300, threshold["minimum"]!.GetValue<int>());
        Assert.Contains("300 consultations", threshold["source"]!["quote"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("FLOOR-25-FA", r["floor"]!["id"]!.GetValue<string>());
        Assert.Equal(100m, r["mig"]!.AsArray().Sum(m => m!["weight_pct"]!.GetValue<decimal>()));
        using var missing = await client.GetAsync(new Uri(Routes.Api.Referentials + "/1999-2003", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Funding_endpoints_equal_the_cli()
    {
        using var client = apps[DatabaseProvider.Sqlite].CreateClient();
        foreach (var n in new[] { 5, 6, 15, 26 })
        {
            using var r = await client.GetAsync(new Uri($"{Routes.Api.Funding}/pemr?crmr_count={n}", UriKind.Relative), Ct);
            AssertSame(await CliAsync("funding", "pemr", "--crmr-count", n.ToString(System.Globalization.CultureInfo.InvariantCulture), "--format", "json"), await OkJsonAsync(r));
        }
        using (var bad = await client.GetAsync(new Uri(Routes.Api.Funding + "/pemr?crmr_count=-1", UriKind.Relative), Ct))
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);

        var dpiCli = await CliAsync("funding", "dpi", "--input", FileWith("dpi.csv", DpiCsv), "--format", "json");
        using (var r = await client.PostAsync(new Uri(Routes.Api.Funding + "/dpi", UriKind.Relative), Upload(DpiCsv, "dpi.csv"), Ct))
            AssertSame(dpiCli, await OkJsonAsync(r));
        var establishments = new JsonArray(
            new JsonObject { ["finess"] = "750712184", ["name"] = "AP-HP", ["dpi_known"] = true, ["already_funded"] = true, ["centres"] = 150, ["ghu_count"] = 6 },
            new JsonObject { ["finess"] = "130786049", ["name"] = "AP-HM", ["dpi_known"] = true, ["already_funded"] = false, ["need"] = "seeding", ["reference_centres_using_dpi"] = 7 },
            new JsonObject { ["finess"] = "690781810", ["name"] = "HCL", ["dpi_known"] = true, ["already_funded"] = false, ["need"] = "deployment", ["centres"] = 12, ["reference_centres"] = 1 },
            new JsonObject { ["finess"] = "010000000", ["name"] = "Petit", ["dpi_known"] = false });
        using (var r = await client.PostAsJsonAsync(new Uri(Routes.Api.Funding + "/dpi", UriKind.Relative), new JsonObject { ["establishments"] = establishments }, Ct))
            AssertSame(dpiCli, await OkJsonAsync(r));

        var migCli = await CliAsync("funding", "mig", "--input", FileWith("mig.csv", MigCsv), "--envelope", "1000000.01", "--campaign", "2023-2028", "--format", "json");
        Assert.Equal(1000000.01m, migCli["total"]!.GetValue<decimal>());
        using (var r = await client.PostAsync(new Uri(Routes.Api.Funding + "/mig", UriKind.Relative), Upload(MigCsv, "mig.csv", ("envelope", "1000000.01"), ("campaign", "2023-2028")), Ct))
            AssertSame(migCli, await OkJsonAsync(r));
        var centres = new JsonArray();
        var header = MigCsv.Split('\n')[0].Split(';');
        foreach (var line in MigCsv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1))
        {
            var cells = line.Split(';');
            var o = new JsonObject { ["centre_id"] = cells[0], ["name"] = cells[1] };
            for (var i = 2; i < cells.Length; i++) o[header[i]] = decimal.Parse(cells[i], System.Globalization.CultureInfo.InvariantCulture);
            centres.Add(o);
        }
        using (var r = await client.PostAsJsonAsync(new Uri(Routes.Api.Funding + "/mig", UriKind.Relative), new JsonObject { ["envelope"] = 1000000.01m, ["centres"] = centres }, Ct))
            AssertSame(migCli, await OkJsonAsync(r));
        using (var r = await client.PostAsync(new Uri(Routes.Api.Funding + "/mig", UriKind.Relative), Upload(MigCsv, "mig.csv", ("envelope", "10.001")), Ct))
        {
            Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
            Assert.Equal("envelope", (await r.Content.ReadFromJsonAsync<JsonNode>(Ct))!["field"]!.GetValue<string>());
        }
    }
}
