using System.Text;
using System.Text.Json;
using Xunit;

namespace Maillage.Core.Tests.Cli;

[CollectionDefinition("Console", DisableParallelization = true)]
public sealed class ConsoleCollection;

/// <summary>The CLI contracts of <c>compliance check</c> and <c>funding pemr|dpi|mig</c>, run in process on small files.</summary>
[Collection("Console")]
public sealed class CliComplianceTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("maillage-cli-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private string FileWith(string name, string content)
    {
        var path = Path.Combine(dir, name);
        File.WriteAllText(path, content, new UTF8Encoding(false));
        return path;
    }

    private static Task<(int Code, string Out, string Err)> Run(params string[] args) => InProcessCli.RunAsync(null, args);

    private const string Header = "site_id;kind;field;year;active_patients;consultations;day_hospital_stays;funded_pi_projects_5y;head_status;head_birth_date;head_clinical_activity;exception\n";

    [Fact]
    public async Task Check_prints_one_object_per_row_with_findings()
    {
        var file = FileWith("reports.csv", Header
            + "COORD-1;crmr_coordinating;general;2024;150;250;50;2;pu_ph;1970-05-01;true;\n"
            + "CONST-1;crmr_constitutive;general;2024;40;60;0;1;consultant_professor;1958-06-15;true;prevalence_ratio\n"
            + "CCMR-1;ccmr;;2024;24;;;;ph_part_time;;;\n"
            + "MHC-1;crc_mhc;;2024;100;;;;mcu_ph;;;\n"
            + "COORD-2;crmr_coordinating;haemophilia;2024;400;600;0;2;consultant_professor;1956-06-15;true;\n");
        var (code, output, err) = await Run("compliance", "check", "--reports", file, "--campaign", "2023-2028", "--as-of", "2024-06-15", "--format", "json");
        Assert.True(code == 0, err);
        using var doc = JsonDocument.Parse(output);
        var rows = doc.RootElement.EnumerateArray().ToList();
        Assert.Equal(5, rows.Count);
        Assert.Equal(["compliant", "compliant_with_exception", "non_compliant", "incomplete", "non_compliant"],
            rows.Select(r => r.GetProperty("verdict").GetString()!).ToArray());
        var first = rows[0];
        Assert.Equal("COORD-1", first.GetProperty("site_id").GetString());
        Assert.Equal(2024, first.GetProperty("year").GetInt32());
        var findings = first.GetProperty("findings").EnumerateArray().ToList();
        Assert.Equal(["cs_hdj", "active_patients", "floor_25", "research", "head_status", "head_age"],
            findings.Select(f => f.GetProperty("criterion").GetString()!).ToArray());
        var cs = findings[0];
        Assert.Equal("THR-CRMR-COORD-GENERAL-CSHDJ", cs.GetProperty("rule").GetString());
        Assert.Equal("met", cs.GetProperty("status").GetString());
        Assert.Equal(300, cs.GetProperty("expected").GetInt32());
        Assert.Equal(300, cs.GetProperty("actual").GetInt32());
        Assert.StartsWith("Note d'information n° DGOS/DIR/DGRI/2018/218 du 19 septembre 2018", cs.GetProperty("source").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("seeds/", cs.GetProperty("source").GetString(), StringComparison.Ordinal);
        Assert.Equal("not_applicable", findings[5].GetProperty("status").GetString());

        var ccmr = rows[2].GetProperty("findings").EnumerateArray().ToDictionary(f => f.GetProperty("criterion").GetString()!);
        Assert.Equal("not_met", ccmr["floor_25"].GetProperty("status").GetString());
        Assert.Equal("not_applicable", ccmr["research"].GetProperty("status").GetString());
        Assert.Equal("not_met", ccmr["head_status"].GetProperty("status").GetString());
        Assert.Equal("ph_part_time", ccmr["head_status"].GetProperty("actual").GetString());
        var mhc = rows[3].GetProperty("findings").EnumerateArray().ToDictionary(f => f.GetProperty("criterion").GetString()!);
        Assert.Equal("missing", mhc["cs_hdj"].GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, mhc["cs_hdj"].GetProperty("actual").ValueKind);
        var old = rows[4].GetProperty("findings").EnumerateArray().ToDictionary(f => f.GetProperty("criterion").GetString()!);
        Assert.Equal("HEAD-AGE-CONSULTANT-68-COORD", old["head_age"].GetProperty("rule").GetString());
        Assert.Equal("not_met", old["head_age"].GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("S;crmr_coordinating;general;2024;15x;300;0;2;pu_ph;;;\n", 2, "active_patients")]
    [InlineData("S;crmr_coordinating;;2024;150;300;0;2;pu_ph;;;\n", 2, "field")]
    [InlineData("S;ccmr;general;2024;150;;;;pu_ph;;;\n", 2, "field")]
    [InlineData("S;crmr_x;general;2024;150;300;0;2;pu_ph;;;\n", 2, "kind")]
    [InlineData("S;ccmr;;2024;30;;;;pu_ph;1960-13-01;;\n", 2, "head_birth_date")]
    [InlineData("S;ccmr;;2024;30;;;;pu_ph;;maybe;\n", 2, "head_clinical_activity")]
    [InlineData("S;ccmr;;2024;30;;;;pu_ph;;;waiver\n", 2, "exception")]
    [InlineData("S;ccmr;;2024;30;;;;chef;;;\n", 2, "head_status")]
    [InlineData("S;ccmr;;24;30;;;;pu_ph;;;\n", 2, "year")]
    [InlineData("S;ccmr;;2024;30;;;;pu_ph;;;\nT;ccmr;;2024;-3;;;;pu_ph;;;\n", 3, "active_patients")]
    public async Task Malformed_reports_fail_with_line_and_field(string rows, int line, string field)
    {
        var file = FileWith("bad.csv", Header + rows);
        var (code, output, err) = await Run("compliance", "check", "--reports", file, "--campaign", "2023-2028", "--as-of", "2024-06-15", "--format", "json");
        Assert.NotEqual(0, code);
        Assert.Equal("", output.Trim());
        Assert.Contains($"ligne {line}", err, StringComparison.Ordinal);
        Assert.Contains($"« {field} »", err, StringComparison.Ordinal);
    }

    private const string HeaderV2 = "site_id;kind;field;year;active_patients;consultations;day_hospital_stays;funded_pi_projects_5y;head_status;head_birth_date;head_clinical_activity;exception;bndmr_entry;measured_active_patients\n";

    /// <summary>
    /// The optional columns of issue 12: <c>bndmr_entry</c> (the BNDMR entry obligation, Note d'information n°
    /// DGOS/DIR/DGRI/2018/218 du 19 septembre 2018, §1) and <c>measured_active_patients</c> (« les données sur BaMaRa seront
    /// récupérées pour vérifier la file active », DGOS, présentation maladies rares du 7 avril 2022). Empty = unknown = no finding.
    /// </summary>
    [Fact]
    public async Task Bndmr_and_measured_file_active_columns_add_their_findings_when_known()
    {
        var file = FileWith("v2.csv", HeaderV2
            + "A;crmr_constitutive;general;2024;80;100;60;1;pu_ph;;;;true;74\n"   // declared meets 75, measured misses it
            + "B;crmr_constitutive;general;2024;80;100;60;1;pu_ph;;;;true;75\n"   // measured on the threshold
            + "C;crmr_constitutive;general;2024;80;100;60;1;pu_ph;;;;;\n"         // both unknown: no finding
            + "D;ccmr;;2024;30;;;;pu_ph;;;;false;\n");                           // BNDMR not entered
        var (code, output, err) = await Run("compliance", "check", "--reports", file, "--campaign", "2023-2028", "--as-of", "2024-06-15", "--format", "json");
        Assert.True(code == 0, err);
        using var doc = JsonDocument.Parse(output);
        var rows = doc.RootElement.EnumerateArray().ToList();
        Dictionary<string, JsonElement> F(int i) => rows[i].GetProperty("findings").EnumerateArray().ToDictionary(f => f.GetProperty("criterion").GetString()!);
        Assert.Equal("not_met", F(0)["verified_active_patients"].GetProperty("status").GetString());
        Assert.Equal("VERIFIED-FA", F(0)["verified_active_patients"].GetProperty("rule").GetString());
        Assert.Equal(74, F(0)["verified_active_patients"].GetProperty("actual").GetInt32());
        Assert.Equal("met", F(0)["active_patients"].GetProperty("status").GetString());
        Assert.Equal("non_compliant", rows[0].GetProperty("verdict").GetString());
        Assert.Equal("met", F(1)["verified_active_patients"].GetProperty("status").GetString());
        Assert.Equal("met", F(1)["bndmr"].GetProperty("status").GetString());
        Assert.Equal("compliant", rows[1].GetProperty("verdict").GetString());
        Assert.False(F(2).ContainsKey("bndmr"));
        Assert.False(F(2).ContainsKey("verified_active_patients"));
        Assert.Equal(6, F(2).Count);
        Assert.Equal("compliant", rows[2].GetProperty("verdict").GetString());
        Assert.Equal("not_met", F(3)["bndmr"].GetProperty("status").GetString());
        Assert.Equal("non_compliant", rows[3].GetProperty("verdict").GetString());

        // A file without the new columns is read as before (the first test), and the columns may come in any order.
        var reordered = FileWith("v2b.csv", "measured_active_patients;" + Header.Replace("\n", ";bndmr_entry\n", StringComparison.Ordinal) + "74;A;crmr_constitutive;general;2024;80;100;60;1;pu_ph;;;;true\n");
        var (code2, output2, err2) = await Run("compliance", "check", "--reports", reordered, "--campaign", "2023-2028", "--as-of", "2024-06-15", "--format", "json");
        Assert.True(code2 == 0, err2);
        Assert.Contains("\"verified_active_patients\"", output2, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("S;ccmr;;2024;30;;;;pu_ph;;;;peut-être;\n", "bndmr_entry")]
    [InlineData("S;ccmr;;2024;30;;;;pu_ph;;;;true;-1\n", "measured_active_patients")]
    [InlineData("S;ccmr;;2024;30;;;;pu_ph;;;;true;1000001\n", "measured_active_patients")]
    [InlineData("S;ccmr;;2024;30;;;;pu_ph;;;;true;9999999999999\n", "measured_active_patients")]
    [InlineData("S;ccmr;;2024;30;;;;pu_ph;;;;true;12,5\n", "measured_active_patients")]
    public async Task Bad_new_columns_fail_with_file_line_and_field(string row, string field)
    {
        var file = FileWith("bad2.csv", HeaderV2 + row);
        var (code, output, err) = await Run("compliance", "check", "--reports", file, "--campaign", "2023-2028", "--as-of", "2024-06-15", "--format", "json");
        Assert.Equal(2, code);
        Assert.Equal("", output.Trim());
        Assert.Contains("bad2.csv", err, StringComparison.Ordinal);
        Assert.Contains("ligne 2", err, StringComparison.Ordinal);
        Assert.Contains($"« {field} »", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_column_and_unknown_campaign_fail()
    {
        var file = FileWith("short.csv", "site_id;kind;field;year\nS;ccmr;;2024\n");
        var (code, _, err) = await Run("compliance", "check", "--reports", file, "--campaign", "2023-2028", "--as-of", "2024-06-15", "--format", "json");
        Assert.NotEqual(0, code);
        Assert.Contains("ligne 1", err, StringComparison.Ordinal);
        Assert.Contains("active_patients", err, StringComparison.Ordinal);

        var ok = FileWith("ok.csv", Header + "S;ccmr;;2024;30;;;;pu_ph;;;\n");
        var (code2, _, err2) = await Run("compliance", "check", "--reports", ok, "--campaign", "1999-2004", "--as-of", "2024-06-15", "--format", "json");
        Assert.NotEqual(0, code2);
        Assert.Contains("1999-2004", err2, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(5, false, 0, 0)]
    [InlineData(6, true, 100000, 200000)]
    [InlineData(25, true, 200000, 400000)]
    [InlineData(26, true, 300000, 600000)]
    public async Task Funding_pemr_json(int count, bool eligible, int perYear, int total)
    {
        var (code, output, err) = await Run("funding", "pemr", "--crmr-count", count.ToString(System.Globalization.CultureInfo.InvariantCulture), "--format", "json");
        Assert.True(code == 0, err);
        using var doc = JsonDocument.Parse(output);
        var root = doc.RootElement;
        Assert.Equal(count, root.GetProperty("crmr_count").GetInt32());
        Assert.Equal(eligible, root.GetProperty("eligible").GetBoolean());
        Assert.Equal(perYear, root.GetProperty("amount_per_year").GetDecimal());
        Assert.Equal(total, root.GetProperty("total").GetDecimal());
        Assert.False(string.IsNullOrEmpty(root.GetProperty("explanation").GetString()));
    }

    private const string DpiHeader = "finess;name;dpi_known;already_funded;need;reference_centres_using_dpi;centres;reference_centres;ghu_count\n";

    [Fact]
    public async Task Funding_dpi_json()
    {
        var file = FileWith("dpi.csv", DpiHeader
            + "750712184;AP-HP;true;true;;;500;120;6\n"
            + "370000481;CHRU Tours;true;false;seeding;6;;;\n"
            + "970100228;CH Cayenne;true;false;deployment;;12;1;\n"
            + "999999999;Inconnu;false;;;;;;\n");
        var (code, output, err) = await Run("funding", "dpi", "--input", file, "--format", "json");
        Assert.True(code == 0, err);
        using var doc = JsonDocument.Parse(output);
        var list = doc.RootElement.GetProperty("establishments").EnumerateArray().ToList();
        Assert.Equal([120000m, 150000m, 25000m, 0m], list.Select(e => e.GetProperty("amount").GetDecimal()).ToArray());
        Assert.Equal(["new_support_over_100", "seeding", "deployment_small", "dpi_unknown"], list.Select(e => e.GetProperty("branch").GetString()!).ToArray());
        Assert.Equal("750712184", list[0].GetProperty("finess").GetString());
        Assert.Equal(295000m, doc.RootElement.GetProperty("total").GetDecimal());
    }

    [Fact]
    public async Task Funding_dpi_malformed_names_line_and_field()
    {
        var file = FileWith("dpi-bad.csv", DpiHeader + "750712184;AP-HP;true;true;;;500;120;6\n370000481;Tours;true;false;;;;;\n");
        var (code, _, err) = await Run("funding", "dpi", "--input", file, "--format", "json");
        Assert.NotEqual(0, code);
        Assert.Contains("ligne 3", err, StringComparison.Ordinal);
        Assert.Contains("« need »", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Funding_mig_json_totals_the_envelope()
    {
        var file = FileWith("mig.csv",
            "centre_id;name;active_patients;consultations;full_hospital_stays;day_hospital_stays;expert_opinions;sigaps_points_4y;du_diu_coordinated;rcp_national_attended;rcp_local_organised\n"
            + "A;Centre A;150;310;12;40;7;120.5;1;3;10\n"
            + "B;Centre B;75;160;0;10;0;0;0;0;0\n"
            + "C;Centre C;420;700;31;99;21;512;2;12;24\n");
        var (code, output, err) = await Run("funding", "mig", "--input", file, "--envelope", "1000000.01", "--campaign", "2023-2028", "--format", "json");
        Assert.True(code == 0, err);
        using var doc = JsonDocument.Parse(output);
        Assert.Equal(1000000.01m, doc.RootElement.GetProperty("total").GetDecimal());
        Assert.Equal(1000000.01m, doc.RootElement.GetProperty("centres").EnumerateArray().Sum(c => c.GetProperty("amount").GetDecimal()));

        var bad = FileWith("mig-bad.csv",
            "centre_id;name;active_patients;consultations;full_hospital_stays;day_hospital_stays;expert_opinions;sigaps_points_4y;du_diu_coordinated;rcp_national_attended;rcp_local_organised\n"
            + "A;Centre A;150;310;12;40;7;;1;3;10\n");
        var (code2, _, err2) = await Run("funding", "mig", "--input", bad, "--envelope", "1000", "--campaign", "2023-2028", "--format", "json");
        Assert.NotEqual(0, code2);
        Assert.Contains("ligne 2", err2, StringComparison.Ordinal);
        Assert.Contains("« sigaps_points_4y »", err2, StringComparison.Ordinal);
    }
}
