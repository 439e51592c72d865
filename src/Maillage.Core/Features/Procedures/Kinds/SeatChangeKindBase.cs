using Maillage.Core.Data;
using Maillage.Domain.Procedures;

namespace Maillage.Core.Features.Procedures.Kinds;

/// <summary>
/// The two changes of seat of the annex (a centre's, <see cref="SeatChangeKind"/>; a filière's, <see cref="FiliereSeatChangeKind"/>):
/// the same requirements, from the initial and the receiving establishments, one dossier at a time or many at once.
/// </summary>
public abstract class SeatChangeKindBase(MaillageDbContext db, ProcedureLookups lookups) : AnnexProcedureKind(db, lookups)
{
    public override async Task<DossierRequirementsView> RequirementsAsync(Dossier d, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(d);
        var p = await Lookups.ParticipantsAsync([d.SeatFiness, d.OtherFiness!], ct);
        return new DossierRequirementsView(DossierRequirements.ForSeatChange(new SeatChangeContext(p[0], p[1])), FixedSections);
    }

    /// <summary>The same requirements for many changes of seat: the establishments' names in one query.</summary>
    protected override async Task<IReadOnlyDictionary<string, DossierRequirementsView>> BulkRequirementsAsync(IReadOnlyList<Dossier> dossiers, EstablishmentFacts facts, CancellationToken ct)
    {
        var names = (await Lookups.EstablishmentsAsync(dossiers.SelectMany(d => new[] { d.SeatFiness, d.OtherFiness }), facts, ct)).Names;
        return dossiers.ToDictionary(d => d.Id, d =>
        {
            var p = ProcedureLookups.Participants([d.SeatFiness, d.OtherFiness!], names);
            return new DossierRequirementsView(DossierRequirements.ForSeatChange(new SeatChangeContext(p[0], p[1])), FixedSections);
        }, StringComparer.Ordinal);
    }
}
