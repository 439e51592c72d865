using Maillage.Domain.Procedures;
using Maillage.Domain.Registry;
using Xunit;

namespace Maillage.Domain.Tests.Procedures;

/// <summary>The rules of the expertise-platforms' call for projects (note DGOS/MMR/2020/221 du 7 décembre 2020), boundaries included.</summary>
public sealed class PlatformCallTests
{
    private static List<ScopeCentre> Centres(int reference, int resource, int competence) =>
    [
        .. Enumerable.Range(1, reference).Select(i => new ScopeCentre($"R{i}", $"Site {i}", CentreKind.ReferenceSite)),
        .. Enumerable.Range(1, resource).Select(i => new ScopeCentre($"C{i}", $"CRC {i}", CentreKind.ResourceCentre)),
        .. Enumerable.Range(1, competence).Select(i => new ScopeCentre($"M{i}", $"CCMR {i}", CentreKind.CompetenceCentre)),
    ];

    [Theory]
    [InlineData(5, 0, 0, false)]
    [InlineData(6, 0, 0, true)]
    [InlineData(3, 2, 0, false)]
    [InlineData(3, 3, 0, true)]
    [InlineData(0, 6, 0, true)]
    [InlineData(5, 0, 10, false)] // competence centres do not count
    [InlineData(4, 2, 10, true)]
    public void Six_reference_sites_or_CRC_are_needed_and_competence_centres_do_not_count(int reference, int resource, int competence, bool eligible)
    {
        var result = PlatformCall.Eligibility(Centres(reference, resource, competence));
        Assert.Equal(eligible, result.Eligible);
        var check = Assert.Single(result.Checks);
        Assert.Equal("pemr_reference_centre_threshold", check.Rule);
        Assert.Contains("DGOS/MMR/2020/221", check.Source, StringComparison.Ordinal);
        Assert.Contains($"{reference + resource} {(reference + resource > 1 ? "centres" : "centre")} de référence", check.Message, StringComparison.Ordinal);
        if (!eligible) Assert.Contains("seuil de 6 centres de référence (CRMR, CRC)", check.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_centre_named_twice_counts_once()
    {
        var five = Centres(5, 0, 0);
        Assert.False(PlatformCall.Eligibility([.. five, five[0]]).Eligible);
        Assert.Equal(5, PlatformCall.ReferenceCentreCount([.. five, five[0]]));
    }

    private static readonly PlatformProjectContext Context = new(
        new Participant("750100000", "Hôpital porteur"),
        [new Participant("690000000", "Autre CHU")],
        [new Participant("R1", "Site 1"), new Participant("M1", "CCMR 1")],
        [new Participant("A1", "Association 1")]);

    [Fact]
    public void The_letter_of_intent_has_at_most_ten_pages_and_is_with_the_annex_the_job_descriptions_and_the_signed_application()
    {
        var items = PlatformCall.Items(Context);
        Assert.Equal(["letter_of_intent:750100000", "stakeholders_annex:750100000", "job_descriptions:750100000", "signed_application:750100000",
            "centre_opinion:R1", "centre_opinion:M1", "association_opinion:A1", "director_opinion:690000000"], items.Select(i => i.Id));
        var letter = items[0];
        Assert.Equal(10, letter.MaxPages);
        Assert.Equal(ItemType.Document, letter.Type);
        Assert.All(items.Take(4), i => Assert.Equal(Party.EstablishmentDirection, i.Party));
        Assert.All(items.Skip(4), i => Assert.Equal(ItemType.Opinion, i.Type));
        Assert.Equal(Party.CentreHead, items[4].Party);
        Assert.Equal(Party.Association, items[6].Party);
        Assert.Equal(Party.EstablishmentDirection, items[7].Party);
        Assert.All(items, i => Assert.True(i.Required));
        Assert.All(items.Skip(1), i => Assert.Null(i.MaxPages));
    }

    [Fact]
    public void A_single_establishment_project_without_associations_asks_no_other_opinions()
    {
        var items = PlatformCall.Items(Context with { OtherEstablishments = [], Associations = [] });
        Assert.DoesNotContain(items, i => i.Key is "director_opinion" or "association_opinion");
    }

    [Fact]
    public void The_letter_has_its_six_sections_required_and_two_optional_ones()
    {
        var sections = DossierRequirements.Sections(ProcedureKind.PlatformProject);
        Assert.Equal(["letter_centres", "letter_governance", "letter_scope", "letter_premises", "letter_budget", "letter_sustainability"],
            sections.Where(s => s.Required).Select(s => s.Key));
        Assert.Equal(["telemedicine", "training_projects"], sections.Where(s => !s.Required).Select(s => s.Key));
        var gaps = Completeness.Check([], sections, new DossierContent([], new Dictionary<string, string?> { ["letter_centres"] = "Les centres." }));
        Assert.Equal(5, gaps.Count);
        Assert.DoesNotContain(gaps, g => g.ItemOrSection is "letter_centres" or "telemedicine");
    }

    private static Recruit Secretary => new(RecruitFunction.SecretariatCommunication, "Assistante", 1m, 45_000m);
    private static Recruit Officer => new(RecruitFunction.ProjectOfficer, "Chargée de missions", 1m, 55_000m);

    /// <summary>
    /// One row of a platform-call rule: the rule (its section of the note), the input in words and as a check to run, and
    /// the verdict — how many errors (null: at least one), the field of the error, and texts that an error's message
    /// contains (<paramref name="MessageParts"/>: each in some message; <paramref name="EveryMessagePart"/>: in all).
    /// </summary>
    public sealed record Row(string Rule, string Input, Func<IReadOnlyList<FieldError>> Check, int? Errors, string? Field = null,
        string[]? MessageParts = null, string? EveryMessagePart = null)
    {
        public override string ToString() => $"{Rule} — {Input} → {(Errors == 0 ? "valide" : Field ?? "refusé")}";
    }

    private const string Budget = "§III.B.5 budget (2 personnes, secrétariat/communication et chargé(e) de missions)";
    private const string RecruitShape = "§III.B.5 et §VII un recrutement (0 < ETP ≤ 1, coût > 0, intitulé d'une autre fonction)";
    private const string IndicatorRule = "§VI.2 indicateurs d'activité";
    private const string Renewal = "§IX reconduction en 2e année";

    private static Recruit WithFte(string fte) => Secretary with { Fte = decimal.Parse(fte, System.Globalization.CultureInfo.InvariantCulture) };

    private static IEnumerable<IndicatorValue> Extras(int n) => Enumerable.Range(1, n).Select(i => new IndicatorValue($"extra_{i}", $"Indicateur {i}", i, null));

    public static TheoryData<Row> Rows { get; } = new(
        // The budget of the letter of intent
        new Row(Budget, "a secretary and a project officer", () => PlatformCall.BudgetGaps([Secretary, Officer]), 0),
        new Row(Budget, "a secretary, a half-time officer and a social worker", () => PlatformCall.BudgetGaps([Secretary, Officer with { Fte = 0.5m }, new(RecruitFunction.SocialWorker, null, 0.3m, 15_000m)]), 0),
        new Row(Budget, "one full-time officer only (one person is not enough, even for both tasks)", () => PlatformCall.BudgetGaps([Officer]), null,
            MessageParts: ["au minimum 2 personnes (1 prévue)", "secrétariat/communication"]),
        new Row(Budget, "two project officers", () => PlatformCall.BudgetGaps([Officer, Officer]), 1, "recruits", ["secrétariat/communication"]),
        new Row(Budget, "two secretaries", () => PlatformCall.BudgetGaps([Secretary, Secretary]), 1, MessageParts: ["chargé(e) de missions"]),
        new Row(Budget, "no recruit", () => PlatformCall.BudgetGaps([]), 3, EveryMessagePart: "§III.B.5"),

        // Each recruit: more than 0 and at most 1 FTE, a positive cost, an other function names its job
        new Row(RecruitShape, "0 FTE", () => PlatformCall.ValidateRecruits([WithFte("0")]), 1, "recruits[0].fte"),
        new Row(RecruitShape, "0.1 FTE", () => PlatformCall.ValidateRecruits([WithFte("0.1")]), 0),
        new Row(RecruitShape, "1 FTE", () => PlatformCall.ValidateRecruits([WithFte("1")]), 0),
        new Row(RecruitShape, "1.01 FTE", () => PlatformCall.ValidateRecruits([WithFte("1.01")]), 1, "recruits[0].fte"),
        new Row(RecruitShape, "-0.5 FTE", () => PlatformCall.ValidateRecruits([WithFte("-0.5")]), 1, "recruits[0].fte"),
        new Row(RecruitShape, "a second recruit costing 0", () => PlatformCall.ValidateRecruits([Secretary, Officer with { YearlyCost = 0m }]), 1, "recruits[1].yearly_cost"),
        new Row(RecruitShape, "a recruit costing 0.01", () => PlatformCall.ValidateRecruits([Officer with { YearlyCost = 0.01m }]), 0),
        new Row(RecruitShape, "an other function without job title", () => PlatformCall.ValidateRecruits([new Recruit(RecruitFunction.Other, " ", 0.5m, 20_000m)]), 1, "recruits[0].job_title"),
        new Row(RecruitShape, "an other function with its job title", () => PlatformCall.ValidateRecruits([new Recruit(RecruitFunction.Other, "Documentaliste", 0.5m, 20_000m)]), 0),
        new Row(RecruitShape, "a job title of 200 characters", () => PlatformCall.ValidateRecruits([Officer with { JobTitle = new string('a', 200) }]), 0),
        new Row(RecruitShape, "a job title of 201 characters", () => PlatformCall.ValidateRecruits([Officer with { JobTitle = new string('a', 201) }]), 1, "recruits[0].job_title"),

        // The yearly indicators: the five mandatory ones, the proposed ones, at most 20 additional ones with a label and a value
        new Row(IndicatorRule, "the five mandatory indicators", () => PlatformCall.ValidateIndicators(MandatoryOnes()), 0),
        new Row(IndicatorRule, "with two proposed ones, one of them 0", () => PlatformCall.ValidateIndicators([.. MandatoryOnes(), new("patients_followed", null, 240, null), new("bamara_patients", null, 0, null)]), 0),
        new Row(IndicatorRule, "a negative count", () => PlatformCall.ValidateIndicators(MandatoryOnes().Select(v => v.Key == "public_events" ? v with { Count = -1 } : v).ToList()), 1, "indicators.public_events"),
        new Row(IndicatorRule, "a count for a text indicator", () => PlatformCall.ValidateIndicators(MandatoryOnes().Select(v => v.Key == "training_actions" ? v with { Count = 2 } : v).ToList()), 1, "indicators.training_actions"),
        new Row(IndicatorRule, "an unknown key", () => PlatformCall.ValidateIndicators([.. MandatoryOnes(), new("patients_served", null, 1, null)]), 1, "indicators.patients_served"),
        new Row(IndicatorRule, "an indicator given twice", () => PlatformCall.ValidateIndicators([.. MandatoryOnes(), new("public_events", null, 4, null)]), 1, MessageParts: ["deux fois"]),
        new Row(IndicatorRule, "an additional indicator with label and value", () => PlatformCall.ValidateIndicators([.. MandatoryOnes(), new("extra_tele", "Téléconsultations organisées", 57, null)]), 0),
        new Row(IndicatorRule, "an additional indicator without label", () => PlatformCall.ValidateIndicators([.. MandatoryOnes(), new("extra_tele", null, 57, null)]), 1, MessageParts: ["libellé requis"]),
        new Row(IndicatorRule, "an additional indicator without value", () => PlatformCall.ValidateIndicators([.. MandatoryOnes(), new("extra_tele", "Téléconsultations", null, " ")]), 1, MessageParts: ["valeur requise"]),
        new Row(IndicatorRule, "an additional key with nothing after extra_", () => PlatformCall.ValidateIndicators([.. MandatoryOnes(), new("extra_", "Sans clé", 1, null)]), 1),
        new Row(IndicatorRule, "20 additional indicators", () => PlatformCall.ValidateIndicators([.. MandatoryOnes(), .. Extras(20)]), 0),
        new Row(IndicatorRule, "21 additional indicators", () => PlatformCall.ValidateIndicators([.. MandatoryOnes(), .. Extras(21)]), 1, "indicators"),

        // The year-2 renewal: decided on the year-1 report; a refusal states its reasons
        new Row(Renewal, "renewed, report filed", () => PlatformCall.ValidateRenewal(true, null, yearOneReportFiled: true), 0),
        new Row(Renewal, "refused with reasons, report filed", () => PlatformCall.ValidateRenewal(false, "Activité insuffisante.", yearOneReportFiled: true), 0),
        new Row(Renewal, "refused without reasons", () => PlatformCall.ValidateRenewal(false, " ", yearOneReportFiled: true), 1, "reasons"),
        new Row(Renewal, "renewed before the year-1 report", () => PlatformCall.ValidateRenewal(true, null, yearOneReportFiled: false), 1, MessageParts: ["évaluation annuelle"]),
        new Row(Renewal, "no decision", () => PlatformCall.ValidateRenewal(null, null, yearOneReportFiled: true), 1, "renewed"));

    [Theory]
    [MemberData(nameof(Rows))]
    public void A_platform_call_rule_gives_its_verdict(Row row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var errors = row.Check();
        if (row.Errors is { } count) Assert.Equal(count, errors.Count);
        else Assert.NotEmpty(errors);
        if (row.Field is not null) Assert.Contains(errors, e => e.Field == row.Field);
        foreach (var part in row.MessageParts ?? [])
            Assert.Contains(errors, e => e.Message.Contains(part, StringComparison.Ordinal));
        if (row.EveryMessagePart is { } every) Assert.All(errors, e => Assert.Contains(every, e.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void Recruit_functions_have_stable_codes()
    {
        foreach (var f in Enum.GetValues<RecruitFunction>())
        {
            Assert.True(PlatformCall.TryParseFunction(f.Code(), out var back));
            Assert.Equal(f, back);
            Assert.False(string.IsNullOrWhiteSpace(f.Label()));
        }
        Assert.False(PlatformCall.TryParseFunction("secretary", out _));
    }

    [Theory]
    [InlineData("2021-06-15", "2021-12-15")]
    [InlineData("2021-08-31", "2022-02-28")] // no 31 February: the last day of the month
    [InlineData("2023-08-31", "2024-02-29")]
    public void The_checkpoint_is_due_six_months_after_the_delegation_of_credits(string delegated, string due)
    {
        Assert.Equal(DateOnly.Parse(due, System.Globalization.CultureInfo.InvariantCulture),
            PlatformCall.CheckpointDue(DateOnly.Parse(delegated, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void A_step_recorded_on_its_due_day_is_on_time_and_the_next_day_late()
    {
        var due = PlatformCall.CheckpointDue(new DateOnly(2021, 6, 15));
        Assert.False(PlatformCall.IsLate(due, due));
        Assert.False(PlatformCall.IsLate(due, due.AddDays(-30)));
        Assert.True(PlatformCall.IsLate(due, due.AddDays(1)));
    }

    [Fact]
    public void The_indicators_are_due_after_each_year_of_operation_of_the_two()
    {
        var delegated = new DateOnly(2021, 6, 15);
        Assert.Equal(new DateOnly(2022, 6, 15), PlatformCall.IndicatorsDue(delegated, 1));
        Assert.Equal(new DateOnly(2023, 6, 15), PlatformCall.IndicatorsDue(delegated, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => PlatformCall.IndicatorsDue(delegated, 3));
    }

    private static List<IndicatorValue> MandatoryOnes() =>
    [
        new("public_events", null, 3, null),
        new("training_actions", null, null, "Deux sessions ETP, une formation BaMaRa."),
        new("patient_satisfaction", null, null, "Enquête : 87 % satisfaits (112 réponses)."),
        new("centre_satisfaction", null, null, "Enquête : 14 centres sur 16 satisfaits."),
        new("contributions_difficulties", null, null, "Recrutements tardifs ; locaux partagés."),
    ];

    [Fact]
    public void The_five_mandatory_indicators_and_the_three_proposed_ones()
    {
        Assert.Equal(5, PlatformCall.Indicators.Count(i => i.Mandatory));
        Assert.Equal(["patients_followed", "research_projects", "bamara_patients"], PlatformCall.Indicators.Where(i => !i.Mandatory).Select(i => i.Key));
    }

    [Theory]
    [InlineData("public_events")]
    [InlineData("training_actions")]
    [InlineData("patient_satisfaction")]
    [InlineData("centre_satisfaction")]
    [InlineData("contributions_difficulties")]
    public void Each_mandatory_indicator_is_required(string key)
    {
        var errors = PlatformCall.ValidateIndicators(MandatoryOnes().Where(v => v.Key != key).ToList());
        var e = Assert.Single(errors);
        Assert.Equal("indicators." + key, e.Field);
        Assert.StartsWith("Indicateur obligatoire manquant", e.Message, StringComparison.Ordinal);
        // An empty text is as good as missing.
        Assert.NotEmpty(PlatformCall.ValidateIndicators(MandatoryOnes().Select(v => v.Key == key ? v with { Text = v.Text is null ? null : "  ", Count = null } : v).ToList()));
    }

    [Fact]
    public void The_decision_is_told_to_exactly_the_four_audiences_of_section_IX()
    {
        Assert.Equal([Recipient.EstablishmentDirectors, Recipient.FiliereCoordinator, Recipient.CentreHeads, Recipient.RegionalAgency],
            DecisionRecipients.For(ProcedureKind.PlatformProject));
    }

    [Fact]
    public void A_platform_project_goes_through_the_jury_before_the_decision()
    {
        Assert.Equal(DossierState.JuryReview, DossierStateMachine.Next(ProcedureKind.PlatformProject, DossierState.Submitted, DossierAction.ReferToJury).To);
        Assert.False(DossierStateMachine.Next(ProcedureKind.PlatformProject, DossierState.Submitted, DossierAction.Approve).Allowed);
        Assert.Equal(DossierState.Approved, DossierStateMachine.Next(ProcedureKind.PlatformProject, DossierState.AwaitingDecision, DossierAction.Approve).To);
    }
}
