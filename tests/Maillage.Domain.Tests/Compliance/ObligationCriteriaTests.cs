using Maillage.Domain.Compliance;
using Maillage.Domain.Referential;
using Maillage.Domain.Registry;
using Xunit;

namespace Maillage.Domain.Tests.Compliance;

/// <summary>
/// The two criteria of issue 12: <c>bndmr</c> (« le renseignement de la banque nationale de données maladies rares
/// (BNDMR), est obligatoire pour un centre de référence » ; « Tout comme un centre de référence, il a l'obligation de
/// renseigner la BNDMR » — Note d'information n° DGOS/DIR/DGRI/2018/218 du 19 septembre 2018, §1) and
/// <c>verified_active_patients</c> (« Est-ce que les données sur BaMaRa seront récupérées pour vérifier la file active des
/// centres de référence et compétence ? OUI » — DGOS, présentation maladies rares du 7 avril 2022, questions de la PEMR
/// Paris Nord), each at its boundaries, on a small referential built here (75 for a constitutive site, 25 for a CCMR,
/// floor 25, the prevalence-ratio exception for constitutive sites).
/// </summary>
public sealed class ObligationCriteriaTests
{
    private static readonly SourceRef Src = new(new SourceDocument("doc", "Document de test", "2018-09-19"), "§1", "citation");

    private static Referential.Referential Ref(bool obligations = true) => new(
        "test", "Test", 2023, 2028, 1, [Src.Document],
        [
            new ThresholdRule("THR-CONST-FA", SiteKind.CrmrConstitutive, ClinicalField.General, Criterion.ActivePatients, 75, "", Src),
            new ThresholdRule("THR-CONST-CSHDJ", SiteKind.CrmrConstitutive, ClinicalField.General, Criterion.CsHdj, 150, "", Src),
            new ThresholdRule("THR-CONST-RES", SiteKind.CrmrConstitutive, null, Criterion.Research, 1, "", Src),
            new ThresholdRule("THR-CCMR-FA", SiteKind.Ccmr, null, Criterion.ActivePatients, 25, "", Src),
        ],
        new FloorRule("FLOOR-25-FA", 25, "", Src),
        [new ExceptionRule("EXC", ExceptionCode.PrevalenceRatio, [SiteKind.CrmrConstitutive], [ClinicalField.General], [Criterion.CsHdj, Criterion.ActivePatients], "", Src)],
        new HeadStatusRule("HEAD-STATUS", [HeadStatus.PuPh], null, "", Src),
        [],
        [
            new NotApplicableRule("NA-CSHDJ", Criterion.CsHdj, "", Src), new NotApplicableRule("NA-RES", Criterion.Research, "", Src),
            new NotApplicableRule("NA-AGE", Criterion.HeadAge, "", Src), new NotApplicableRule("NA-STATUS", Criterion.HeadStatus, "", Src),
        ],
        new ReportingCalendar("CAL", new DayOfNextYear(3, 31), new DayOfNextYear(4, 1), new DayOfNextYear(6, 30), "", Src),
        [], [],
        obligations ? new ObligationRule("BNDMR-ENTRY", "", Src) : null,
        obligations ? new ObligationRule("VERIFIED-FA", "", Src) : null);

    private static SiteReport Constitutive(int? declared, int? measured, bool? bndmr = null, ExceptionCode? exception = null) =>
        new("S1", SiteKind.CrmrConstitutive, ClinicalField.General, 2024, declared, 100, 60, 1, HeadStatus.PuPh, null, null, exception, bndmr, measured);

    private static Finding? Verified(SiteReport r, Referential.Referential? referential = null) =>
        new VerifiedActivePatientsCriterion().Evaluate(r, referential ?? Ref(), new DateOnly(2024, 12, 31));

    [Fact]
    public void Measured_figure_missing_the_threshold_the_declared_one_meets_is_a_finding()
    {
        var f = Verified(Constitutive(declared: 80, measured: 74))!;
        Assert.Equal(FindingStatus.NotMet, f.Status);
        Assert.Equal("VERIFIED-FA", f.Rule);
        Assert.Equal(75, f.Expected!.Number);
        Assert.Equal(74, f.Actual!.Number);
        Assert.Contains("ne le confirme pas", f.Message, StringComparison.Ordinal);
        var evaluation = ComplianceEngine.Evaluate(Constitutive(80, 74, bndmr: true), Ref(), new DateOnly(2024, 12, 31));
        Assert.Equal(Verdict.NonCompliant, evaluation.Verdict);
        Assert.Equal(FindingStatus.Met, evaluation.Findings.Single(x => x.Criterion == Criterion.ActivePatients).Status);
    }

    [Theory]
    [InlineData(75, FindingStatus.Met)]    // on the threshold: inclusive
    [InlineData(74, FindingStatus.NotMet)] // one under
    [InlineData(500, FindingStatus.Met)]
    public void The_measured_figure_is_read_against_the_same_minimum(int measured, FindingStatus expected) =>
        Assert.Equal(expected, Verified(Constitutive(declared: 80, measured))!.Status);

    [Fact]
    public void Unknown_measured_figure_or_no_rule_gives_no_finding_and_leaves_the_verdict_alone()
    {
        Assert.Null(Verified(Constitutive(80, measured: null)));
        Assert.Null(Verified(Constitutive(80, measured: 10), Ref(obligations: false)));
        var evaluation = ComplianceEngine.Evaluate(Constitutive(80, null), Ref(), new DateOnly(2024, 12, 31));
        Assert.DoesNotContain(evaluation.Findings, f => f.Criterion is Criterion.VerifiedActivePatients or Criterion.Bndmr);
        Assert.Equal(6, evaluation.Findings.Count);
        Assert.Equal(Verdict.Compliant, evaluation.Verdict);
    }

    [Fact]
    public void An_accepted_exception_covers_the_measured_figure_above_the_floor_but_never_below_it()
    {
        Assert.Equal(FindingStatus.Exception, Verified(Constitutive(60, 30, exception: ExceptionCode.PrevalenceRatio))!.Status);
        Assert.Equal(FindingStatus.Exception, Verified(Constitutive(60, 25, exception: ExceptionCode.PrevalenceRatio))!.Status);
        var below = Verified(Constitutive(60, 24, exception: ExceptionCode.PrevalenceRatio))!;
        Assert.Equal(FindingStatus.NotMet, below.Status);
        Assert.Contains("plancher", below.Message, StringComparison.Ordinal);
        // A CCMR: its minimum is the floor itself.
        var ccmr = new SiteReport("C1", SiteKind.Ccmr, null, 2024, 30, null, null, null, HeadStatus.PuPh, null, null, null, null, 24);
        Assert.Equal(FindingStatus.NotMet, Verified(ccmr)!.Status);
        Assert.Equal(FindingStatus.Met, Verified(ccmr with { MeasuredActivePatients = 25 })!.Status);
    }

    [Theory]
    [InlineData(true, FindingStatus.Met)]
    [InlineData(false, FindingStatus.NotMet)]
    public void Bndmr_entry_is_a_criterion_when_known(bool entry, FindingStatus expected)
    {
        var f = new BndmrCriterion().Evaluate(Constitutive(80, null, bndmr: entry), Ref(), new DateOnly(2024, 12, 31))!;
        Assert.Equal(expected, f.Status);
        Assert.Equal(Criterion.Bndmr, f.Criterion);
        Assert.Equal("bndmr", f.Criterion.Code());
        var verdict = ComplianceEngine.Evaluate(Constitutive(80, null, bndmr: entry), Ref(), new DateOnly(2024, 12, 31)).Verdict;
        Assert.Equal(entry ? Verdict.Compliant : Verdict.NonCompliant, verdict);
    }

    [Fact]
    public void Unknown_bndmr_entry_gives_no_finding() =>
        Assert.Null(new BndmrCriterion().Evaluate(Constitutive(80, null, bndmr: null), Ref(), new DateOnly(2024, 12, 31)));

    [Fact]
    public void The_citation_is_the_public_title_date_and_section() =>
        Assert.Equal("Document de test (2018-09-19), §1", Src.Citation);
}
