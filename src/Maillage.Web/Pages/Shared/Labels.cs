using Maillage.Core.Infrastructure.Security;
using Maillage.Domain.Registry;

namespace Maillage.Web.Pages.Shared;

/// <summary>French labels of the domain's codes, shared by every page (one place to proofread).</summary>
public static class Labels
{
    public static string Kind(CentreKind kind) => kind switch
    {
        CentreKind.ReferenceSite => "Site de centre de référence",
        CentreKind.CompetenceCentre => "Centre de compétence (CCMR)",
        CentreKind.ResourceCentre => "Centre de ressources et de compétences (CRC)",
    };

    /// <summary>Short kind for tables and tags: "CRMR coordonnateur", "CCMR", "CRC-MHC".</summary>
    public static string ShortKind(CentreKind kind, SiteRole? role, ResourceCentreKind? resourceKind) => kind switch
    {
        CentreKind.ReferenceSite => role == SiteRole.Coordinating ? "Site coordonnateur" : "Site constitutif",
        CentreKind.CompetenceCentre => "CCMR",
        CentreKind.ResourceCentre => resourceKind is null ? "CRC" : ResourceKind(resourceKind.Value),
    };

    public static string Role(SiteRole role) => role switch
    {
        SiteRole.Coordinating => "coordonnateur",
        SiteRole.Constitutive => "constitutif",
    };

    public static string ResourceKind(ResourceCentreKind kind) => kind switch
    {
        ResourceCentreKind.Mhc => "CRC-MHC",
        ResourceCentreKind.Crcm => "CRCM",
        ResourceCentreKind.Sla => "CRC-SLA",
    };

    public static string ResourceKindLong(ResourceCentreKind kind) => kind switch
    {
        ResourceCentreKind.Mhc => "hémophilie et autres déficits constitutionnels en protéines de la coagulation",
        ResourceCentreKind.Crcm => "mucoviscidose",
        ResourceCentreKind.Sla => "sclérose latérale amyotrophique et autres maladies du neurone moteur",
    };

    public static string Field(ThresholdField field) => field switch
    {
        ThresholdField.General => "Maladies rares (cas général)",
        ThresholdField.CysticFibrosis => "Mucoviscidose",
        ThresholdField.Als => "SLA et maladies du neurone moteur",
        ThresholdField.Haemophilia => "Hémophilie",
        ThresholdField.Willebrand => "Maladie de Willebrand",
        ThresholdField.Platelet => "Pathologies plaquettaires",
    };

    public static string Age(AgeValence age) => age switch
    {
        AgeValence.Paediatric => "Pédiatrique",
        AgeValence.Adult => "Adulte",
        AgeValence.Both => "Pédiatrique et adulte",
    };

    /// <summary>The head's status as the Domain's table words it, first letter in upper case (« Contractuel »).</summary>
    public static string Status(HeadStatus status) => char.ToUpperInvariant(status.Label()[0]) + status.Label()[1..];

    public static string Category(EstablishmentCategory category) => category switch
    {
        EstablishmentCategory.Chu => "CHU / CHR",
        EstablishmentCategory.Ch => "Centre hospitalier",
        EstablishmentCategory.Espic => "ESPIC",
        EstablishmentCategory.Clcc => "Centre de lutte contre le cancer",
        EstablishmentCategory.Private => "Établissement privé",
        EstablishmentCategory.Other => "Autre",
    };

    public static string Level(EstablishmentLevel level) => level switch
    {
        EstablishmentLevel.LegalEntity => "Entité juridique (EJ)",
        EstablishmentLevel.Site => "Établissement géographique (ET)",
    };

    public static string Platform(PlatformKind kind) => kind switch
    {
        PlatformKind.Expertise => "Plateforme d'expertise maladies rares",
        PlatformKind.Overseas => "Plateforme de coordination outre-mer",
    };

    public static string Mandate(MandateRole role) => role switch
    {
        MandateRole.CentreHead => "Responsable de centre",
        MandateRole.FiliereCoordinator => "Coordonnateur de filière",
        MandateRole.PlatformHead => "Responsable de plateforme",
    };

    public static string Decision(LabelDecision decision) => decision switch
    {
        LabelDecision.Labelled => "Labellisé",
        LabelDecision.LabelledWithReservations => "Labellisé avec réserves",
        LabelDecision.NotRetained => "Non retenu",
    };

    /// <summary>DSFR badge modifier for a label decision.</summary>
    public static string DecisionBadge(LabelDecision decision) => decision switch
    {
        LabelDecision.Labelled => "fr-badge--success",
        LabelDecision.LabelledWithReservations => "fr-badge--warning",
        LabelDecision.NotRetained => "fr-badge--error",
    };

    public static string Convention(ConventionTarget target) => target switch
    {
        ConventionTarget.Network => "Réseau CRMR",
        ConventionTarget.Centre => "Centre",
        ConventionTarget.Filiere => "Filière",
    };

    public static string UserRoleName(UserRole role) => role switch
    {
        UserRole.NationalAdmin => "Administration nationale",
        UserRole.RegionalAgency => "Agence régionale de santé",
        UserRole.Establishment => "Établissement",
        UserRole.FiliereCoordinator => "Coordination de filière",
        UserRole.CentreHead => "Responsable de centre",
        UserRole.Association => "Association",
        UserRole.Expert => "Expert (jury)",
        UserRole.FollowUpCommittee => "Comité de suivi de la labellisation",
    };

    /// <summary>The action of an audit entry: "created", "updated:label"...</summary>
    public static string Action(string action)
    {
        var parts = action.Split(':', 2);
        var verb = parts[0] switch
        {
            "created" => parts.Length > 1 ? "Ajout" : "Création",
            "updated" => "Modification",
            "deleted" => parts.Length > 1 ? "Retrait" : "Suppression",
            _ => parts[0],
        };
        if (parts.Length == 1) return verb;
        var what = parts[1] switch
        {
            "perimeter" => "périmètre (ORPHA)",
            "ern" => "ERN",
            "attachment" => "rattachement",
            "establishment" => "établissement",
            "centre" => "centre",
            "convention" => "convention",
            "label" => "labellisation",
            "mandate" => "mandat",
            _ => parts[1],
        };
        return $"{verb} : {what}";
    }

    public static string Origin(string? origin) => origin switch
    {
        "web" => "site web",
        "api" => "API",
        "import" => "import",
        "seed" => "jeu de données initial",
        "cli" => "ligne de commande",
        null or "" => "",
        _ => origin,
    };

    /// <summary>French name of an entity property as it appears in the audit (C# property names).</summary>
    public static string Property(string name) => name switch
    {
        "Id" => "Identifiant",
        "Name" => "Nom",
        "Acronym" => "Acronyme",
        "Kind" => "Type",
        "Role" => "Rôle",
        "NetworkId" => "Réseau",
        "ResourceKind" => "Type de CRC",
        "EstablishmentFiness" => "FINESS de l'établissement",
        "PredecessorId" => "Centre précédent",
        "Phone" => "Téléphone",
        "Email" => "Courriel",
        "Website" => "Site internet",
        "ClosedOn" => "Fermé le",
        "FiliereAcronym" => "Filière",
        "Field" => "Domaine",
        "AgeValence" => "Valence d'âge",
        "OrphaCode" => "Code ORPHA",
        "ErnAcronym" => "ERN",
        "IsMain" => "ERN principal",
        "CentreId" => "Centre",
        "PlatformId" => "Plateforme",
        "PersonId" => "Personne",
        "From" => "Du",
        "To" => "Au",
        "FirstName" => "Prénom",
        "LastName" => "Nom",
        "Title" => "Titre",
        "Rpps" => "RPPS",
        "Status" => "Statut",
        "BirthDate" => "Date de naissance",
        "ClinicalActivity" => "Activité clinique",
        "Finess" => "FINESS",
        "Level" => "Niveau",
        "LegalEntityFiness" => "Entité juridique",
        "Category" => "Catégorie",
        "Commune" => "Commune",
        "PostalCode" => "Code postal",
        "DepartementCode" => "Département",
        "GroupName" => "Groupe hospitalier",
        "Latitude" => "Latitude",
        "Longitude" => "Longitude",
        "HostFiness" => "Établissement support",
        "HostUnverified" => "Établissement support à confirmer",
        "RegionCode" => "Région",
        "AssociationId" => "Association",
        "TargetKind" => "Type de structure",
        "TargetId" => "Structure",
        "SignedOn" => "Signée le",
        "EndsOn" => "Fin le",
        "PeriodId" => "Période",
        "Decision" => "Décision",
        "ValidFrom" => "Valable du",
        "ValidTo" => "Valable au",
        "Note" => "Note",
        _ => name,
    };

    /// <summary>French rendering of an audited value (enum names, ISO dates, booleans).</summary>
    public static string Value(string property, string? value)
    {
        if (value is null) return "(vide)";
        return property switch
        {
            "Kind" when Enum.TryParse<CentreKind>(value, out var k) => Kind(k),
            "Kind" when Enum.TryParse<PlatformKind>(value, out var pk) => Platform(pk),
            "Role" when Enum.TryParse<SiteRole>(value, out var r) => Role(r),
            "Role" when Enum.TryParse<MandateRole>(value, out var mr) => Mandate(mr),
            "ResourceKind" when Enum.TryParse<ResourceCentreKind>(value, out var rk) => ResourceKind(rk),
            "Field" when Enum.TryParse<ThresholdField>(value, out var f) => Field(f),
            "AgeValence" when Enum.TryParse<AgeValence>(value, out var a) => Age(a),
            "Status" when Enum.TryParse<HeadStatus>(value, out var s) => Status(s),
            "Category" when Enum.TryParse<EstablishmentCategory>(value, out var c) => Category(c),
            "Level" when Enum.TryParse<EstablishmentLevel>(value, out var l) => Level(l),
            "Decision" when Enum.TryParse<LabelDecision>(value, out var d) => Decision(d),
            "TargetKind" when Enum.TryParse<ConventionTarget>(value, out var t) => Convention(t),
            _ when value == "true" => "oui",
            _ when value == "false" => "non",
            _ when value.Length == 10 && DateOnly.TryParseExact(value, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var date) => Fr.Date(date),
            _ => value,
        };
    }
}
