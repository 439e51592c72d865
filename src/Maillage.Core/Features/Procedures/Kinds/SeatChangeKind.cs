using Maillage.Core.Data;
using Maillage.Core.Features.Registry;
using Maillage.Core.Infrastructure.Nomenclature;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain;
using Maillage.Domain.Procedures;
using Maillage.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Core.Features.Procedures.Kinds;

/// <summary>
/// Change of a centre's seat establishment (annex of the note of 19 September 2018): "la demande est formulée par la
/// direction de l'établissement d'accueil" — the receiving direction opens and authors it with the centre's head; no
/// committee step; the decision moves the centre, checked against the registry's structural rules.
/// </summary>
public sealed class SeatChangeKind(MaillageDbContext db, ProcedureLookups lookups) : SeatChangeKindBase(db, lookups)
{
    public override ProcedureKind Kind => ProcedureKind.SeatChange;
    public override string IdPrefix => "SIE";

    public override async Task<bool> CanOpenAsync(Caller caller, string? centreId, string? seatOrReceivingFiness, string? filiere, CancellationToken ct) =>
        caller.Role == UserRole.Establishment && await IsDirectionOfAsync(caller, seatOrReceivingFiness, ct);

    protected override async Task<bool> IsAuthorByRoleAsync(Caller caller, Dossier d, Func<string, Task<string?>> legalEntityOf, CancellationToken ct) => caller.Role switch
    {
        UserRole.Establishment => await legalEntityOf(d.OtherFiness!) == caller.ScopeId,
        UserRole.CentreHead => caller.ScopeId == d.CentreId,
        _ => false,
    };

    /// <summary>The authors are the centre's head and the receiving establishment's direction.</summary>
    public override async Task<IReadOnlyList<(UserRole Role, string? ScopeId)>> AuthorAudiencesAsync(Dossier d, CancellationToken ct)
    {
        var list = new List<(UserRole, string?)>();
        if (d.CentreId is not null) list.Add((UserRole.CentreHead, d.CentreId));
        list.Add((UserRole.Establishment, await Lookups.LegalEntityOfAsync(d.OtherFiness!, ct)));
        return list;
    }

    public override async Task<ProcedureResult?> ApplyApprovalAsync(Dossier d, DateOnly start, CancellationToken ct)
    {
        var centre = await Db.Centres.FirstAsync(c => c.Id == d.CentreId, ct);
        var before = await RegistrySnapshot.LoadAsync(Db, ct);
        centre.EstablishmentFiness = d.OtherFiness!;
        var orpha = await OrphaCatalog.LoadAsync(Db, ct);
        var known = RegistryRules.Validate(before, orpha).ToHashSet();
        var added = RegistryRules.Validate(RegistrySnapshot.With(before, centre), orpha).Where(v => !known.Contains(v)).ToList();
        if (added.Count > 0)
        {
            Db.ChangeTracker.Clear();
            return ProcedureResult.Invalid(added.Select(v => new FieldError(v.Field, $"{v.Message} ({v.Rule})")).ToList());
        }
        d.MandateFrom = start;
        return null;
    }

    protected override string ApprovalBody(Dossier d) =>
        $"La DGOS accepte le changement d'établissement siège (dossier {d.Id}), à compter du {French.Date(d.MandateFrom)}.";

    protected override DecisionRecipient OutgoingRecipient(Dossier d) =>
        new("outgoing_holder", UserRole.CentreHead, d.CentreId, d.OutgoingPersonId, "Responsable du centre");
}
