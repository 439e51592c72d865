using System.Text;
using Maillage.Core.Features.Activity;
using Maillage.Domain.Activity;
using Xunit;
using static Maillage.Core.Tests.Features.Activity.ActivityTestData;

namespace Maillage.Core.Tests.Features.Activity;

public sealed class ActivityExtractTests
{
    public static TheoryData<string, string, ActivityRejectReason> Invalid => new()
    {
        { "too few columns", "a;b;c", ActivityRejectReason.ColumnCount },
        { "too many columns", Row() + ";x", ActivityRejectReason.ColumnCount },
        { "short patient id", Row(patient: "abc123"), ActivityRejectReason.PatientIdInvalid },
        { "uppercase patient id", Row(patient: "00000000000000A1"), ActivityRejectReason.PatientIdInvalid },
        { "patient id of 65 characters", Row(patient: new string('a', 65)), ActivityRejectReason.PatientIdInvalid },
        { "FINESS with a bad key", Row(finess: F75[..8] + (char)('0' + ((F75[8] - '0' + 1) % 10))), ActivityRejectReason.SiteFinessInvalid },
        { "FINESS too short", Row(finess: "75000001"), ActivityRejectReason.SiteFinessInvalid },
        { "unknown centre", Row(centre: "NOPE", finess: F75), ActivityRejectReason.CentreUnknown },
        { "FINESS of another centre", Row(centre: "C75", finess: F69), ActivityRejectReason.SiteFinessMismatch },
        // The FINESS is judged before the centre: a bad key on an unknown centre is a bad FINESS.
        { "bad FINESS and unknown centre", Row(centre: "NOPE", finess: "75000001"), ActivityRejectReason.SiteFinessInvalid },
        { "impossible date", Row(date: "2024-02-30"), ActivityRejectReason.ActivityDateInvalid },
        { "French date", Row(date: "01/03/2024"), ActivityRejectReason.ActivityDateInvalid },
        { "act after closing", Row(centre: "CLOSED", date: "2024-07-01"), ActivityRejectReason.CentreClosed },
        { "unknown context", Row(context: "VISITE"), ActivityRejectReason.ActivityContextUnknown },
        { "lowercase context", Row(context: "cs"), ActivityRejectReason.ActivityContextUnknown },
        { "HC without stay", Row(context: "HC"), ActivityRejectReason.StayIdMissing },
        { "AVIS_SALLE without stay", Row(context: "AVIS_SALLE"), ActivityRejectReason.StayIdMissing },
        { "CS with a stay", Row(context: "CS", stay: "S1"), ActivityRejectReason.StayIdUnexpected },
        { "unknown ORPHAcode", Row(orpha: "999999"), ActivityRejectReason.OrphaCodeUnknown },
        { "ORPHAcode not a number", Row(orpha: "ORPHA:558"), ActivityRejectReason.OrphaCodeUnknown },
        { "inactive ORPHAcode without redirection", Row(orpha: "300"), ActivityRejectReason.OrphaCodeInactive },
        { "unknown diagnosis status", Row(status: "certain"), ActivityRejectReason.DiagnosisStatusUnknown },
        { "birth year of 2 digits", Row(birth: "80"), ActivityRejectReason.BirthYearInvalid },
        { "birth year with a letter", Row(birth: "19x0"), ActivityRejectReason.BirthYearInvalid },
        { "empty sex", Row(sex: ""), ActivityRejectReason.SexInvalid },
        { "sex H", Row(sex: "H"), ActivityRejectReason.SexInvalid },
        { "département 20", Row(residence: "20"), ActivityRejectReason.ResidenceInvalid },
        { "département 977", Row(residence: "977"), ActivityRejectReason.ResidenceInvalid },
        { "département 1", Row(residence: "1"), ActivityRejectReason.ResidenceInvalid },
        { "out of scope 2", Row(outOfScope: "2"), ActivityRejectReason.OutOfScopeInvalid },
        { "out of scope empty", Row(outOfScope: ""), ActivityRejectReason.OutOfScopeInvalid },
    };

    [Theory, MemberData(nameof(Invalid))]
    public void Rejects_with_the_reason_and_column(string because, string line, ActivityRejectReason expected)
    {
        var ok = ActivityExtract.TryParse(Encoding.UTF8.GetBytes(line), TestReferential, out _, out var column, out var reason);
        Assert.False(ok, because);
        Assert.Equal(expected, reason);
        var expectedColumn = expected switch
        {
            ActivityRejectReason.ColumnCount => "",
            ActivityRejectReason.PatientIdInvalid => "patient_id",
            ActivityRejectReason.SiteFinessInvalid or ActivityRejectReason.SiteFinessMismatch => "site_finess",
            ActivityRejectReason.CentreUnknown or ActivityRejectReason.CentreClosed => "centre_id",
            ActivityRejectReason.ActivityDateInvalid => "activity_date",
            ActivityRejectReason.ActivityContextUnknown => "activity_context",
            ActivityRejectReason.StayIdMissing or ActivityRejectReason.StayIdUnexpected => "stay_id",
            ActivityRejectReason.OrphaCodeUnknown or ActivityRejectReason.OrphaCodeInactive => "orpha_code",
            ActivityRejectReason.DiagnosisStatusUnknown => "diagnosis_status",
            ActivityRejectReason.BirthYearInvalid => "birth_year",
            ActivityRejectReason.SexInvalid => "sex",
            ActivityRejectReason.ResidenceInvalid => "residence",
            ActivityRejectReason.OutOfScopeInvalid => "out_of_scope",
            _ => throw new InvalidOperationException(),
        };
        Assert.Equal(expectedColumn, ActivityExtract.ColumnName(column));
    }

    [Fact]
    public void Every_reject_reason_is_tested_and_documented()
    {
        var tested = Invalid.Select(row => (ActivityRejectReason)row.Data.Item3).Append(ActivityRejectReason.LineTooLong).ToHashSet();
        Assert.Equal(ActivityRejectReasons.All.ToHashSet(), tested);
        var doc = File.ReadAllText(Path.Combine(RepoRoot(), "docs", "formats", "activity-extract.md"));
        foreach (var reason in ActivityRejectReasons.All) Assert.Contains("`" + reason.Code() + "`", doc, StringComparison.Ordinal);
        foreach (var context in ActivityContexts.All) Assert.Contains("`" + context.SdmMr().Code + "`", doc, StringComparison.Ordinal);
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Maillage.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }

    [Theory]
    [InlineData("2024-03-01", "CS", "", "", "", "", "")]       // all optional fields empty
    [InlineData("2024-02-29", "HC", "S-1/é", "558", "confirme", "1931", "99")]
    [InlineData("2024-12-31", "AVIS_SALLE", "x", "200", "porteur_sain", "2024", "2B")]
    public void Accepts_valid_rows(string date, string context, string stay, string orpha, string status, string birth, string residence)
    {
        var line = Row(date: date, context: context, stay: stay, orpha: orpha, status: status, birth: birth, residence: residence, sex: "I");
        Assert.True(ActivityExtract.TryParse(Encoding.UTF8.GetBytes(line + "\r"), TestReferential, out var act, out _, out var reason), reason.ToString());
        Assert.Equal(int.Parse(date[..4], System.Globalization.CultureInfo.InvariantCulture), act.Year);
    }

    [Fact]
    public void The_accepted_FINESS_keys_are_those_of_the_registry_rules()
    {
        foreach (var f in new[] { F75, F69, F13, Maillage.Domain.Registry.Finess.Create("2A", 5).Value, "750000001", "123456789", "2B0000001" })
            Assert.Equal(Maillage.Domain.Registry.Finess.IsValid(f), ActivityExtract.IsValidFiness(Encoding.ASCII.GetBytes(f)));
    }

    [Fact]
    public void Dates_parse_to_the_day_numbers_of_DateOnly()
    {
        for (var d = new DateOnly(1900, 1, 1); d <= new DateOnly(2100, 12, 31); d = d.AddDays(1))
        {
            Assert.True(ActivityExtract.TryParseDate(Encoding.ASCII.GetBytes(d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)), out var year, out var day));
            Assert.Equal((d.Year, d.DayNumber), (year, day));
        }
        foreach (var bad in new[] { "1900-02-29", "2023-02-29", "2024-04-31", "2024-00-10", "2024-01-00", "1899-12-31", "2101-01-01", "2024-1-01", "2024/01/01" })
            Assert.False(ActivityExtract.TryParseDate(Encoding.ASCII.GetBytes(bad), out _, out _), bad);
    }

    [Fact]
    public void Residence_ranks_follow_the_text_order_of_codes()
    {
        var codes = ResidenceCodes.Codes;
        Assert.Equal(codes.Order(StringComparer.Ordinal), codes);
        Assert.Equal(94 + 2 + 6 + 1, codes.Count); // 01–95 without 20, 2A/2B, 971–976, 99
        Assert.True(ResidenceCodes.TryRank("", out var empty) && empty == 0);
        Assert.Equal("99", ResidenceCodes.CodeOf(ResidenceCodes.AbroadRank));
    }

    [Fact]
    public void Patient_keys_are_distinct_for_distinct_16_character_ids()
    {
        var keys = new HashSet<ulong>();
        for (var i = 0; i < 10_000; i++)
        {
            Assert.True(ActivityKeys.TryPatientKey(Encoding.ASCII.GetBytes(i.ToString("x16", System.Globalization.CultureInfo.InvariantCulture)), out var k));
            Assert.True(keys.Add(k));
        }
        Assert.True(ActivityKeys.TryPatientKey("0000000000000001"u8, out var short16));
        Assert.True(ActivityKeys.TryPatientKey("00000000000000001"u8, out var long17));
        Assert.NotEqual(short16, long17);
        Assert.False(ActivityKeys.TryPatientKey("000000000000000g"u8, out _));
    }

    private static ActivityScanResult Scan(string content, int workers = 2) =>
        ActivityScanner.Scan(new MemoryStream(Encoding.UTF8.GetBytes(content)), TestReferential, workers);

    [Fact]
    public void Scanner_checks_the_header()
    {
        var e = Assert.Throws<ActivityFormatException>(() => Scan("patient;centre\n" + Row() + "\n"));
        Assert.Contains("En-tête", e.Message, StringComparison.Ordinal);
        Assert.Throws<ActivityFormatException>(() => Scan(""));
    }

    [Fact]
    public void Scanner_accepts_bom_crlf_and_a_missing_final_line_end_and_skips_empty_lines()
    {
        var r = Scan("\uFEFF" + ActivityExtract.Header + "\r\n" + Row(P1) + "\r\n\r\n" + Row(P2));
        Assert.Equal(2, r.Rows);
        Assert.Equal(0, r.Rejected);
        Assert.Equal(2, r.Aggregator.Compute(TestReferential, ActivityIndicatorDefinition.Default).Single().ActivePatients);
    }

    [Fact]
    public void Scanner_reports_file_line_numbers_across_chunks_and_rejects_overlong_lines()
    {
        var sb = new StringBuilder(ActivityExtract.Header).Append('\n');
        var line = 1;
        var expected = new List<long>();
        for (var i = 0; i < 40_000; i++)
        {
            line++;
            if (i % 9_999 == 0)
            {
                sb.Append(Row(sex: "X")).Append('\n');
                expected.Add(line);
            }
            else sb.Append(Row(patient: (i + 1).ToString("x16", System.Globalization.CultureInfo.InvariantCulture))).Append('\n');
        }
        line++;
        sb.Append(new string('x', ActivityScanner.ChunkSize + 10)).Append('\n');
        var tooLong = line;
        sb.Append(Row(P3)).Append('\n');
        var r = Scan(sb.ToString());
        Assert.Equal(40_002, r.Rows);
        Assert.Equal(expected, r.Rejects.Where(x => x.Reason == ActivityRejectReason.SexInvalid).Select(x => x.Line));
        Assert.Equal([tooLong], r.Rejects.Where(x => x.Reason == ActivityRejectReason.LineTooLong).Select(x => x.Line));
        Assert.Equal(40_000 - expected.Count + 1, r.Aggregator.Compute(TestReferential, ActivityIndicatorDefinition.Default).Single().Patients);
    }

    [Fact]
    public void A_site_finess_equal_to_a_registry_finess_with_a_bad_key_is_still_a_bad_finess()
    {
        // The key is skipped only when the site's FINESS equals a valid registry FINESS: a registry entry with a bad key
        // (imported before the check, or by hand) does not make the same bad number acceptable.
        var bad = F75[..8] + (char)('0' + ((F75[8] - '0' + 1) % 10));
        var referential = new ActivityReferential([new ActivityCentre("C75", bad, null, "75", "11")],
            new Dictionary<string, string> { ["75"] = "11" }, new Dictionary<int, bool>());
        Assert.False(ActivityExtract.TryParse(Encoding.UTF8.GetBytes(Row(centre: "C75", finess: bad)), referential, out _, out var column, out var reason));
        Assert.Equal((2, ActivityRejectReason.SiteFinessInvalid), (column, reason));
        Assert.True(ActivityExtract.TryParse(Encoding.UTF8.GetBytes(Row(centre: "C75", finess: F75)), TestReferential, out _, out _, out _));
    }
}
