using Maillage.Domain.Registry;

namespace Maillage.Domain.Procedures;

/// <summary>A site of a labelling application as the rules see it: the role applied for and what the registry knows.</summary>
public sealed record ApplicationSite(
    string CentreId,
    string Name,
    /// <summary>The kind applied for (reference site, competence centre, resource centre).</summary>
    CentreKind ProposedKind,
    /// <summary>For a reference site: coordinating or constitutive.</summary>
    SiteRole? ProposedRole,
    /// <summary>The kind the centre has today.</summary>
    CentreKind CurrentKind,
    string EstablishmentFiness,
    /// <summary>The centre's current heads (mandates covering today): exactly one expected.</summary>
    int HeadCount,
    /// <summary>For a reference site today: the network it belongs to, and that network's filière.</summary>
    string? CurrentNetworkId,
    string? CurrentNetworkFiliere);

/// <summary>A check run before a labelling application is submitted (blocking) or shown to the jury (the compliance preview).</summary>
public sealed record ApplicationCheck(string Rule, string? CentreId, bool Passed, bool Blocking, string Message, string Source);

/// <summary>
/// The labelling campaign's dossier (seeds 001 and 004): one dossier per CRMR network — the coordinator's overview, a
/// section per coordinating site, constitutive site and competence centre, the governance, the network map, an action
/// plan per mission, the head's succession plan, the filière's mandatory reasoned opinion, and the associations' support
/// letters (one per association, or one co-signed) — and the structural rules of the 2022 relabelling checked before it
/// is submitted.
/// </summary>
public static class LabellingRequirements
{
    public const string DgosSource = "DGOS, présentation maladies rares du 7 avril 2022 (labellisation des CRMR/CCMR/CRC), « Rappel des critères de labellisation » et questions";
    public const string AllianceSource = "Alliance maladies rares, fiche pratique « Participation des associations à la re-labellisation des centres de référence et de compétence » (mai 2022), « Processus de re-labellisation »";

    public const string RuleOneCoordinating = "LAB-ONE-COORDINATING";
    public const string RuleOneSitePerEstablishment = "LAB-ONE-CRMR-PER-ESTABLISHMENT";
    public const string RuleOneFiliere = "LAB-NO-INTER-FSMR";
    public const string RuleOneHead = "LAB-ONE-HEAD";
    public const string RuleRareOnly = "LAB-RARE-DISEASES-ONLY";
    public const string RuleCompetenceAttached = "LAB-CCMR-ATTACHED";

    /// <summary>ORPHA classification ids whose diseases are not in the scope of a CRMR (présentation DGOS du 7 avril 2022, « Questions concernant la relabellisation en mai 2022 »: "pas de cancers rares ni de maladies infectieuses rares").</summary>
    public const int RareNeoplasticClassification = 202;
    public const int RareInfectiousClassification = 203;

    public static IReadOnlyList<SectionSpec> FixedSections { get; } =
    [
        new("overview", "Présentation du CRMR par le coordonnateur (réseau de soins, périmètre, évolution depuis la labellisation précédente)", true, 8000, AllianceSource),
        new("governance", "Gouvernance : participants (sites, CCMR, associations), réunions, circulation de l'information, décisions", true, 8000, AllianceSource),
        new("action_plan_coordination", "Plan d'actions — mission de coordination", true, 8000, AllianceSource),
        new("action_plan_care", "Plan d'actions — mission de prise en charge et de recours", true, 8000, AllianceSource),
        new("action_plan_expertise", "Plan d'actions — mission d'expertise", true, 8000, AllianceSource),
        new("action_plan_teaching", "Plan d'actions — mission d'enseignement et de formation", true, 8000, AllianceSource),
        new("action_plan_research", "Plan d'actions — mission de recherche", true, 8000, AllianceSource),
        new("succession_plan", "Préparation de la succession du responsable (« le responsable doit préparer son éventuelle succession et l'évoquer dans le dossier »)", true, 4000, DgosSource),
    ];

    public static string SiteSectionKey(string centreId) => "site:" + centreId;

    /// <summary>The sections of an application: the fixed ones, then one per site.</summary>
    public static IReadOnlyList<SectionSpec> Sections(IReadOnlyList<ApplicationSite> sites)
    {
        ArgumentNullException.ThrowIfNull(sites);
        return [.. FixedSections, .. sites.Select(s => new SectionSpec(SiteSectionKey(s.CentreId), $"Présentation du site — {RoleLabel(s)} : {s.Name}", true, 8000, AllianceSource))];
    }

    /// <summary>
    /// The items: the network map, the filière's reasoned opinion, a support letter per association linked to the network.
    /// The support letters are <b>expected, not required</b>: « Le dossier du CRMR comprend également des lettres de
    /// soutien des associations lorsqu'elles existent » (Alliance maladies rares, fiche pratique « Participation des
    /// associations à la re-labellisation des centres de référence et de compétence », mai 2022, « Processus de
    /// re-labellisation »); a missing letter is shown as expected and never blocks the submission.
    /// </summary>
    public static IReadOnlyList<RequiredItem> Items(Participant filiere, IReadOnlyList<Participant> associations)
    {
        ArgumentNullException.ThrowIfNull(filiere);
        ArgumentNullException.ThrowIfNull(associations);
        var items = new List<RequiredItem>
        {
            new("network_map", 1, "Cartographie du réseau : site coordonnateur, sites constitutifs, centres de compétence (maillage territorial)",
                ItemType.Document, Party.Applicant, null, null, true, AllianceSource),
            new("filiere_opinion", 2, "Avis indispensable et motivé de la filière de santé maladies rares de rattachement",
                ItemType.Opinion, Party.Filiere, filiere.Id, filiere.Label, true, DgosSource, ReasonsRequired: true),
        };
        items.AddRange(associations.Select(a => new RequiredItem("association_support", 3,
            "Lettre de soutien (avis argumenté) de l'association, lorsqu'elle existe — une par association, ou une lettre cosignée", ItemType.Document, Party.Association,
            a.Id, a.Label, false, AllianceSource)));
        return items;
    }

    /// <summary>The dossier template the call publishes: every section and item, with who provides it and its source.</summary>
    public static IReadOnlyList<(string Key, string Label, string Type, string Provider, string Source)> Template() =>
    [
        .. FixedSections.Select(s => (s.Key, s.Label, "section", "coordonnateur du réseau", s.Source)),
        ("site:{centre}", "Présentation de chaque site (coordonnateur, constitutifs, centres de compétence, CRC)", "section", "coordonnateur du réseau", AllianceSource),
        .. Items(new Participant("{filiere}", "filière de rattachement"), [new Participant("{association}", "chaque association liée au réseau")])
            .Select(i => (i.Key, i.Label, i.Type == ItemType.Document ? "document" : "opinion",
                i.Party switch { Party.Filiere => "coordonnateur de la filière", Party.Association => "association (ou lettre cosignée)", _ => "coordonnateur du réseau" }, i.Source)),
    ];

    public static string RoleLabel(ApplicationSite s) => (s.ProposedKind, s.ProposedRole) switch
    {
        (CentreKind.ReferenceSite, SiteRole.Coordinating) => "site coordonnateur",
        (CentreKind.ReferenceSite, _) => "site constitutif",
        (CentreKind.CompetenceCentre, _) => "centre de compétence",
        _ => "centre de ressources et de compétences",
    };

    /// <summary>
    /// The structural rules of the relabelling (présentation DGOS du 7 avril 2022, « Rappel des critères de labellisation »): exactly one coordinating site; one CRMR per
    /// establishment ("pas de centre multi-site", "1 CRMR par établissement"): no two reference sites in one establishment;
    /// no site shared with a network of another filière ("ni inter-FSMR"); one single head per site ("un seul
    /// responsable"); rare diseases only ("pas de cancers rares ni de maladies infectieuses rares"); a competence centre
    /// or CRC belongs to the network as an attached centre. <paramref name="excludedPerimeter"/> lists the perimeter's
    /// ORPHA codes that only belong to the rare neoplastic or rare infectious classifications.
    /// </summary>
    public static IReadOnlyList<ApplicationCheck> StructuralChecks(string networkId, string filiere, IReadOnlyList<ApplicationSite> sites,
        int perimeterSize, IReadOnlyList<(int Code, string Name)> excludedPerimeter)
    {
        ArgumentNullException.ThrowIfNull(sites);
        ArgumentNullException.ThrowIfNull(excludedPerimeter);
        var checks = new List<ApplicationCheck>();
        var reference = sites.Where(s => s.ProposedKind == CentreKind.ReferenceSite).ToList();
        var coordinating = reference.Count(s => s.ProposedRole == SiteRole.Coordinating);
        checks.Add(new(RuleOneCoordinating, null, coordinating == 1, true, coordinating == 1
            ? "Le réseau a un site coordonnateur."
            : $"Le réseau doit avoir exactement un site coordonnateur ({French.Count(coordinating, "proposé", "proposés")}).", DgosSource));
        foreach (var group in reference.GroupBy(s => s.EstablishmentFiness, StringComparer.Ordinal).Where(g => g.Count() > 1))
            foreach (var s in group.Skip(1))
                checks.Add(new(RuleOneSitePerEstablishment, s.CentreId, false, true,
                    $"« {s.Name} » : le réseau a déjà un site dans l'établissement {group.Key} — pas de centre multi-site, un CRMR par établissement.", DgosSource));
        if (!checks.Any(c => c.Rule == RuleOneSitePerEstablishment))
            checks.Add(new(RuleOneSitePerEstablishment, null, true, true, "Chaque site de référence est dans un établissement différent.", DgosSource));
        var inter = reference.Where(s => s.CurrentNetworkId is { } n && n != networkId && s.CurrentNetworkFiliere is { } f && f != filiere).ToList();
        foreach (var s in inter)
            checks.Add(new(RuleOneFiliere, s.CentreId, false, true,
                $"« {s.Name} » est un site du réseau {s.CurrentNetworkId} de la filière {s.CurrentNetworkFiliere} : pas de centre inter-FSMR.", DgosSource));
        if (inter.Count == 0) checks.Add(new(RuleOneFiliere, null, true, true, $"Tous les sites relèvent de la filière {filiere}.", DgosSource));
        var heads = sites.Where(s => s.HeadCount != 1).ToList();
        foreach (var s in heads)
            checks.Add(new(RuleOneHead, s.CentreId, false, true, s.HeadCount == 0
                ? $"« {s.Name} » n'a pas de responsable désigné : chaque site a un responsable."
                : $"« {s.Name} » a {s.HeadCount} responsables : un site (même regroupant deux services) a un seul responsable.", DgosSource));
        if (heads.Count == 0) checks.Add(new(RuleOneHead, null, true, true, "Chaque site a un seul responsable.", DgosSource));
        var badAttached = sites.Where(s => s.ProposedKind == CentreKind.ResourceCentre && s.CurrentKind != CentreKind.ResourceCentre).ToList();
        foreach (var s in badAttached)
            checks.Add(new(RuleCompetenceAttached, s.CentreId, false, true, $"« {s.Name} » n'est pas un CRC : il ne peut pas être présenté comme tel.", DgosSource));
        if (perimeterSize == 0)
            checks.Add(new(RuleRareOnly, null, false, true, "Le périmètre du réseau ne compte aucun ORPHAcode.", DgosSource));
        else if (excludedPerimeter.Count > 0)
            foreach (var (code, name) in excludedPerimeter)
                checks.Add(new(RuleRareOnly, null, false, true,
                    $"ORPHA:{code} « {name} » relève uniquement des cancers rares ou des maladies infectieuses rares : hors du champ d'un CRMR.", DgosSource));
        else checks.Add(new(RuleRareOnly, null, true, true, $"Les {perimeterSize} ORPHAcodes du périmètre sont des maladies rares du champ des CRMR.", DgosSource));
        return checks;
    }

    /// <summary>
    /// Is a perimeter code out of scope? It is when all the classifications it appears in are the rare neoplastic or rare
    /// infectious ones (a genetic syndrome that is also classified as neoplastic stays in scope).
    /// </summary>
    public static bool IsOutOfScope(IReadOnlyCollection<int> classificationsOfCode) =>
        classificationsOfCode.Count > 0 && classificationsOfCode.All(c => c is RareNeoplasticClassification or RareInfectiousClassification);

    /// <summary>
    /// Checks the decision of every site of an application: each site decided; reservations stated; a network keeps its
    /// coordinating site (no reference site retained without it). Returns the problems (field, message).
    /// </summary>
    public static IReadOnlyList<FieldError> ValidateDecisions(IReadOnlyList<(ApplicationSite Site, LabelDecision? Decision, string? Reservations)> sites)
    {
        ArgumentNullException.ThrowIfNull(sites);
        var errors = new List<FieldError>();
        foreach (var (site, decision, reservations) in sites)
        {
            if (decision is null) errors.Add(new FieldError("sites", $"Décision manquante pour « {site.Name} »."));
            else if (decision == LabelDecision.LabelledWithReservations && string.IsNullOrWhiteSpace(reservations))
                errors.Add(new FieldError("sites", $"« {site.Name} » : une labellisation avec réserves énonce ses réserves."));
        }
        var coordinating = sites.FirstOrDefault(s => s.Site.ProposedKind == CentreKind.ReferenceSite && s.Site.ProposedRole == SiteRole.Coordinating);
        if (coordinating.Site is not null && coordinating.Decision == LabelDecision.NotRetained
            && sites.Any(s => s.Site.ProposedKind == CentreKind.ReferenceSite && s.Decision is LabelDecision.Labelled or LabelDecision.LabelledWithReservations))
            errors.Add(new FieldError("sites", "Le site coordonnateur n'est pas retenu alors que d'autres sites de référence le sont : un réseau labellisé a un site coordonnateur."));
        return errors;
    }

    /// <summary>
    /// "Un centre de compétence souhaitant candidater à un centre constitutif mais non retenu […] maintenu en CCMR" (présentation DGOS du 7 avril 2022, « Questions concernant la relabellisation en mai 2022 »):
    /// a competence centre that applied as a reference site and is not retained keeps its competence label.
    /// </summary>
    public static bool KeepsCompetenceLabel(ApplicationSite site, LabelDecision decision)
    {
        ArgumentNullException.ThrowIfNull(site);
        return decision == LabelDecision.NotRetained && site.CurrentKind == CentreKind.CompetenceCentre && site.ProposedKind == CentreKind.ReferenceSite;
    }
}
