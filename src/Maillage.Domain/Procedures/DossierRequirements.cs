namespace Maillage.Domain.Procedures;

/// <summary>
/// One item a dossier must (or may) hold: a document (PDF) or an opinion, from a party, possibly about a target (the
/// establishment, site or association the opinion comes from). <see cref="Key"/> is stable; with the target it identifies
/// the item in a dossier (e.g. <c>director_opinion</c> for establishment 750712184).
/// </summary>
public sealed record RequiredItem(
    string Key,
    int Number,
    string Label,
    ItemType Type,
    Party Party,
    string? TargetId,
    string? TargetLabel,
    bool Required,
    string Source,
    int? MaxPages = null,
    /// <summary>The opinion must state its reasons whatever its value (the filière's "avis indispensable et motivé").</summary>
    bool ReasonsRequired = false)
{
    public string Id => TargetId is null ? Key : $"{Key}:{TargetId}";
}

/// <summary>A typed text section of a dossier (e.g. the successor's project for one of the five missions).</summary>
public sealed record SectionSpec(string Key, string Label, bool Required, int MaxLength, string Source);

/// <summary>A participant of a dossier, as the requirements need to know them.</summary>
public sealed record Participant(string Id, string Label);

/// <summary>What a centre-head succession needs to know about the centre and its network (read from the registry).</summary>
public sealed record CentreSuccessionContext(
    /// <summary>True for the coordinating site of a CRMR network.</summary>
    bool IsCoordinatingSite,
    /// <summary>The establishments concerned: the seat, and the successor's establishment when the seat changes.</summary>
    IReadOnlyList<Participant> EstablishmentsConcerned,
    /// <summary>For a coordinating site: the constitutive sites of the network (their heads give an advisory opinion).</summary>
    IReadOnlyList<Participant> ConstitutiveSites,
    /// <summary>For any other centre: the coordinating site(s) of the network(s) it belongs or is attached to.</summary>
    IReadOnlyList<Participant> CoordinatingSites,
    /// <summary>The centre's filière (its opinion is required).</summary>
    Participant Filiere,
    /// <summary>The patient associations linked to the centre or its network.</summary>
    IReadOnlyList<Participant> Associations);

public sealed record FiliereSuccessionContext(IReadOnlyList<Participant> EstablishmentsConcerned);

public sealed record SeatChangeContext(Participant OriginalEstablishment, Participant ReceivingEstablishment);

/// <summary>
/// The items of each procedure, read from the annex of the note d'information interministérielle n° DGOS/DIR/DGRI/2018/218 du 19 septembre 2018 ("ANNEXE – procédure
/// d'actualisation de la liste des CRMR et des FSMR").
/// </summary>
public static class DossierRequirements
{
    public const string AnnexSource = "Note interministérielle du 19 septembre 2018, annexe (procédure d'actualisation de la liste des CRMR et des FSMR)";

    /// <summary>The five missions of a reference centre (note n° DGOS/DIR/DGRI/2018/218 du 19 septembre 2018, §1 « Missions »): the successor's motivation letter covers each.</summary>
    public static IReadOnlyList<SectionSpec> CentreMissionSections { get; } =
    [
        new("mission_coordination", "Projet pour la mission de coordination", true, 8000, AnnexSource),
        new("mission_care", "Projet pour la mission de prise en charge et de recours", true, 8000, AnnexSource),
        new("mission_expertise", "Projet pour la mission d'expertise", true, 8000, AnnexSource),
        new("mission_teaching", "Projet pour la mission d'enseignement et de formation", true, 8000, AnnexSource),
        new("mission_research", "Projet pour la mission de recherche", true, 8000, AnnexSource),
    ];

    /// <summary>The missions of a filière, in its three axes (note n° DGOS/DIR/DGRI/2018/218 du 19 septembre 2018, §2 « Missions »).</summary>
    public static IReadOnlyList<SectionSpec> FiliereMissionSections { get; } =
    [
        new("mission_care", "Projet pour l'amélioration de la prise en charge", true, 8000, AnnexSource),
        new("mission_research", "Projet pour la recherche", true, 8000, AnnexSource),
        new("mission_teaching", "Projet pour l'enseignement, la formation et l'information", true, 8000, AnnexSource),
    ];

    public static IReadOnlyList<SectionSpec> SeatChangeSections { get; } =
    [
        new("reason", "Motif du changement d'établissement siège", true, 4000, AnnexSource),
    ];

    public static IReadOnlyList<SectionSpec> Sections(ProcedureKind kind) => kind switch
    {
        ProcedureKind.CentreHeadSuccession => CentreMissionSections,
        ProcedureKind.FiliereCoordinatorSuccession => FiliereMissionSections,
        ProcedureKind.SeatChange or ProcedureKind.FiliereSeatChange => SeatChangeSections,
        ProcedureKind.PlatformProject => PlatformCall.Sections,
        ProcedureKind.LabellingApplication => LabellingRequirements.FixedSections,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>The seven items of a centre head's succession.</summary>
    public static IReadOnlyList<RequiredItem> ForCentreHeadSuccession(CentreSuccessionContext c)
    {
        ArgumentNullException.ThrowIfNull(c);
        var items = new List<RequiredItem>
        {
            new("outgoing_letter", 1, "Courrier du responsable sortant informant sa direction de la cessation de ses fonctions (avec, le cas échéant, la proposition de son successeur)",
                ItemType.Document, Party.OutgoingHolder, null, null, true, AnnexSource),
            new("motivation_letter", 2, "Lettre de motivation du successeur détaillant son projet pour chacune des 5 missions du centre",
                ItemType.Document, Party.Successor, null, null, true, AnnexSource),
            new("cv", 3, "Curriculum vitae du successeur (titres et travaux dans la thématique du centre)",
                ItemType.Document, Party.Successor, null, null, true, AnnexSource),
        };
        items.AddRange(c.EstablishmentsConcerned.Select(e => new RequiredItem("director_opinion", 4,
            "Avis du directeur et/ou du directoire de l'établissement", ItemType.Opinion, Party.EstablishmentDirection, e.Id, e.Label, true, AnnexSource)));
        if (c.IsCoordinatingSite)
            items.AddRange(c.ConstitutiveSites.Select(s => new RequiredItem("advisory_opinion", 5,
                "Avis consultatif du responsable du site constitutif", ItemType.Opinion, Party.ConstitutiveHead, s.Id, s.Label, true, AnnexSource)));
        else
            items.AddRange(c.CoordinatingSites.Select(s => new RequiredItem("advisory_opinion", 5,
                "Avis consultatif du responsable du site coordonnateur du CRMR", ItemType.Opinion, Party.CoordinatingHead, s.Id, s.Label, true, AnnexSource)));
        items.Add(new("filiere_opinion", 6, "Avis de la filière de rattachement", ItemType.Opinion, Party.Filiere, c.Filiere.Id, c.Filiere.Label, true, AnnexSource));
        items.AddRange(c.Associations.Select(a => new RequiredItem("association_opinion", 7,
            "Avis de l'association de personnes malades", ItemType.Opinion, Party.Association, a.Id, a.Label, true, AnnexSource)));
        return items;
    }

    /// <summary>The five items of a filière coordinator's succession.</summary>
    public static IReadOnlyList<RequiredItem> ForFiliereCoordinatorSuccession(FiliereSuccessionContext c, Participant filiere)
    {
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(filiere);
        var items = new List<RequiredItem>
        {
            new("outgoing_letter", 1, "Courrier du coordonnateur sortant informant sa direction de la cessation de ses fonctions (avec, le cas échéant, la proposition de son successeur)",
                ItemType.Document, Party.OutgoingHolder, null, null, true, AnnexSource),
            new("motivation_letter", 2, "Lettre de motivation du successeur détaillant son projet pour chacune des missions de la filière",
                ItemType.Document, Party.Successor, null, null, true, AnnexSource),
            new("cv", 3, "Curriculum vitae du successeur (titres et travaux pour les maladies rares du périmètre de la filière)",
                ItemType.Document, Party.Successor, null, null, true, AnnexSource),
        };
        items.AddRange(c.EstablishmentsConcerned.Select(e => new RequiredItem("director_opinion", 4,
            "Avis du directeur et/ou du directoire de l'établissement", ItemType.Opinion, Party.EstablishmentDirection, e.Id, e.Label, true, AnnexSource)));
        items.Add(new("governance_opinion", 5, "Avis du comité de gouvernance de la filière", ItemType.Opinion, Party.FiliereGovernance, filiere.Id, filiere.Label, true, AnnexSource));
        return items;
    }

    /// <summary>A change of seat establishment: requested by the receiving establishment's direction.</summary>
    public static IReadOnlyList<RequiredItem> ForSeatChange(SeatChangeContext c)
    {
        ArgumentNullException.ThrowIfNull(c);
        return
        [
            new("receiving_request", 1, "Demande de la direction de l'établissement d'accueil", ItemType.Document, Party.EstablishmentDirection,
                c.ReceivingEstablishment.Id, c.ReceivingEstablishment.Label, true, AnnexSource),
            new("holder_request", 2, "Demande du responsable du centre ou du coordonnateur de la filière", ItemType.Document, Party.MovingHolder, null, null, true, AnnexSource),
            new("original_director_opinion", 3, "Avis du directeur de l'établissement initialement labellisé", ItemType.Opinion, Party.EstablishmentDirection,
                c.OriginalEstablishment.Id, c.OriginalEstablishment.Label, true, AnnexSource),
            new("means_evidence", 4, "Éléments justifiant du maintien des moyens mis en œuvre pour l'exercice des missions", ItemType.Document, Party.EstablishmentDirection,
                c.ReceivingEstablishment.Id, c.ReceivingEstablishment.Label, true, AnnexSource),
        ];
    }
}

/// <summary>What a dossier holds, as the completeness check sees it.</summary>
public sealed record DossierContent(
    IReadOnlyCollection<string> ItemIdsPresent,
    IReadOnlyDictionary<string, string?> Sections);

/// <summary>A reason a dossier cannot be submitted yet.</summary>
public sealed record Gap(string ItemOrSection, string Message);

public static class Completeness
{
    /// <summary>The missing required items and sections, in the order of the annex.</summary>
    public static IReadOnlyList<Gap> Check(IReadOnlyList<RequiredItem> items, IReadOnlyList<SectionSpec> sections, DossierContent content)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(sections);
        ArgumentNullException.ThrowIfNull(content);
        var gaps = new List<Gap>();
        foreach (var s in sections.Where(s => s.Required))
            if (!content.Sections.TryGetValue(s.Key, out var text) || string.IsNullOrWhiteSpace(text))
                gaps.Add(new Gap(s.Key, $"Section manquante : {s.Label}."));
        foreach (var i in items.Where(i => i.Required && !content.ItemIdsPresent.Contains(i.Id)))
            gaps.Add(new Gap(i.Id, $"Pièce {i.Number} manquante : {i.Label}{(i.TargetLabel is null ? "" : $" ({i.TargetLabel})")}."));
        return gaps;
    }
}
