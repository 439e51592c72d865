using Maillage.Core.Infrastructure.Campaigns;
using Maillage.Domain.Referential;
using Xunit;

namespace Maillage.Core.Tests.Infrastructure.Campaigns;

/// <summary>The shipped referentials load and validate; a broken file names its line and field.</summary>
public sealed class ReferentialLoaderTests
{
    [Theory]
    [InlineData("2017-2022", 2017, 2022)]
    [InlineData("2023-2028", 2023, 2028)]
    public void Shipped_campaigns_load(string id, int first, int last)
    {
        var r = CampaignCatalogue.Shipped.Get(id);
        Assert.Equal(id, r.CampaignId);
        Assert.Equal(first, r.FirstYear);
        Assert.Equal(last, r.LastYear);
        Assert.Equal(25, r.Floor.Minimum);
        Assert.Equal(100m, r.Mig.GroupBy(m => m.Block).Sum(g => g.First().BlockWeightPct));
        // Two dates the source keeps apart (DGOS, présentation du 7 avril 2022, questions de la PEMR Paris Nord): the end of
        // BaMaRa data entry for year N (31 March of N+1) and the PIRAMIG reporting window on year N, after it.
        Assert.Equal(new DateOnly(2025, 3, 31), r.Reporting.DataEntryCutoffOf(2024));
        Assert.True(r.Reporting.IsDataEntryOpen(2024, new DateOnly(2025, 3, 31)));
        Assert.False(r.Reporting.IsDataEntryOpen(2024, new DateOnly(2025, 4, 1)));
        Assert.Equal(new DateOnly(2025, 4, 1), r.Reporting.WindowOpensOf(2024));
        Assert.Equal(new DateOnly(2025, 6, 30), r.Reporting.Deadline(2024));
        Assert.False(r.Reporting.IsLate(2024, new DateOnly(2025, 6, 30)));
        Assert.True(r.Reporting.IsLate(2024, new DateOnly(2025, 7, 1)));
        Assert.NotNull(r.Bndmr);
        Assert.NotNull(r.VerifiedActivePatients);
        Assert.Equal(["CS", "CS_MULTI", "TLC", "HDJ"], r.Indicators.Single(i => i.Indicator == "active_patients").Contexts);
        Assert.All(r.Thresholds, t => Assert.False(string.IsNullOrWhiteSpace(t.Source.Quote)));
    }

    [Fact]
    public void Both_campaigns_have_the_same_thresholds()
    {
        var a = CampaignCatalogue.Shipped.Get("2017-2022").Thresholds.Select(t => (t.Id, t.Kind, t.Field, t.Criterion, t.Minimum));
        var b = CampaignCatalogue.Shipped.Get("2023-2028").Thresholds.Select(t => (t.Id, t.Kind, t.Field, t.Criterion, t.Minimum));
        Assert.Equal(a, b);
    }

    [Fact]
    public void Unknown_campaign_is_reported()
    {
        var ex = Assert.Throws<ReferentialException>(() => CampaignCatalogue.Shipped.Get("1999-2004"));
        Assert.Contains("2023-2028", ex.Message, StringComparison.Ordinal);
    }

    private static string Shipped() => File.ReadAllText(ReferentialPaths.ForCampaign("2023-2028"));

    private static int LineOf(string text, string fragment) =>
        text[..text.IndexOf(fragment, StringComparison.Ordinal)].Count(c => c == '\n') + 1;

    [Fact]
    public void Bad_minimum_names_line_and_field()
    {
        var yaml = Shipped().Replace("cs_hdj: { id: THR-CRMR-CONST-GENERAL-CSHDJ, minimum: 150 }", "cs_hdj: { id: THR-CRMR-CONST-GENERAL-CSHDJ, minimum: cent }", StringComparison.Ordinal);
        var ex = Assert.Throws<ReferentialException>(() => ReferentialLoader.Parse(yaml, "test.yaml"));
        Assert.Equal("thresholds[1].cs_hdj.minimum", ex.Field);
        Assert.Equal(LineOf(yaml, "minimum: cent"), ex.Line);
        Assert.Contains("test.yaml", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Exception_on_the_floor_is_refused()
    {
        var yaml = Shipped().Replace("    kinds: [crc_mhc]\n    criteria: [cs_hdj, active_patients]", "    kinds: [crc_mhc]\n    criteria: [cs_hdj, floor_25]", StringComparison.Ordinal);
        var ex = Assert.Throws<ReferentialException>(() => ReferentialLoader.Parse(yaml, "test.yaml"));
        Assert.Equal("exceptions[1].criteria[1]", ex.Field);
    }

    [Fact]
    public void Unknown_key_duplicate_id_and_unknown_document_are_refused()
    {
        var typo = Shipped().Replace("  first_year: 2023", "  frist_year: 2023", StringComparison.Ordinal);
        Assert.Equal("campaign.frist_year", Assert.Throws<ReferentialException>(() => ReferentialLoader.Parse(typo, "t.yaml")).Field);

        var dup = Shipped().Replace("THR-CRMR-CONST-GENERAL-FA", "THR-CRMR-COORD-GENERAL-FA", StringComparison.Ordinal);
        Assert.Contains("déjà utilisé", Assert.Throws<ReferentialException>(() => ReferentialLoader.Parse(dup, "t.yaml")).Message, StringComparison.Ordinal);

        var doc = Shipped().Replace("      document: note-2018\n      section: \"§1 Les centres de compétence et CRC — Définition et missions\"", "      document: nope\n      section: \"x\"", StringComparison.Ordinal);
        Assert.EndsWith(".source.document", Assert.Throws<ReferentialException>(() => ReferentialLoader.Parse(doc, "t.yaml")).Field, StringComparison.Ordinal);

        var missingRow = Shipped().Replace("    active_patients: { id: THR-CRCSLA-FA, minimum: 50 }\n", "", StringComparison.Ordinal);
        var ex = Assert.Throws<ReferentialException>(() => ReferentialLoader.Parse(missingRow, "t.yaml"));
        Assert.Contains("crc_sla", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Documents_are_cited_by_title_and_date_never_by_a_file_name()
    {
        foreach (var id in CampaignCatalogue.Shipped.Ids)
        {
            foreach (var d in CampaignCatalogue.Shipped.Get(id).Documents)
            {
                Assert.False(string.IsNullOrWhiteSpace(d.Date));
                Assert.DoesNotContain("seeds/", d.Title, StringComparison.Ordinal);
                Assert.DoesNotContain(".txt", d.Title, StringComparison.Ordinal);
            }
        }
        var note = CampaignCatalogue.Shipped.Get("2023-2028").Floor.Source.Citation;
        Assert.StartsWith("DGOS, présentation maladies rares du 7 avril 2022", note, StringComparison.Ordinal);
        // The old "file" field is refused with its line, so that no path can come back as a citation.
        var yaml = Shipped().Replace("    date: \"2018-09-19\"", "    file: \"seeds/000.txt\"", StringComparison.Ordinal);
        var ex = Assert.Throws<ReferentialException>(() => ReferentialLoader.Parse(yaml, "t.yaml"));
        Assert.Equal("documents[0].file", ex.Field);
        Assert.Equal(LineOf(yaml, "file: \"seeds/000.txt\""), ex.Line);
    }

    [Fact]
    public void The_calendar_is_configurable_per_campaign_and_checked()
    {
        var yaml = Shipped().Replace("  data_entry_cutoff: { month: 3, day: 31 }", "  data_entry_cutoff: { month: 4, day: 15 }", StringComparison.Ordinal)
            .Replace("    closes: { month: 6, day: 30 }", "    closes: { month: 9, day: 30 }", StringComparison.Ordinal);
        var r = ReferentialLoader.Parse(yaml, "t.yaml");
        Assert.Equal(new DateOnly(2025, 4, 15), r.Reporting.DataEntryCutoffOf(2024));
        Assert.Equal(new DateOnly(2025, 9, 30), r.Reporting.Deadline(2024));
        var leap = Shipped().Replace("    closes: { month: 6, day: 30 }", "    closes: { month: 2, day: 29 }", StringComparison.Ordinal);
        Assert.Equal("reporting.report_window.closes", Assert.Throws<ReferentialException>(() => ReferentialLoader.Parse(leap, "t.yaml")).Field);
        var backwards = Shipped().Replace("    opens: { month: 4, day: 1 }", "    opens: { month: 7, day: 1 }", StringComparison.Ordinal);
        Assert.Equal("reporting.report_window", Assert.Throws<ReferentialException>(() => ReferentialLoader.Parse(backwards, "t.yaml")).Field);
        var old = Shipped().Replace("  data_entry_cutoff: { month: 3, day: 31 }", "  closes: { month: 3, day: 31 }", StringComparison.Ordinal);
        Assert.Equal("reporting.closes", Assert.Throws<ReferentialException>(() => ReferentialLoader.Parse(old, "t.yaml")).Field);
    }

    [Fact]
    public void Mig_weights_must_add_up()
    {
        var yaml = Shipped().Replace("      weight_pct: 30\n", "      weight_pct: 31\n", StringComparison.Ordinal);
        var ex = Assert.Throws<ReferentialException>(() => ReferentialLoader.Parse(yaml, "t.yaml"));
        Assert.Equal("funding.mig_variable_part", ex.Field);
    }

    [Fact]
    public void Yaml_syntax_error_names_the_line()
    {
        var ex = Assert.Throws<ReferentialException>(() => ReferentialLoader.Parse("campaign:\n  id: [unclosed\n", "t.yaml"));
        Assert.True(ex.Line >= 2);
    }

    [Fact]
    public void Threshold_lookup_prefers_the_exact_field()
    {
        var r = CampaignCatalogue.Shipped.Get("2023-2028");
        Assert.Equal(600, r.FindThreshold(SiteKind.CrmrCoordinating, ClinicalField.Willebrand, Criterion.CsHdj)!.Minimum);
        Assert.Equal(2, r.FindThreshold(SiteKind.CrmrCoordinating, ClinicalField.Willebrand, Criterion.Research)!.Minimum);
        Assert.Null(r.FindThreshold(SiteKind.Ccmr, null, Criterion.CsHdj));
    }
}
