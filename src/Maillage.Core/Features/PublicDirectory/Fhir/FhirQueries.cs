using Maillage.Core.Data;
using Maillage.Core.Infrastructure.Nomenclature;
using Maillage.Core.Infrastructure.Security;

namespace Maillage.Core.Features.PublicDirectory.Fhir;

/// <summary>
/// The FHIR directory's door (<c>/fhir/r4</c>): read by id and search. The directory holds public registry data only
/// (structures, no person: <see cref="DataClass.Public"/>), so every caller, anonymous included, reads the same.
/// </summary>
public sealed class FhirQueries(MaillageDbContext db, OrphaGraphCache graphs)
{
    /// <summary>The resource of this type and id, or null.</summary>
    public async Task<FhirEntry?> ReadAsync(Caller caller, string type, string id, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return (await new FhirDirectory(db).AllAsync(type, ct)).FirstOrDefault(e => e.Id == id);
    }

    /// <summary>The resources of this type matching every criterion (ORPHA codes through the Orphanet classification).</summary>
    public async Task<List<FhirEntry>> SearchAsync(Caller caller, string type, IReadOnlyList<FhirSearch.Criterion> criteria, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(criteria);
        var graph = await graphs.GetAsync(db, ct);
        var all = await new FhirDirectory(db).AllAsync(type, ct);
        return all.Where(e => criteria.All(c => FhirSearch.Matches(e, c, graph))).ToList();
    }
}
