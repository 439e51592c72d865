using Maillage.Core.Data;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain;
using Maillage.Domain.Procedures;
using Maillage.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Core.Features.Procedures.Kinds;

/// <summary>
/// Change of a filière's (FSMR) seat establishment when its coordinator moves (note n° DGOS/DIR/DGRI/2018/218 du 19 septembre
/// 2018, annexe « Conditions pour un changement d'établissement de santé siège d'une structure labellisée en cas de mutation
/// d'un responsable de centre ou d'un coordonnateur de FSMR » : « La demande est formulée par la direction de l'établissement
/// d'accueil. Doivent être joints au dossier adressé à la DGOS la demande […] du coordonnateur de la FSMR, l'avis du directeur
/// de l'établissement initialement labellisé, ainsi que tout élément justifiant du maintien des moyens »). Opened by the
/// receiving direction, authored with the filière's coordinator; no committee step; the decision moves the filière's host
/// establishment (audited; the yearly list of coordinators shows it as a change of seat).
/// </summary>
public sealed class FiliereSeatChangeKind(MaillageDbContext db, ProcedureLookups lookups) : SeatChangeKindBase(db, lookups)
{
    public override ProcedureKind Kind => ProcedureKind.FiliereSeatChange;
    public override string IdPrefix => "SIF";
    public override bool HolderIsFiliereCoordinator => true;

    public override async Task<bool> CanOpenAsync(Caller caller, string? centreId, string? seatOrReceivingFiness, string? filiere, CancellationToken ct) =>
        caller.Role == UserRole.Establishment && await IsDirectionOfAsync(caller, seatOrReceivingFiness, ct);

    protected override async Task<bool> IsAuthorByRoleAsync(Caller caller, Dossier d, Func<string, Task<string?>> legalEntityOf, CancellationToken ct) => caller.Role switch
    {
        UserRole.Establishment => await legalEntityOf(d.OtherFiness!) == caller.ScopeId,
        UserRole.FiliereCoordinator => caller.ScopeId == d.FiliereAcronym,
        _ => false,
    };

    /// <summary>The authors are the filière's coordinator and the receiving establishment's direction.</summary>
    public override async Task<IReadOnlyList<(UserRole Role, string? ScopeId)>> AuthorAudiencesAsync(Dossier d, CancellationToken ct) =>
        [(UserRole.FiliereCoordinator, d.FiliereAcronym), (UserRole.Establishment, await Lookups.LegalEntityOfAsync(d.OtherFiness!, ct))];

    public override async Task<ProcedureResult?> ApplyApprovalAsync(Dossier d, DateOnly start, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(d);
        var filiere = await Db.Filieres.FirstAsync(f => f.Acronym == d.FiliereAcronym, ct);
        if (filiere.HostFiness != d.SeatFiness)
            return ProcedureResult.Conflict("seat", $"L'établissement siège de la filière a changé depuis l'ouverture du dossier ({filiere.HostFiness ?? "aucun"}) : rouvrez une demande.");
        filiere.HostFiness = d.OtherFiness;
        filiere.HostUnverified = false;
        d.MandateFrom = start;
        return null;
    }

    protected override string ApprovalBody(Dossier d) =>
        $"La DGOS accepte le changement d'établissement siège de la filière {d.FiliereAcronym} (dossier {d.Id}) vers l'établissement {d.OtherFiness}, à compter du {French.Date(d.MandateFrom)}.";

    protected override DecisionRecipient OutgoingRecipient(Dossier d) =>
        new("outgoing_holder", UserRole.FiliereCoordinator, d.FiliereAcronym, d.OutgoingPersonId, "Coordonnateur de la filière");
}
