using Maillage.Domain.Registry;
namespace Maillage.Domain.Referential;

/// <summary>
/// A source document cited by the referential's rules: a public text by its title and its publication date
/// (<see cref="Date"/>, as the text gives it: <c>2018-09-19</c>, <c>2022-04</c>, <c>2024</c>). It is a citation, never a
/// path: nothing opens a file from it.
/// </summary>
public sealed record SourceDocument(string Id, string Title, string Date);

/// <summary>Where a rule comes from: the document, the section or page, and the exact quote it is read from.</summary>
public sealed record SourceRef(SourceDocument Document, string Section, string Quote)
{
    /// <summary>One-line citation used in findings: "title (date), section".</summary>
    public string Citation => $"{Document.Title} ({Document.Date}), {Section}";
}

/// <summary>
/// A minimum for one criterion (CS/HDJ, active patients or research) of a kind of site, for one clinical field or,
/// when <see cref="Field"/> is null, for every field. A value meets it when <c>value &gt;= Minimum</c> (every minimum
/// of the sources reads "au minimum", "au moins" or "minimale ... est de": inclusive).
/// </summary>
public sealed record ThresholdRule(string Id, SiteKind Kind, ClinicalField? Field, Criterion Criterion, int Minimum, string Reading, SourceRef Source);

/// <summary>The absolute floor of active patients, for every kind; no exception lifts it.</summary>
public sealed record FloorRule(string Id, int Minimum, string Reading, SourceRef Source);

/// <summary>
/// A justified exception: lets a site of <see cref="Kinds"/> (and, when <see cref="Fields"/> is not null, of those
/// fields) fall below the minima of <see cref="Criteria"/> (only <c>cs_hdj</c> and <c>active_patients</c> are allowed).
/// </summary>
public sealed record ExceptionRule(
    string Id, ExceptionCode Code, IReadOnlyList<SiteKind> Kinds, IReadOnlyList<ClinicalField>? Fields,
    IReadOnlyList<Criterion> Criteria, string Reading, SourceRef Source)
{
    public bool AppliesTo(SiteKind kind, ClinicalField? field, Criterion criterion) =>
        Kinds.Contains(kind) && Criteria.Contains(criterion) && (Fields is null || (field is { } f && Fields.Contains(f)));
}

/// <summary>The statuses a centre's head may hold, for sites of <see cref="Kinds"/> (null = every kind).</summary>
public sealed record HeadStatusRule(string Id, IReadOnlyList<HeadStatus> Eligible, IReadOnlyList<SiteKind>? Kinds, string Reading, SourceRef Source)
{
    public bool AppliesToKind(SiteKind kind) => Kinds is null || Kinds.Contains(kind);
}

/// <summary>What an age condition on consultant professors requires once it applies.</summary>
public enum HeadAgeRequirement
{
    /// <summary>The head must keep a clinical activity in the centre.</summary>
    KeepClinicalActivity,

    /// <summary>The head may not (or no longer) head the site.</summary>
    MayNotHead,
}

/// <summary>
/// An age condition on a head holding <see cref="HeadStatus.ConsultantProfessor"/>: it applies from the day the
/// head has completed <see cref="FromAge"/> years (the <see cref="FromAge"/>-th birthday, inclusive), to sites of
/// <see cref="Kinds"/> (null = every kind).
/// </summary>
public sealed record HeadAgeRule(string Id, int FromAge, IReadOnlyList<SiteKind>? Kinds, HeadAgeRequirement Requirement, string Reading, SourceRef Source)
{
    public bool AppliesToKind(SiteKind kind) => Kinds is null || Kinds.Contains(kind);
}

/// <summary>Why a criterion does not apply to a site (no minimum for its kind, age rules only for consultant professors).</summary>
public sealed record NotApplicableRule(string Id, Criterion Criterion, string Reading, SourceRef Source);

/// <summary>A day of the year after the data's year N (month and day; the date falls in N+1).</summary>
public sealed record DayOfNextYear(int Month, int Day)
{
    public DateOnly In(int dataYear) => new(dataYear + 1, Month, Day);
}

/// <summary>
/// The yearly calendar of a campaign, two different things the 2022 relabelling answers keep apart (DGOS, présentation
/// du 7 avril 2022, « Questions concernant la relabellisation en mai 2022 (PEMR Paris Nord) »: « possibilité de saisir
/// les données patients de 2021 jusqu'à la fin du 1er semestre 2022 (avant la campagne PIRAMIG) 31 mars 2022 »):
/// <list type="bullet">
/// <item><see cref="DataEntryCutoff"/>: the last day to enter year N's patient data in BaMaRa (31 March of N+1 by
/// default); it closes nothing in Maillage, it says when the measured activity of N is complete;</item>
/// <item>the reporting window (<see cref="WindowOpens"/> to <see cref="WindowCloses"/>, inclusive): the PIRAMIG
/// campaign of the annual report on year N. A report submitted after the window closes is <b>accepted with a
/// warning</b>: the ministry decides what to do with a late report.</item>
/// </list>
/// </summary>
public sealed record ReportingCalendar(
    string Id, DayOfNextYear DataEntryCutoff, DayOfNextYear WindowOpens, DayOfNextYear WindowCloses, string Reading, SourceRef Source)
{
    /// <summary>The last day of BaMaRa data entry for year <paramref name="year"/>'s data (inclusive).</summary>
    public DateOnly DataEntryCutoffOf(int year) => DataEntryCutoff.In(year);

    /// <summary>The first day of the reporting window on year <paramref name="year"/>.</summary>
    public DateOnly WindowOpensOf(int year) => WindowOpens.In(year);

    /// <summary>The last day of the reporting window on year <paramref name="year"/> (inclusive): the report's deadline.</summary>
    public DateOnly Deadline(int year) => WindowCloses.In(year);

    /// <summary>True when a submission on <paramref name="date"/> is late (after the window's last day).</summary>
    public bool IsLate(int year, DateOnly date) => date > Deadline(year);

    /// <summary>True while year <paramref name="year"/>'s data may still be entered in BaMaRa (cutoff day included).</summary>
    public bool IsDataEntryOpen(int year, DateOnly date) => date <= DataEntryCutoffOf(year);
}

/// <summary>
/// An obligation checked as a criterion when its input is known (<c>bndmr</c>: entry in the BNDMR;
/// <c>verified_active_patients</c>: the declared file active verified by the measured one). Empty input = unknown = no
/// finding.
/// </summary>
public sealed record ObligationRule(string Id, string Reading, SourceRef Source);

/// <summary>Which activity contexts (activity-extract <c>activity_context</c> values) count for an indicator.</summary>
public sealed record IndicatorContexts(string Indicator, string Counting, IReadOnlyList<string> Contexts);

/// <summary>How an indicator of the MIG variable part turns values into money.</summary>
public enum MigScoring
{
    /// <summary>In proportion to the centre's share of the total of all centres.</summary>
    Share,

    /// <summary>Quartile points (1 to 4 by default; 0 for a value of 0), the indicator's envelope shared in proportion to points.</summary>
    Quartiles,

    /// <summary>1 point for a value above 0, 0 otherwise, the indicator's envelope shared in proportion to points.</summary>
    Presence,
}

/// <summary>One indicator of the MIG variable part (PIRAMIG 2024 weights).</summary>
public sealed record MigIndicator(
    string Id, string Block, decimal BlockWeightPct, string Label, IReadOnlyList<string> Inputs, decimal WeightPct,
    MigScoring Scoring, IReadOnlyList<int> QuartilePoints, string PiramigQuestions, string Reading, SourceRef Source);

/// <summary>A labelling campaign's rules as data (see <c>referentials/*.yaml</c>).</summary>
public sealed record Referential(
    string CampaignId,
    string Label,
    int FirstYear,
    int LastYear,
    int Version,
    IReadOnlyList<SourceDocument> Documents,
    IReadOnlyList<ThresholdRule> Thresholds,
    FloorRule Floor,
    IReadOnlyList<ExceptionRule> Exceptions,
    HeadStatusRule HeadStatus,
    IReadOnlyList<HeadAgeRule> HeadAge,
    IReadOnlyList<NotApplicableRule> NotApplicable,
    ReportingCalendar Reporting,
    IReadOnlyList<IndicatorContexts> Indicators,
    IReadOnlyList<MigIndicator> Mig,
    ObligationRule? Bndmr = null,
    ObligationRule? VerifiedActivePatients = null)
{
    /// <summary>
    /// The minimum of <paramref name="criterion"/> for a site: the row for its exact field first, else the row for
    /// every field (<see cref="ThresholdRule.Field"/> null); null when the criterion has no minimum for that kind.
    /// </summary>
    public ThresholdRule? FindThreshold(SiteKind kind, ClinicalField? field, Criterion criterion) =>
        Thresholds.FirstOrDefault(t => t.Kind == kind && t.Criterion == criterion && field is { } f && t.Field == f)
        ?? Thresholds.FirstOrDefault(t => t.Kind == kind && t.Criterion == criterion && t.Field is null);

    /// <summary>The exception rule for <paramref name="code"/>, if the campaign defines it.</summary>
    public ExceptionRule? FindException(ExceptionCode code) => Exceptions.FirstOrDefault(e => e.Code == code);

    /// <summary>The rule explaining why <paramref name="criterion"/> does not apply.</summary>
    public NotApplicableRule NotApplicableFor(Criterion criterion) =>
        NotApplicable.FirstOrDefault(n => n.Criterion == criterion)
        ?? throw new InvalidOperationException($"Le référentiel {CampaignId} ne dit pas pourquoi le critère {criterion.Code()} peut ne pas s'appliquer.");
}
