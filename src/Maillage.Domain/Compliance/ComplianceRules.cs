using Maillage.Domain.Referential;
using Maillage.Domain.Registry;
using static System.FormattableString;

namespace Maillage.Domain.Compliance;

/// <summary>One compliance criterion: reads a site report against the campaign referential.</summary>
public interface IComplianceRule
{
    Criterion Criterion { get; }

    /// <summary>The criterion's finding; null when its input is unknown and the criterion is optional (no finding).</summary>
    Finding? Evaluate(SiteReport report, Referential.Referential referential, DateOnly asOf);
}

/// <summary>
/// Shared logic of the minimum thresholds (CS/HDJ, active patients, research): no row for the site's kind and field →
/// <c>not_applicable</c>; value not reported → <c>missing</c>; value ≥ minimum → <c>met</c>; below, with an accepted
/// exception that the referential allows for this kind, field and criterion → <c>exception</c>; otherwise <c>not_met</c>.
/// </summary>
public abstract class ThresholdCriterionBase : IComplianceRule
{
    public abstract Criterion Criterion { get; }

    protected abstract int? Actual(SiteReport report);

    protected abstract string What { get; }

    public Finding Evaluate(SiteReport report, Referential.Referential referential, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(referential);
        var actual = Actual(report);
        var rule = referential.FindThreshold(report.Kind, report.Field, Criterion);
        if (rule is null)
        {
            var na = referential.NotApplicableFor(Criterion);
            return new Finding(na.Id, Criterion, FindingStatus.NotApplicable, null, actual is { } a0 ? FindingValue.Of(a0) : null, na.Source,
                Invariant($"Sans objet : pas de seuil de {What} pour ce type de centre ({na.Reading})."));
        }
        var expected = FindingValue.Of(rule.Minimum);
        if (actual is not { } value)
        {
            return new Finding(rule.Id, Criterion, FindingStatus.Missing, expected, null, rule.Source,
                Invariant($"Donnée manquante : {What} non renseigné(e) (minimum {rule.Minimum})."));
        }
        if (value >= rule.Minimum)
        {
            return new Finding(rule.Id, Criterion, FindingStatus.Met, expected, FindingValue.Of(value), rule.Source,
                Invariant($"Atteint : {What} {value} pour un minimum de {rule.Minimum}."));
        }
        if (report.Exception is { } code && referential.FindException(code) is { } exception
            && exception.AppliesTo(report.Kind, report.Field, Criterion))
        {
            return new Finding(rule.Id, Criterion, FindingStatus.Exception, expected, FindingValue.Of(value), rule.Source,
                Invariant($"Sous le seuil ({What} {value} < {rule.Minimum}) mais couvert par l'exception acceptée {exception.Id} ({code.Code()})."));
        }
        var why = report.Exception is { } claimed
            ? Invariant($" L'exception {claimed.Code()} ne s'applique pas à ce critère pour ce type de centre.")
            : "";
        return new Finding(rule.Id, Criterion, FindingStatus.NotMet, expected, FindingValue.Of(value), rule.Source,
            Invariant($"Non atteint : {What} {value} pour un minimum de {rule.Minimum}.{why}"));
    }
}

/// <summary>CS/HDJ: consultations + day-hospital stays against the minimum of the site's kind, role and field.</summary>
public sealed class CsHdjCriterion : ThresholdCriterionBase
{
    public override Criterion Criterion => Criterion.CsHdj;

    protected override string What => "consultations et/ou hospitalisations de jour";

    protected override int? Actual(SiteReport report) => report.CsHdj;
}

/// <summary>Active patients (file active) against the minimum of the site's kind, role and field.</summary>
public sealed class ActivePatientsCriterion : ThresholdCriterionBase
{
    public override Criterion Criterion => Criterion.ActivePatients;

    protected override string What => "file active";

    protected override int? Actual(SiteReport report) => report.ActivePatients;
}

/// <summary>Funded research projects as principal investigator over the last 5 years (reference sites only).</summary>
public sealed class ResearchCriterion : ThresholdCriterionBase
{
    public override Criterion Criterion => Criterion.Research;

    protected override string What => "projets de recherche financés en investigateur principal sur 5 ans";

    protected override int? Actual(SiteReport report) => report.FundedPiProjects5y;
}

/// <summary>The absolute floor of active patients, for every kind; never lifted by an exception.</summary>
public sealed class Floor25Criterion : IComplianceRule
{
    public Criterion Criterion => Criterion.Floor25;

    public Finding Evaluate(SiteReport report, Referential.Referential referential, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(referential);
        var floor = referential.Floor;
        var expected = FindingValue.Of(floor.Minimum);
        if (report.ActivePatients is not { } value)
            return new Finding(floor.Id, Criterion, FindingStatus.Missing, expected, null, floor.Source,
                Invariant($"Donnée manquante : file active non renseignée (plancher {floor.Minimum})."));
        if (value >= floor.Minimum)
            return new Finding(floor.Id, Criterion, FindingStatus.Met, expected, FindingValue.Of(value), floor.Source,
                Invariant($"Plancher atteint : file active {value} pour un plancher de {floor.Minimum}."));
        var note = report.Exception is { } code ? Invariant($" L'exception {code.Code()} ne lève pas ce plancher.") : "";
        return new Finding(floor.Id, Criterion, FindingStatus.NotMet, expected, FindingValue.Of(value), floor.Source,
            Invariant($"Sous le plancher : file active {value} < {floor.Minimum} ; aucune labellisation possible, même pour une maladie extrêmement rare (regroupement à envisager).{note}"));
    }
}

/// <summary>The head's status: PU-PH, MCU-PH, full-time PH or consultant professor (every kind of centre).</summary>
public sealed class HeadStatusCriterion : IComplianceRule
{
    public Criterion Criterion => Criterion.HeadStatus;

    public Finding Evaluate(SiteReport report, Referential.Referential referential, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(referential);
        var rule = referential.HeadStatus;
        if (!rule.AppliesToKind(report.Kind))
        {
            var na = referential.NotApplicableFor(Criterion);
            return new Finding(na.Id, Criterion, FindingStatus.NotApplicable, null, report.HeadStatus is { } s0 ? FindingValue.Of(s0.Code()) : null, na.Source,
                $"Sans objet : ce référentiel ne fixe pas le statut du responsable pour ce type de centre ({na.Reading}).");
        }
        var expected = FindingValue.Of(string.Join('|', rule.Eligible.Select(s => s.Code())));
        if (report.HeadStatus is not { } status)
            return new Finding(rule.Id, Criterion, FindingStatus.Missing, expected, null, rule.Source,
                "Donnée manquante : statut du responsable non renseigné.");
        var actual = FindingValue.Of(status.Code());
        return rule.Eligible.Contains(status)
            ? new Finding(rule.Id, Criterion, FindingStatus.Met, expected, actual, rule.Source,
                $"Statut éligible : {status.Label()}.")
            : new Finding(rule.Id, Criterion, FindingStatus.NotMet, expected, actual, rule.Source,
                $"Statut non éligible : {status.Label()} (attendu : PU-PH, MCU-PH, PH temps plein ou professeur consultant).");
    }
}

/// <summary>
/// Age conditions on a consultant professor heading a centre, computed at the as-of date from the birth date in
/// completed years (a person is N on the N-th birthday). A rule "may not head" that applies decides
/// <c>not_met</c>; a rule "keep a clinical activity" that applies needs <c>head_clinical_activity = true</c>. Heads of
/// any other status: <c>not_applicable</c>.
/// </summary>
public sealed class HeadAgeCriterion : IComplianceRule
{
    public Criterion Criterion => Criterion.HeadAge;

    /// <summary>Age in completed years at <paramref name="asOf"/>; one born on 29 February turns a year older on 1 March in common years.</summary>
    public static int AgeAt(DateOnly birthDate, DateOnly asOf)
    {
        var age = asOf.Year - birthDate.Year;
        if (asOf.Month < birthDate.Month || (asOf.Month == birthDate.Month && asOf.Day < birthDate.Day)) age--;
        return age;
    }

    public Finding Evaluate(SiteReport report, Referential.Referential referential, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(referential);
        var rules = referential.HeadAge.Where(r => r.AppliesToKind(report.Kind)).ToList();
        // The rule quoted when nothing else decides: the lowest age condition that concerns this kind of site.
        var first = rules.OrderBy(r => r.FromAge).FirstOrDefault();
        if (first is null)
        {
            var na = referential.NotApplicableFor(Criterion);
            return new Finding(na.Id, Criterion, FindingStatus.NotApplicable, null, null, na.Source,
                $"Sans objet : ce référentiel ne fixe pas de condition d'âge pour ce type de centre ({na.Reading}).");
        }
        if (report.HeadStatus is not { } status)
        {
            var r0 = first;
            return new Finding(r0.Id, Criterion, FindingStatus.Missing, FindingValue.Of(ExpectedText(rules)), null, r0.Source,
                "Donnée manquante : statut du responsable non renseigné, conditions d'âge non vérifiables.");
        }
        if (status != HeadStatus.ConsultantProfessor)
        {
            var na = referential.NotApplicableFor(Criterion);
            return new Finding(na.Id, Criterion, FindingStatus.NotApplicable, null, null, na.Source,
                $"Sans objet : les conditions d'âge ne visent que les professeurs consultants ({status.Label()}).");
        }
        var expected = FindingValue.Of(ExpectedText(rules));
        if (report.HeadBirthDate is not { } birth)
            return new Finding(first.Id, Criterion, FindingStatus.Missing, expected, null, first.Source,
                "Donnée manquante : date de naissance du responsable (professeur consultant) non renseignée.");
        var age = AgeAt(birth, asOf);
        foreach (var rule in rules.Where(r => r.Requirement == HeadAgeRequirement.MayNotHead && age >= r.FromAge).OrderByDescending(r => r.FromAge))
        {
            return new Finding(rule.Id, Criterion, FindingStatus.NotMet, expected, FindingValue.Of(Invariant($"{age} ans")), rule.Source,
                Invariant($"Professeur consultant de {age} ans au {asOf:yyyy-MM-dd} : à partir de {rule.FromAge} ans, il ne peut plus être responsable de ce site ({report.Kind.Code()})."));
        }
        var clinical = rules.Where(r => r.Requirement == HeadAgeRequirement.KeepClinicalActivity && age >= r.FromAge).OrderByDescending(r => r.FromAge).FirstOrDefault();
        if (clinical is null)
            return new Finding(first.Id, Criterion, FindingStatus.Met, expected, FindingValue.Of(Invariant($"{age} ans")), first.Source,
                Invariant($"Professeur consultant de {age} ans au {asOf:yyyy-MM-dd} : aucune condition d'âge ne s'applique encore."));
        var activity = report.HeadClinicalActivity;
        var actual = FindingValue.Of(Invariant($"{age} ans, activité clinique : {(activity is null ? "non renseignée" : activity.Value ? "oui" : "non")}"));
        return activity switch
        {
            null => new Finding(clinical.Id, Criterion, FindingStatus.Missing, expected, actual, clinical.Source,
                Invariant($"Donnée manquante : professeur consultant de {age} ans, activité clinique non renseignée (exigée à partir de {clinical.FromAge} ans).")),
            true => new Finding(clinical.Id, Criterion, FindingStatus.Met, expected, actual, clinical.Source,
                Invariant($"Professeur consultant de {age} ans ayant conservé une activité clinique (exigée à partir de {clinical.FromAge} ans).")),
            false => new Finding(clinical.Id, Criterion, FindingStatus.NotMet, expected, actual, clinical.Source,
                Invariant($"Professeur consultant de {age} ans sans activité clinique : à partir de {clinical.FromAge} ans, il doit conserver une activité clinique au sein du centre.")),
        };
    }

    private static string ExpectedText(IEnumerable<HeadAgeRule> rules) =>
        string.Join(" ; ", rules.OrderBy(r => r.FromAge).Select(r => r.Requirement == HeadAgeRequirement.KeepClinicalActivity
            ? Invariant($"activité clinique à partir de {r.FromAge} ans")
            : Invariant($"moins de {r.FromAge} ans")));
}

/// <summary>
/// Entry in the national rare-disease data bank (BNDMR, through BaMaRa), an obligation of every reference site, competence
/// centre and CRC: « Le recueil épidémiologique régulier, notamment par le renseignement de la banque nationale de données
/// maladies rares (BNDMR), est obligatoire pour un centre de référence » and « Tout comme un centre de référence, il a
/// l'obligation de renseigner la BNDMR » (Note d'information n° DGOS/DIR/DGRI/2018/218 du 19 septembre 2018, §1, mission
/// d'expertise; centres de compétence et CRC). <c>true</c> → <c>met</c>, <c>false</c> → <c>not_met</c>, unknown → no
/// finding; no finding either when the campaign's referential has no <c>bndmr</c> rule.
/// </summary>
public sealed class BndmrCriterion : IComplianceRule
{
    public Criterion Criterion => Criterion.Bndmr;

    public Finding? Evaluate(SiteReport report, Referential.Referential referential, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(referential);
        if (referential.Bndmr is not { } rule || report.BndmrEntry is not { } entry) return null;
        var expected = FindingValue.Of("true");
        return entry
            ? new Finding(rule.Id, Criterion, FindingStatus.Met, expected, FindingValue.Of("true"), rule.Source,
                "Atteint : le site renseigne la BNDMR (BaMaRa).")
            : new Finding(rule.Id, Criterion, FindingStatus.NotMet, expected, FindingValue.Of("false"), rule.Source,
                "Non atteint : le site ne renseigne pas la BNDMR (BaMaRa), saisie obligatoire pour tout centre de référence, de compétence ou CRC.");
    }
}

/// <summary>
/// The declared file active verified by the measured one: « Est-ce que les données sur BaMaRa seront récupérées pour
/// vérifier la file active des centres de référence et compétence ? OUI » (DGOS, présentation du 7 avril 2022,
/// « Questions concernant la relabellisation en mai 2022 (PEMR Paris Nord) »). The measured figure is read against the
/// same minimum as the declared one (the site's <c>active_patients</c> threshold, with the same accepted exception) and
/// against the floor of 25, which no exception lifts: measured ≥ both → <c>met</c>; below the threshold but covered by
/// the accepted exception (and ≥ the floor) → <c>exception</c>; otherwise → <c>not_met</c> — in particular when the
/// declared figure meets the threshold and the measured one misses it. Measured figure unknown → no finding.
/// </summary>
public sealed class VerifiedActivePatientsCriterion : IComplianceRule
{
    public Criterion Criterion => Criterion.VerifiedActivePatients;

    public Finding? Evaluate(SiteReport report, Referential.Referential referential, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(referential);
        if (referential.VerifiedActivePatients is not { } rule || report.MeasuredActivePatients is not { } measured) return null;
        var threshold = referential.FindThreshold(report.Kind, report.Field, Criterion.ActivePatients);
        var minimum = Math.Max(threshold?.Minimum ?? 0, referential.Floor.Minimum);
        var expected = FindingValue.Of(minimum);
        var actual = FindingValue.Of(measured);
        var declared = report.ActivePatients is { } d ? Invariant($"déclarée {d}") : "déclarée non renseignée";
        if (measured >= minimum)
            return new Finding(rule.Id, Criterion, FindingStatus.Met, expected, actual, rule.Source,
                Invariant($"Vérifiée : file active mesurée {measured} pour un minimum de {minimum} ({declared})."));
        if (measured >= referential.Floor.Minimum && threshold is not null && report.Exception is { } code
            && referential.FindException(code) is { } exception && exception.AppliesTo(report.Kind, report.Field, Criterion.ActivePatients))
            return new Finding(rule.Id, Criterion, FindingStatus.Exception, expected, actual, rule.Source,
                Invariant($"File active mesurée {measured} sous le seuil de {threshold.Minimum}, couverte par l'exception acceptée {exception.Id} ({code.Code()}) ; {declared}."));
        var contradiction = report.ActivePatients is { } dp && dp >= minimum
            ? Invariant($" La file active déclarée ({dp}) atteint le minimum, la file active mesurée ne le confirme pas.")
            : "";
        var floorNote = measured < referential.Floor.Minimum ? Invariant($" Sous le plancher de {referential.Floor.Minimum}, qu'aucune exception ne lève.") : "";
        return new Finding(rule.Id, Criterion, FindingStatus.NotMet, expected, actual, rule.Source,
            Invariant($"Non vérifiée : file active mesurée {measured} pour un minimum de {minimum} ({declared}).{contradiction}{floorNote}"));
    }
}
