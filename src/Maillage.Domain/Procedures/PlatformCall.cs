using System.Globalization;
using Maillage.Domain.Registry;

namespace Maillage.Domain.Procedures;

/// <summary>What a recruit paid by the platform's budget does (note DGOS/MMR/2020/221 du 7 décembre 2020, §III.B.5 and §VII « Modélisation »).</summary>
public enum RecruitFunction
{
    /// <summary>Secretariat / communication time ("temps de secrétariat/communication").</summary>
    SecretariatCommunication,
    /// <summary>A project officer for care, research, support and training actions ("chargé(e) de missions").</summary>
    ProjectOfficer,
    /// <summary>Social worker time ("temps d'assistante sociale", §VII).</summary>
    SocialWorker,
    /// <summary>Clinical research technician ("temps TEC", §VII; "TEC, ARC" for BaMaRa, §III.B.3).</summary>
    ClinicalResearchTechnician,
    /// <summary>Psychologist (pooled time, §III.B.3).</summary>
    Psychologist,
    /// <summary>Genetic counsellor (pooled time, §III.B.3).</summary>
    GeneticCounsellor,
    /// <summary>Any other function ("ou autre", §VII).</summary>
    Other,
}

/// <summary>One recruit of the platform's provisional budget: function, job title, full-time equivalent and yearly cost.</summary>
public sealed record Recruit(RecruitFunction Function, string? JobTitle, decimal Fte, decimal YearlyCost);

/// <summary>A centre proposed in the platform's scope, as the rules need it.</summary>
public sealed record ScopeCentre(string Id, string Label, CentreKind Kind);

/// <summary>What the required items of a platform project depend on (read from the registry).</summary>
public sealed record PlatformProjectContext(
    /// <summary>The host establishment (ET) whose director carries and signs the project.</summary>
    Participant Host,
    /// <summary>The other participating establishments whose director gives an opinion (another legal entity than the host's).</summary>
    IReadOnlyList<Participant> OtherEstablishments,
    /// <summary>The CRMR sites, CCMR and CRC in the platform's scope (their heads give an opinion).</summary>
    IReadOnlyList<Participant> Centres,
    /// <summary>The patient associations linked to the centres in scope (or their networks).</summary>
    IReadOnlyList<Participant> Associations);

/// <summary>One indicator of the yearly activity report: a count or a text, mandatory or proposed.</summary>
public sealed record IndicatorSpec(string Key, string Label, bool IsCount, bool Mandatory, string Source);

/// <summary>A value reported for an indicator: a known key, or an additional indicator the platform chose (its own label).</summary>
public sealed record IndicatorValue(string Key, string? Label, int? Count, string? Text);

/// <summary>
/// The expertise-platform (PEMR) call for projects, as the note d'information n° DGOS/MMR/2020/221 du 7 décembre 2020 sets it: eligibility, the letter of
/// intent and its six sections, the items of the dossier, the budget's recruits, and the follow-up after the decision (the
/// 6-month checkpoint, the yearly indicators, the year-2 renewal). Every rule cites its paragraph.
/// </summary>
public static class PlatformCall
{
    public const string Note = "Note d'information n° DGOS/MMR/2020/221 du 7 décembre 2020";
    public const string ThresholdSource = Note + ", §III.A « CRMR, CRC » et §VII « Modélisation »";
    public const string LetterSource = Note + ", §III.B « Description du projet par une lettre d'intention »";
    public const string BudgetSource = Note + ", §III.B.5 « Décrire l'affectation des financements »";
    public const string SubmissionSource = Note + ", §IV « Soumission de la candidature »";
    public const string AnnexSource = Note + ", annexe « Organisation de la plateforme d'expertise maladies rares et cartographie du réseau »";
    public const string FollowUpSource = Note + ", §IX « Désignation des projets retenus et évaluation »";
    public const string IndicatorSource = Note + ", §VI.2 « Mise en place d'indicateurs d'activité »";

    /// <summary>"Un seuil de 6 centres de référence (CRMR, CRC) est requis pour la plateforme candidate" (§III.A).</summary>
    public const int MinimumReferenceCentres = 6;

    /// <summary>"Une lettre d'intention en 10 pages (recto) maximum" (§III.B).</summary>
    public const int LetterOfIntentMaxPages = 10;

    /// <summary>"Le recrutement d'au minimum deux personnes" (§III.B.5).</summary>
    public const int MinimumRecruits = 2;

    /// <summary>"Un point d'étape à la DGOS sera fait à 6 mois de la délégation de crédits" (§IX).</summary>
    public const int CheckpointMonths = 6;

    /// <summary>Indicators "qui donneront lieu à communication à la DGOS au bout d'un an de fonctionnement" (§VI.2).</summary>
    public const int IndicatorMonths = 12;

    public const int MaxAdditionalIndicators = 20;
    public const int MaxIndicatorText = 4000;

    // ---------------------------------------------------------------- eligibility

    /// <summary>
    /// Does a centre count towards the threshold? "Centres de référence (CRMR, CRC)": a reference site of a CRMR network
    /// (coordinating or constitutive: each is "un centre de référence") and a CRC count; a competence centre (CCMR) does not.
    /// </summary>
    public static bool CountsTowardsThreshold(CentreKind kind) => kind is CentreKind.ReferenceSite or CentreKind.ResourceCentre;

    public static int ReferenceCentreCount(IEnumerable<ScopeCentre> centres)
    {
        ArgumentNullException.ThrowIfNull(centres);
        return centres.DistinctBy(c => c.Id).Count(c => CountsTowardsThreshold(c.Kind));
    }

    /// <summary>The eligibility of a project: at least 6 CRMR sites and CRC in its scope.</summary>
    public static EligibilityResult Eligibility(IReadOnlyCollection<ScopeCentre> centres)
    {
        ArgumentNullException.ThrowIfNull(centres);
        var count = ReferenceCentreCount(centres);
        var competence = centres.DistinctBy(c => c.Id).Count(c => c.Kind == CentreKind.CompetenceCentre);
        var detail = $"{French.Count(count, "centre", "centres")} de référence (sites de CRMR coordonnateurs ou constitutifs, CRC) dans le périmètre"
            + (competence > 0 ? $", {French.Count(competence, "centre", "centres")} de compétence (non {French.Agree(competence, "compté", "comptés")})" : "");
        var ok = count >= MinimumReferenceCentres;
        return new EligibilityResult([
            new EligibilityCheck("pemr_reference_centre_threshold", ok,
                ok ? $"{detail} : le seuil de {MinimumReferenceCentres} est atteint."
                   : $"{detail} : un seuil de {MinimumReferenceCentres} centres de référence (CRMR, CRC) est requis pour la plateforme candidate.",
                ThresholdSource),
        ]);
    }

    // ---------------------------------------------------------------- the letter of intent and the items

    /// <summary>The six sections of the letter of intent (§III.B 1–6), typed in the dossier, plus two encouraged, optional ones.</summary>
    public static IReadOnlyList<SectionSpec> Sections { get; } =
    [
        new("letter_centres", "1. Les CRMR, CCMR et CRC dans le périmètre de la plateforme", true, 8000, LetterSource + " 1"),
        new("letter_governance", "2. Le comité de pilotage et scientifique et sa composition ; organisation et cartographie (annexe 1) ; projets de recherche envisagés", true, 8000, LetterSource + " 2"),
        new("letter_scope", "3. Le champ d'application de la plateforme et son projet", true, 8000, LetterSource + " 3"),
        new("letter_premises", "4. La mise à disposition de locaux", true, 8000, LetterSource + " 4"),
        new("letter_budget", "5. L'affectation des financements : budget prévisionnel pour le recrutement d'au minimum deux personnes", true, 8000, BudgetSource),
        new("letter_sustainability", "6. Le plan de pérennisation après les deux premières années d'amorçage", true, 8000, LetterSource + " 6"),
        new("telemedicine", "Maillage territorial via la télémédecine (encouragé)", false, 8000, Note + ", §III.A « Télémédecine »"),
        new("training_projects", "Projets de formation et d'information sur les deux ans de démarrage (crédits complémentaires)", false, 8000, Note + ", §VII"),
    ];

    /// <summary>
    /// The items of a platform project: the host's documents (letter of intent of at most 10 pages, annex 1, job descriptions,
    /// the application signed by the director), then the opinions of the centres, of the associations and of the other
    /// participating establishments' directors (§IV: "signés par le directeur d'établissement porteur du projet avec les
    /// avis des centres maladies rares, des associations de patients, ainsi que ceux des autres directeurs d'établissement
    /// participant à la plateforme le cas échéant").
    /// </summary>
    public static IReadOnlyList<RequiredItem> Items(PlatformProjectContext c)
    {
        ArgumentNullException.ThrowIfNull(c);
        var items = new List<RequiredItem>
        {
            new("letter_of_intent", 1, $"Lettre d'intention décrivant l'engagement de l'établissement d'accueil ({LetterOfIntentMaxPages} pages recto au maximum)",
                ItemType.Document, Party.EstablishmentDirection, c.Host.Id, c.Host.Label, true, LetterSource, LetterOfIntentMaxPages),
            new("stakeholders_annex", 2, "Annexe 1 : organisation de la plateforme et cartographie du réseau sur le site avec les parties prenantes",
                ItemType.Document, Party.EstablishmentDirection, c.Host.Id, c.Host.Label, true, AnnexSource),
            new("job_descriptions", 3, "Fiches de poste des personnes à recruter",
                ItemType.Document, Party.EstablishmentDirection, c.Host.Id, c.Host.Label, true, BudgetSource),
            new("signed_application", 4, "Dossier de candidature signé par le directeur de l'établissement porteur",
                ItemType.Document, Party.EstablishmentDirection, c.Host.Id, c.Host.Label, true, SubmissionSource),
        };
        items.AddRange(c.Centres.Select(x => new RequiredItem("centre_opinion", 5, "Avis du centre maladies rares (son responsable)",
            ItemType.Opinion, Party.CentreHead, x.Id, x.Label, true, SubmissionSource)));
        items.AddRange(c.Associations.Select(a => new RequiredItem("association_opinion", 6, "Avis de l'association de patients",
            ItemType.Opinion, Party.Association, a.Id, a.Label, true, SubmissionSource)));
        items.AddRange(c.OtherEstablishments.Select(e => new RequiredItem("director_opinion", 7, "Avis du directeur de l'établissement participant à la plateforme",
            ItemType.Opinion, Party.EstablishmentDirection, e.Id, e.Label, true, SubmissionSource)));
        return items;
    }

    // ---------------------------------------------------------------- the budget's recruits

    public static string Code(this RecruitFunction f) => f switch
    {
        RecruitFunction.SecretariatCommunication => "secretariat_communication",
        RecruitFunction.ProjectOfficer => "project_officer",
        RecruitFunction.SocialWorker => "social_worker",
        RecruitFunction.ClinicalResearchTechnician => "clinical_research_technician",
        RecruitFunction.Psychologist => "psychologist",
        RecruitFunction.GeneticCounsellor => "genetic_counsellor",
        RecruitFunction.Other => "other",
    };

    public static string Label(this RecruitFunction f) => f switch
    {
        RecruitFunction.SecretariatCommunication => "Secrétariat / communication",
        RecruitFunction.ProjectOfficer => "Chargé(e) de missions (soins, recherche, soutien, formation)",
        RecruitFunction.SocialWorker => "Assistant(e) social(e)",
        RecruitFunction.ClinicalResearchTechnician => "Technicien(ne) d'études cliniques (TEC) / ARC",
        RecruitFunction.Psychologist => "Psychologue",
        RecruitFunction.GeneticCounsellor => "Conseiller(ère) en génétique",
        RecruitFunction.Other => "Autre fonction",
    };

    public static bool TryParseFunction(string? code, out RecruitFunction value)
    {
        foreach (var f in Enum.GetValues<RecruitFunction>())
            if (string.Equals(f.Code(), code, StringComparison.Ordinal))
            {
                value = f;
                return true;
            }
        value = default;
        return false;
    }

    /// <summary>
    /// §III.B.5: "Budget prévisionnel pour le recrutement d'au minimum deux personnes (…) pour du temps de
    /// secrétariat/communication et de chargé(e) de missions pour les actions de soins, recherche, soutien et formation".
    /// Read: at least two recruits (persons, whatever their time), among whom at least one for secretariat/communication
    /// and at least one project officer; other functions (§VII: social worker, TEC, "ou autre") may be added. Each recruit
    /// has a time in (0, 1] FTE and a positive yearly cost; an "other" function names its job title.
    /// </summary>
    public static IReadOnlyList<FieldError> ValidateRecruits(IReadOnlyList<Recruit> recruits)
    {
        ArgumentNullException.ThrowIfNull(recruits);
        var errors = new List<FieldError>();
        for (var i = 0; i < recruits.Count; i++)
        {
            var r = recruits[i];
            var field = string.Create(CultureInfo.InvariantCulture, $"recruits[{i}]");
            if (r.Fte <= 0m || r.Fte > 1m)
                errors.Add(new FieldError(field + ".fte", string.Create(CultureInfo.InvariantCulture,
                    $"Recrutement {i + 1} : le temps de travail doit être compris entre 0 et 1 ETP ({r.Fte.ToString(CultureInfo.InvariantCulture)}) ; une personne compte pour au plus 1 ETP.")));
            if (r.YearlyCost <= 0m)
                errors.Add(new FieldError(field + ".yearly_cost", $"Recrutement {i + 1} : le coût annuel doit être positif."));
            if (r.Function == RecruitFunction.Other && string.IsNullOrWhiteSpace(r.JobTitle))
                errors.Add(new FieldError(field + ".job_title", $"Recrutement {i + 1} : précisez l'intitulé du poste pour une autre fonction."));
            if (r.JobTitle is { Length: > 200 })
                errors.Add(new FieldError(field + ".job_title", $"Recrutement {i + 1} : l'intitulé du poste dépasse 200 caractères."));
        }
        return errors;
    }

    /// <summary>Why the budget does not yet meet §III.B.5 (checked at submission): the count and the two functions.</summary>
    public static IReadOnlyList<FieldError> BudgetGaps(IReadOnlyList<Recruit> recruits)
    {
        ArgumentNullException.ThrowIfNull(recruits);
        var errors = new List<FieldError>();
        if (recruits.Count < MinimumRecruits)
            errors.Add(new FieldError("recruits", $"Le budget prévisionnel doit prévoir le recrutement d'au minimum {MinimumRecruits} personnes ({French.Count(recruits.Count, "prévue", "prévues")}) — {BudgetSource}."));
        if (!recruits.Any(r => r.Function == RecruitFunction.SecretariatCommunication))
            errors.Add(new FieldError("recruits", $"Le budget prévisionnel doit prévoir du temps de secrétariat/communication — {BudgetSource}."));
        if (!recruits.Any(r => r.Function == RecruitFunction.ProjectOfficer))
            errors.Add(new FieldError("recruits", $"Le budget prévisionnel doit prévoir un(e) chargé(e) de missions pour les actions de soins, recherche, soutien et formation — {BudgetSource}."));
        return errors;
    }

    // ---------------------------------------------------------------- follow-up: checkpoint, indicators, renewal

    /// <summary>The 6-month checkpoint's due date: six months after the delegation of credits (§IX).</summary>
    public static DateOnly CheckpointDue(DateOnly creditsDelegatedOn) => creditsDelegatedOn.AddMonths(CheckpointMonths);

    /// <summary>The yearly indicators of an operating year (1 or 2) are due at the end of that year of operation (§VI.2).</summary>
    public static DateOnly IndicatorsDue(DateOnly creditsDelegatedOn, int operatingYear)
    {
        if (operatingYear is < 1 or > 2) throw new ArgumentOutOfRangeException(nameof(operatingYear), "Le financement d'amorçage couvre deux années de fonctionnement.");
        return creditsDelegatedOn.AddMonths(IndicatorMonths * operatingYear);
    }

    /// <summary>A step recorded after its due day is late (on the due day, it is on time).</summary>
    public static bool IsLate(DateOnly due, DateOnly recordedOn) => recordedOn > due;

    /// <summary>The five mandatory indicators and the three proposed ones of §VI.2, in the note's order.</summary>
    public static IReadOnlyList<IndicatorSpec> Indicators { get; } =
    [
        new("public_events", "Nombre de manifestations grand public maladies rares", true, true, IndicatorSource),
        new("training_actions", "Description des actions de formation mises en place (ETP, BaMaRa, recherche clinique…)", false, true, IndicatorSource),
        new("patient_satisfaction", "Mesure de la satisfaction des patients et de leurs proches ayant eu recours à la plateforme", false, true, IndicatorSource),
        new("centre_satisfaction", "Mesure de la satisfaction des centres maladies rares utilisateurs vis-à-vis de la plateforme", false, true, IndicatorSource),
        new("contributions_difficulties", "Apports, difficultés et pistes d'amélioration pour le bon fonctionnement de la plateforme", false, true, IndicatorSource),
        new("patients_followed", "Nombre de patients pris en charge et suivis par la plateforme", true, false, IndicatorSource),
        new("research_projects", "Nombre de projets de recherche des centres maladies rares mis en place par la plateforme", true, false, IndicatorSource),
        new("bamara_patients", "Nombre de patients enregistrés dans BaMaRa par la plateforme", true, false, IndicatorSource),
    ];

    /// <summary>The key of an additional indicator the platform defines ("liste non exhaustive à préciser et à compléter").</summary>
    public const string AdditionalKeyPrefix = "extra_";

    /// <summary>
    /// A yearly report: every mandatory indicator given (a count ≥ 0, or a non-empty text), the proposed ones optional, and
    /// additional indicators with their own label (keys <c>extra_…</c>, at most 20). Unknown keys and duplicates are refused.
    /// </summary>
    public static IReadOnlyList<FieldError> ValidateIndicators(IReadOnlyList<IndicatorValue> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var errors = new List<FieldError>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var extras = 0;
        foreach (var v in values)
        {
            var field = "indicators." + v.Key;
            if (!seen.Add(v.Key)) { errors.Add(new FieldError(field, $"Indicateur « {v.Key} » donné deux fois.")); continue; }
            var spec = Indicators.FirstOrDefault(s => s.Key == v.Key);
            if (spec is null)
            {
                if (!v.Key.StartsWith(AdditionalKeyPrefix, StringComparison.Ordinal) || v.Key.Length == AdditionalKeyPrefix.Length || v.Key.Length > 64)
                {
                    errors.Add(new FieldError(field, $"Indicateur « {v.Key} » inconnu : les indicateurs de la note ont pour clés {string.Join(", ", Indicators.Select(s => s.Key))} ; un indicateur complémentaire a une clé « {AdditionalKeyPrefix}… » et un libellé."));
                    continue;
                }
                extras++;
                if (string.IsNullOrWhiteSpace(v.Label)) errors.Add(new FieldError(field, $"Indicateur complémentaire « {v.Key} » : libellé requis."));
                else if (v.Label.Length > 300) errors.Add(new FieldError(field, $"Indicateur complémentaire « {v.Key} » : libellé de plus de 300 caractères."));
                if (v.Count is null && string.IsNullOrWhiteSpace(v.Text)) errors.Add(new FieldError(field, $"Indicateur complémentaire « {v.Label ?? v.Key} » : valeur requise."));
                if (v.Count is < 0) errors.Add(new FieldError(field, $"Indicateur « {v.Label ?? v.Key} » : un nombre ne peut pas être négatif."));
                if (v.Text is { Length: > MaxIndicatorText }) errors.Add(new FieldError(field, $"Indicateur « {v.Label ?? v.Key} » : texte de plus de {MaxIndicatorText} caractères."));
                continue;
            }
            if (spec.IsCount)
            {
                if (v.Count is null) { if (spec.Mandatory || !string.IsNullOrWhiteSpace(v.Text)) errors.Add(new FieldError(field, $"{spec.Label} : un nombre entier est attendu.")); }
                else if (v.Count < 0) errors.Add(new FieldError(field, $"{spec.Label} : un nombre ne peut pas être négatif ({v.Count})."));
            }
            else
            {
                if (v.Count is not null) errors.Add(new FieldError(field, $"{spec.Label} : un texte est attendu, pas un nombre."));
                if (v.Text is { Length: > MaxIndicatorText }) errors.Add(new FieldError(field, $"{spec.Label} : texte de plus de {MaxIndicatorText} caractères."));
            }
        }
        foreach (var spec in Indicators.Where(s => s.Mandatory))
        {
            var v = values.FirstOrDefault(x => x.Key == spec.Key);
            var given = v is not null && (spec.IsCount ? v.Count is not null : !string.IsNullOrWhiteSpace(v.Text));
            if (!given && !errors.Any(e => e.Field == "indicators." + spec.Key))
                errors.Add(new FieldError("indicators." + spec.Key, $"Indicateur obligatoire manquant : {spec.Label}."));
        }
        if (extras > MaxAdditionalIndicators)
            errors.Add(new FieldError("indicators", $"Au plus {MaxAdditionalIndicators} indicateurs complémentaires ({extras})."));
        return errors;
    }

    /// <summary>
    /// The year-2 renewal: "Au vu de l'évaluation annuelle, la reconduction des crédits en 2ème année de fonctionnement de la
    /// plateforme sera décidée" (§IX). It needs the year-1 indicators report; a refusal states its reasons.
    /// </summary>
    public static IReadOnlyList<FieldError> ValidateRenewal(bool? renewed, string? reasons, bool yearOneReportFiled)
    {
        var errors = new List<FieldError>();
        if (!yearOneReportFiled)
            errors.Add(new FieldError("renewed", $"La reconduction se décide au vu de l'évaluation annuelle : le rapport d'indicateurs de la première année n'a pas été transmis — {FollowUpSource}."));
        if (renewed is null) errors.Add(new FieldError("renewed", "Indiquez si les crédits sont reconduits en deuxième année."));
        if (renewed == false && string.IsNullOrWhiteSpace(reasons)) errors.Add(new FieldError("reasons", "Une non-reconduction doit être motivée."));
        if (reasons is { Length: > OpinionRules.MaxReasonsLength }) errors.Add(new FieldError("reasons", $"Les motifs dépassent {OpinionRules.MaxReasonsLength} caractères."));
        return errors;
    }
}
