namespace Maillage.Domain.Procedures;

/// <summary>Who is told of a decision.</summary>
public enum Recipient
{
    OutgoingHolder,
    IncomingHolder,
    /// <summary>The head of the CRMR's coordinating site.</summary>
    CoordinatingHead,
    /// <summary>The director(s) of the establishment(s) concerned.</summary>
    EstablishmentDirectors,
    /// <summary>The regional health agency (ARS) the establishment(s) depend on.</summary>
    RegionalAgency,
    /// <summary>The coordinator of the filière concerned.</summary>
    FiliereCoordinator,
    /// <summary>The coordinators (heads) of the centres concerned: the CRMR sites, CCMR and CRC in a platform's scope.</summary>
    CentreHeads,
}

/// <summary>The recipients of a decision, as the note n° DGOS/DIR/DGRI/2018/218 du 19 septembre 2018, annexe « Procédure d'actualisation de la liste des CRMR et des FSMR » lists them.</summary>
public static class DecisionRecipients
{
    public static IReadOnlyList<Recipient> For(ProcedureKind kind) => kind switch
    {
        // "La décision de la DGOS est notifiée à l'ancien et au nouveau responsable de centre, au responsable du centre
        // coordonnateur du CRMR concerné, au(x) directeur(s) des établissements de santé concerné(s), à l'ARS de
        // rattachement et au coordonnateur de la FSMR concernée."
        ProcedureKind.CentreHeadSuccession =>
        [
            Recipient.OutgoingHolder, Recipient.IncomingHolder, Recipient.CoordinatingHead, Recipient.EstablishmentDirectors,
            Recipient.RegionalAgency, Recipient.FiliereCoordinator,
        ],
        // "… notifiée à l'ancien et au nouveau coordonnateur de la FSMR, au(x) directeur(s) des établissements de santé
        // concerné(s) et à l'ARS de rattachement."
        ProcedureKind.FiliereCoordinatorSuccession =>
        [
            Recipient.OutgoingHolder, Recipient.IncomingHolder, Recipient.EstablishmentDirectors, Recipient.RegionalAgency,
        ],
        // The annex lists no recipients for a change of seat: those who asked and those whose establishment is concerned,
        // the agency, and the filière.
        ProcedureKind.SeatChange =>
        [
            Recipient.OutgoingHolder, Recipient.EstablishmentDirectors, Recipient.RegionalAgency, Recipient.FiliereCoordinator,
        ],
        // Nor for a filière's: the moving coordinator, the establishments concerned, the agency.
        ProcedureKind.FiliereSeatChange =>
        [
            Recipient.OutgoingHolder, Recipient.EstablishmentDirectors, Recipient.RegionalAgency,
        ],
        // Seed 003 §IX: "Seront informés de la suite donnée à leur dossier : les établissements de santé porteurs de plateforme ;
        // les médecins coordonnateurs des FSMR ; les médecins coordonnateurs de CRMR, CCMR, CRC ; les agences régionales de
        // santé du territoire de l'établissement de santé porteur de plateforme." (the FSMR of the centres in scope)
        ProcedureKind.PlatformProject =>
        [
            Recipient.EstablishmentDirectors, Recipient.FiliereCoordinator, Recipient.CentreHeads, Recipient.RegionalAgency,
        ],
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
