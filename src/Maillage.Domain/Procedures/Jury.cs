namespace Maillage.Domain.Procedures;

/// <summary>
/// The seat a jury member holds. A platform call's jury has eight seats (note DGOS/MMR/2020/221 du 7 décembre 2020, §VIII); a labelling campaign's jury is
/// made of experts (seeds 001, 004 speak of "le jury de labellisation" without fixing its composition).
/// </summary>
public enum JurySeat
{
    /// <summary>A representative of the DGOS, who chairs (note DGOS/MMR/2020/221 du 7 décembre 2020, §VIII: "un jury présidé par la DGOS").</summary>
    Dgos,
    /// <summary>A filière (FSMR) coordinator.</summary>
    FiliereCoordinator,
    /// <summary>A representative of the health establishments.</summary>
    EstablishmentRepresentative,
    /// <summary>The president of the labelling follow-up committee.</summary>
    FollowUpCommitteePresident,
    /// <summary>A representative designated by the DGCS (social cohesion).</summary>
    Dgcs,
    /// <summary>A representative designated by the DGRI (research and innovation).</summary>
    Dgri,
    /// <summary>A representative of the regional health agencies.</summary>
    RegionalAgency,
    /// <summary>A representative of the patient associations.</summary>
    PatientAssociation,
    /// <summary>An expert of a labelling jury.</summary>
    Expert,
}

/// <summary>A jury member as the rules see him or her.</summary>
public sealed record JurorProfile(
    JurySeat Seat,
    /// <summary>The legal entity (EJ FINESS) the member works for, if any.</summary>
    string? LegalEntityFiness,
    /// <summary>The filière the member belongs to (coordinates, or whose centre he or she heads), if any.</summary>
    string? FiliereAcronym,
    bool InterestsDeclared,
    bool CharterSigned);

/// <summary>What a dossier involves, for the conflict-of-interest rule.</summary>
public sealed record DossierParties(IReadOnlyCollection<string> LegalEntities, IReadOnlyCollection<string> Filieres);

public static class JuryRules
{
    public const string PlatformJurySource = "Note d'information n° DGOS/MMR/2020/221 du 7 décembre 2020, §VIII Procédure de sélection des projets";

    /// <summary>The eight seats of a platform call's jury, one member each, chaired by the DGOS (note DGOS/MMR/2020/221 du 7 décembre 2020, §VIII).</summary>
    public static IReadOnlyList<JurySeat> PlatformSeats { get; } =
    [
        JurySeat.Dgos, JurySeat.FiliereCoordinator, JurySeat.EstablishmentRepresentative, JurySeat.FollowUpCommitteePresident,
        JurySeat.Dgcs, JurySeat.Dgri, JurySeat.RegionalAgency, JurySeat.PatientAssociation,
    ];

    public static string Code(this JurySeat s) => s switch
    {
        JurySeat.Dgos => "dgos",
        JurySeat.FiliereCoordinator => "filiere_coordinator",
        JurySeat.EstablishmentRepresentative => "establishment_representative",
        JurySeat.FollowUpCommitteePresident => "follow_up_committee_president",
        JurySeat.Dgcs => "dgcs",
        JurySeat.Dgri => "dgri",
        JurySeat.RegionalAgency => "regional_agency",
        JurySeat.PatientAssociation => "patient_association",
        JurySeat.Expert => "expert",
    };

    public static string Label(this JurySeat s) => s switch
    {
        JurySeat.Dgos => "Représentant de la DGOS (président)",
        JurySeat.FiliereCoordinator => "Coordonnateur de filière de santé maladies rares",
        JurySeat.EstablishmentRepresentative => "Représentant des établissements de santé",
        JurySeat.FollowUpCommitteePresident => "Président du comité de suivi de la labellisation",
        JurySeat.Dgcs => "Représentant désigné par la DGCS",
        JurySeat.Dgri => "Représentant désigné par la DGRI",
        JurySeat.RegionalAgency => "Représentant des ARS",
        JurySeat.PatientAssociation => "Représentant des associations de patients",
        JurySeat.Expert => "Expert",
    };

    /// <summary>The seats a call's jury may hold.</summary>
    public static IReadOnlyList<JurySeat> SeatsFor(CallKind kind) => kind == CallKind.PlatformCall ? PlatformSeats : [JurySeat.Expert];

    /// <summary>
    /// Why a member may not assess a dossier, or null: a member is kept off the dossiers of his or her own establishment
    /// (legal entity) or filière, and off every dossier until the declaration of interests is filed (and, for a platform
    /// call, the ethics charter signed — note DGOS/MMR/2020/221 du 7 décembre 2020, §VIII: "avant la tenue dudit jury").
    /// </summary>
    public static string? Exclusion(CallKind kind, JurorProfile member, DossierParties dossier)
    {
        ArgumentNullException.ThrowIfNull(member);
        ArgumentNullException.ThrowIfNull(dossier);
        if (!member.InterestsDeclared) return "Le membre n'a pas encore remis sa déclaration d'intérêts.";
        if (kind == CallKind.PlatformCall && !member.CharterSigned) return "Le membre n'a pas encore signé la charte de déontologie.";
        if (member.LegalEntityFiness is { } ej && dossier.LegalEntities.Contains(ej))
            return $"Conflit d'intérêts : le membre exerce dans un établissement du dossier (EJ {ej}).";
        if (member.FiliereAcronym is { } f && dossier.Filieres.Contains(f))
            return $"Conflit d'intérêts : le membre appartient à la filière du dossier ({f}).";
        return null;
    }

    /// <summary>
    /// Is the jury complete and ready to sit? For a platform call: exactly the eight seats, one member each, every member
    /// with a declaration of interests and a signed ethics charter. For a labelling jury: at least one expert, every
    /// member with a declaration of interests. Returns the problems, in French; empty when the jury may sit.
    /// </summary>
    public static IReadOnlyList<string> ReadinessProblems(CallKind kind, IReadOnlyList<JurorProfile> members)
    {
        ArgumentNullException.ThrowIfNull(members);
        var problems = new List<string>();
        if (kind == CallKind.PlatformCall)
        {
            foreach (var seat in PlatformSeats)
            {
                var n = members.Count(m => m.Seat == seat);
                if (n == 0) problems.Add($"Siège vacant : {seat.Label()}.");
                else if (n > 1) problems.Add($"Siège occupé par {n} membres : {seat.Label()} (un seul attendu).");
            }
            foreach (var m in members.Where(m => !PlatformSeats.Contains(m.Seat)))
                problems.Add($"Siège « {m.Seat.Label()} » inconnu du jury d'un appel à projets (8 sièges, note DGOS/MMR/2020/221 §VIII).");
        }
        else if (members.Count == 0) problems.Add("Le jury ne compte aucun membre.");
        var undeclared = members.Count(m => !m.InterestsDeclared);
        if (undeclared > 0) problems.Add($"{French.Count(undeclared, "membre", "membres")} sans déclaration d'intérêts.");
        if (kind == CallKind.PlatformCall)
        {
            var unsigned = members.Count(m => !m.CharterSigned);
            if (unsigned > 0) problems.Add($"{French.Count(unsigned, "membre", "membres")} sans charte de déontologie signée.");
        }
        return problems;
    }

    /// <summary>A review's score is an integer out of 20.</summary>
    public const int MaxScore = 20;

    public static IReadOnlyList<FieldError> ValidateReview(int? score, OpinionValue? recommendation, string? comments)
    {
        var errors = new List<FieldError>();
        if (score is null) errors.Add(new FieldError("score", "Note requise (entier de 0 à 20)."));
        else if (score < 0 || score > MaxScore) errors.Add(new FieldError("score", $"La note doit être comprise entre 0 et {MaxScore} ({score})."));
        if (recommendation is null) errors.Add(new FieldError("recommendation", "Avis requis : favorable, favorable avec réserves ou défavorable."));
        if (recommendation is OpinionValue.Unfavourable or OpinionValue.Reserved && string.IsNullOrWhiteSpace(comments))
            errors.Add(new FieldError("comments", "Un avis réservé ou défavorable doit être motivé."));
        if (comments is { Length: > OpinionRules.MaxReasonsLength })
            errors.Add(new FieldError("comments", $"Le commentaire dépasse {OpinionRules.MaxReasonsLength} caractères."));
        return errors;
    }
}
