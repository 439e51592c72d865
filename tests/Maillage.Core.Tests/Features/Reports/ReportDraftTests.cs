using Maillage.Core.Features.Reports;
using Maillage.Domain.Reports;
using Xunit;

namespace Maillage.Core.Tests.Features.Reports;

/// <summary>
/// Drafts that forgive, submissions that guard (docs/reports.md): a save keeps the valid values and the invalid ones as
/// typed with one warning per field; the checklist says what is missing or invalid; the input bounds refuse at their
/// boundaries; the DOI pattern is bounded.
/// </summary>
public sealed class ReportDraftTests
{
    private const int Year = 2025;

    private static AnnualReport NewReport() => new() { CentreId = "SITE-T", Year = Year, Campaign = "2023-2028", UpdatedBy = "" };

    private static Publication Pub(string? doi = "10.1000/abc", string title = "Étude", int year = Year, string? pmid = null) => new(title, "Revue", year, doi, pmid);

    /// <summary>Every required field filled and valid.</summary>
    private static ReportInput Complete() => new()
    {
        ActivePatients = 200, Consultations = 300, DayHospitalStays = 50, FullHospitalStays = 10, EtpProgrammes = 1, ExpertOpinions = 10,
        RcpOrganised = 0, RcpAttended = 3, PndsWritten = 0, PndsUpdated = 1, TeleExpertise = 12, BndmrEntry = true,
        Publications = [Pub()], ResearchProjects = [new ResearchProject("PHRC", Year - 1, "PHRC")], SigapsPoints4y = 420,
        DuDiuCoordinated = 1, AssociationConventions = 2, ActionPlanRevised = true,
    };

    [Fact]
    public void A_partial_save_keeps_the_valid_values_and_the_invalid_ones_as_typed_with_a_warning_each()
    {
        var report = NewReport();
        var input = Complete() with
        {
            ActivePatients = 250, Consultations = -4, Publications = [Pub(), Pub(doi: "10.abc"), Pub(doi: null, pmid: "12a")],
            Raw = new Dictionary<string, string> { ["day_hospital_stays"] = "douze" },
        };
        Assert.Empty(ReportService.ApplyDraft(report, input));

        // Valid values in their columns; invalid ones empty there and kept as typed.
        Assert.Equal(250, report.ActivePatients);
        Assert.Null(report.Consultations);
        Assert.Null(report.DayHospitalStays);
        Assert.Equal(10, report.FullHospitalStays);
        var pubs = ReportJson.Publications(report)!;
        Assert.Equal(3, pubs.Count);
        Assert.Equal("10.1000/abc", pubs[0].Doi);
        Assert.Null(pubs[1].Doi);
        Assert.Equal("Étude", pubs[1].Title);
        var raw = ReportDraft.RawOf(report);
        Assert.Equal(new Dictionary<string, string>
        {
            ["consultations"] = "-4", ["day_hospital_stays"] = "douze", ["publications[2].doi"] = "10.abc", ["publications[3].pmid"] = "12a",
        }, raw);

        // One warning per field, by path, in French.
        var warnings = ReportDraft.WarningsOf(report).ToDictionary(w => w.Field, w => w.Message);
        Assert.Equal(["consultations", "day_hospital_stays", "publications[2].doi", "publications[3].pmid"], warnings.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("DOI « 10.abc » invalide", warnings["publications[2].doi"], StringComparison.Ordinal);
        Assert.Contains("« douze » n'est pas un nombre entier", warnings["day_hospital_stays"], StringComparison.Ordinal);

        // The checklist: those fields invalid, the rest complete; not submittable.
        var checklist = ReportDraft.ChecklistOf(report);
        Assert.False(checklist.Complete);
        var states = checklist.Items.ToDictionary(i => i.Field, i => i.State);
        Assert.Equal(ChecklistState.Invalid, states["consultations"]);
        Assert.Equal(ChecklistState.Invalid, states["day_hospital_stays"]);
        Assert.Equal(ChecklistState.Invalid, states["publications"]);
        Assert.Equal(ChecklistState.Complete, states["active_patients"]);
        Assert.Equal(ChecklistState.Complete, states["research_projects"]);

        // Fixed: the kept values are dropped with their warnings, and the checklist is complete.
        Assert.Empty(ReportService.ApplyDraft(report, Complete()));
        Assert.Null(report.DraftRawJson);
        Assert.Empty(ReportDraft.WarningsOf(report));
        Assert.True(ReportDraft.ChecklistOf(report).Complete);
    }

    [Fact]
    public void The_checklist_says_missing_for_an_empty_required_field_and_a_claimed_exception_without_justification()
    {
        var report = NewReport();
        Assert.Empty(ReportService.ApplyDraft(report, Complete() with { SigapsPoints4y = null, Publications = [], ClaimedException = "prevalence_ratio" }));
        var items = ReportDraft.ChecklistOf(report).Items.ToDictionary(i => i.Field);
        Assert.Equal(ChecklistState.Missing, items["sigaps_points_4y"].State);
        Assert.Equal(ChecklistState.Missing, items["publications"].State);
        Assert.Equal(ChecklistState.Missing, items["exception_justification"].State);
        // Optional and empty is complete.
        Assert.Equal(ChecklistState.Complete, items["other_teaching"].State);
        Assert.Equal(ReportDraft.Fields.Count, items.Count);

        // A new report with nothing saved: every required field is missing.
        var empty = ReportDraft.ChecklistOf(NewReport());
        Assert.All(empty.Items.Where(i => ReportDraft.Fields.Single(f => f.Field == i.Field).Required), i => Assert.Equal(ChecklistState.Missing, i.State));
    }

    [Fact]
    public void A_list_left_out_of_a_save_keeps_its_rows_and_their_kept_values()
    {
        var report = NewReport();
        ReportService.ApplyDraft(report, Complete() with { Publications = [Pub(doi: "pas-un-doi")] });
        // An API save without the publications list: the list and its kept DOI stay; a scalar's kept value is replaced.
        ReportService.ApplyDraft(report, Complete() with { Publications = null, ActivePatients = -1 });
        Assert.Equal(new Dictionary<string, string> { ["active_patients"] = "-1", ["publications[1].doi"] = "pas-un-doi" }, ReportDraft.RawOf(report));
    }

    [Fact]
    public void The_input_bounds_refuse_the_save_at_their_boundaries_and_change_nothing()
    {
        var report = NewReport();
        var fifteen = Enumerable.Range(0, ReportRules.MaxPublications).Select(_ => Pub()).ToList();
        Assert.Empty(ReportService.ApplyDraft(report, Complete() with { Publications = fifteen }));
        var before = report.PublicationsJson;
        var refused = ReportService.ApplyDraft(report, Complete() with { Publications = [.. fifteen, Pub()], ActivePatients = 1 });
        Assert.Equal("publications", Assert.Single(refused).Field);
        Assert.Equal(before, report.PublicationsJson);
        Assert.Equal(200, report.ActivePatients);

        // DOI length: 200 characters kept (as typed, invalid or not), 201 refused.
        var doi200 = "10.1000/" + new string('a', ReportRules.MaxDoiLength - 8);
        Assert.Empty(ReportService.ApplyDraft(report, Complete() with { Publications = [Pub(doi: doi200)] }));
        Assert.Equal(doi200, ReportJson.Publications(report)![0].Doi);
        Assert.Equal("publications[1].doi", Assert.Single(ReportService.ApplyDraft(report, Complete() with { Publications = [Pub(doi: doi200 + "a")] })).Field);

        // Titles: 500 characters, not 501; a kept value: 500 characters, not 501; a kept value on an unknown path is refused.
        Assert.Empty(ReportService.ApplyDraft(report, Complete() with { Publications = [Pub(title: new string('t', ReportRules.MaxTitleLength))] }));
        Assert.Single(ReportService.ApplyDraft(report, Complete() with { Publications = [Pub(title: new string('t', ReportRules.MaxTitleLength + 1))] }));
        Assert.Empty(ReportService.ApplyDraft(report, Complete() with { Raw = new Dictionary<string, string> { ["active_patients"] = new('x', ReportRules.MaxRawLength) } }));
        Assert.Single(ReportService.ApplyDraft(report, Complete() with { Raw = new Dictionary<string, string> { ["active_patients"] = new('x', ReportRules.MaxRawLength + 1) } }));
        Assert.Single(ReportService.ApplyDraft(report, Complete() with { Raw = new Dictionary<string, string> { ["updated_by"] = "x" } }));
    }

    [Theory]
    [InlineData("active_patients", true)]
    [InlineData("claimed_exception", true)]
    [InlineData("publications[1].doi", true)]
    [InlineData("publications[15].year", true)]
    [InlineData("publications[16].year", false)]
    [InlineData("publications[0].doi", false)]
    [InlineData("publications[1].funder", false)]
    [InlineData("research_projects[50].funder", true)]
    [InlineData("research_projects[51].funder", false)]
    [InlineData("status", false)]
    [InlineData("", false)]
    public void A_kept_value_only_goes_under_a_known_path_within_the_lists_bounds(string path, bool allowed) =>
        Assert.Equal(allowed, ReportDraft.IsRawPath(path));

    [Theory]
    [InlineData("10.1000/abc", true)]
    [InlineData("10.1234/ABC-def_(1)", true)]
    [InlineData("10.123/abc", false)]
    [InlineData("10.1000/", false)]
    [InlineData("10.1000/a b", false)]
    [InlineData("doi:10.1000/abc", false)]
    public void The_doi_pattern(string doi, bool valid) => Assert.Equal(valid, ReportRules.IsDoi(doi));

    [Fact]
    public void A_hostile_doi_is_refused_by_its_length_before_any_match()
    {
        Assert.False(ReportRules.IsDoi("10.1000/" + new string('a', 1_000_000)));
        Assert.False(ReportRules.IsPmid(new string('1', 1_000_000)));
        Assert.True(ReportRules.IsDoi("10.1000/" + new string('a', ReportRules.MaxDoiLength - 8)));
    }
}
