using Maillage.Core.Data;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Core.Features.Registry;

/// <summary>What a caller may read of one person: identifying data (RPPS, status, birth date, clinical activity, the
/// person's history) and professional contact (e-mail). docs/security.md, "Who reads what (data classes)".</summary>
public sealed record PersonRights(bool Identifying, bool Contact)
{
    public static readonly PersonRights None = new(false, false);
}

/// <summary>A person as a caller may see him or her: the public part always, the rest null where the caller may not read it.</summary>
public sealed record PersonView(string Id, string? Title, string FirstName, string LastName, string? Rpps, HeadStatus? Status,
    DateOnly? BirthDate, bool? ClinicalActivity, string? Email, PersonRights Rights)
{
    public string DisplayName => string.IsNullOrEmpty(Title) ? $"{FirstName} {LastName}" : $"{Title} {FirstName} {LastName}";

    public static PersonView Of(Person p, PersonRights rights) => new(p.Id, p.Title, p.FirstName, p.LastName,
        rights.Identifying ? p.Rpps : null, rights.Identifying ? p.Status : null, rights.Identifying ? p.BirthDate : null,
        rights.Identifying ? p.ClinicalActivity : null, rights.Contact ? p.Email : null, rights);
}

/// <summary>
/// The minimisation of the registry's personal data (RGPD art. 5.1.c): which people's identifying data and professional
/// contact a caller may read, decided by <see cref="DataAccess.CanRead"/> on the person's scope (the structures he or she
/// heads today, as <see cref="AccessPolicy.ScopeOfAsync"/> computes it). For lists and exports the scopes are computed in
/// bulk, with the same rules (a test compares both).
/// </summary>
public sealed class PersonalData(MaillageDbContext db, AccessPolicy access, TimeProvider clock)
{
    private DateOnly Today => DateOnly.FromDateTime(clock.GetLocalNow().Date);

    public async Task<PersonRights> RightsAsync(Caller caller, string personId, CancellationToken ct = default)
    {
        if (!DataAccess.MayReadAny(caller, DataClass.IdentifyingPersonal) && !DataAccess.MayReadAny(caller, DataClass.ProfessionalContact)) return PersonRights.None;
        var scope = caller.Role == UserRole.NationalAdmin ? null : await access.ScopeOfAsync("person", personId, ct);
        return new PersonRights(DataAccess.CanRead(caller, DataClass.IdentifyingPersonal, scope), DataAccess.CanRead(caller, DataClass.ProfessionalContact, scope));
    }

    /// <summary>The rights of the caller on each of these people (all people when null).</summary>
    public async Task<Func<string, PersonRights>> RightsOfAsync(Caller caller, IReadOnlyCollection<string>? personIds, CancellationToken ct = default)
    {
        if (!DataAccess.MayReadAny(caller, DataClass.IdentifyingPersonal) && !DataAccess.MayReadAny(caller, DataClass.ProfessionalContact)) return _ => PersonRights.None;
        if (caller.Role == UserRole.NationalAdmin)
        {
            var all = new PersonRights(DataAccess.CanRead(caller, DataClass.IdentifyingPersonal, null), DataAccess.CanRead(caller, DataClass.ProfessionalContact, null));
            return _ => all;
        }
        var scopes = await ScopesOfPeopleAsync(personIds, ct);
        var rights = scopes.ToDictionary(s => s.Key, s => new PersonRights(
            DataAccess.CanRead(caller, DataClass.IdentifyingPersonal, s.Value), DataAccess.CanRead(caller, DataClass.ProfessionalContact, s.Value)), StringComparer.Ordinal);
        return id => rights.GetValueOrDefault(id, PersonRights.None);
    }

    /// <summary>The scope of each person (the structures he or she heads today), in a few queries: the bulk form of
    /// <c>AccessPolicy.ScopeOfAsync("person", id)</c>. People without a mandate in force get an empty scope.</summary>
    public async Task<Dictionary<string, ObjectScope>> ScopesOfPeopleAsync(IReadOnlyCollection<string>? personIds, CancellationToken ct = default)
    {
        var today = Today;
        var query = db.Mandates.AsNoTracking()
            .Where(m => m.From <= today && (m.To == null || m.To >= today) && (m.CentreId != null || m.FiliereAcronym != null));
        if (personIds is not null) query = query.Where(m => personIds.Contains(m.PersonId));
        var mandates = await query
            .Select(m => new { m.PersonId, m.CentreId, m.FiliereAcronym }).ToListAsync(ct);
        var centreIds = mandates.Where(m => m.CentreId != null).Select(m => m.CentreId!).Distinct().ToList();
        var centreScopes = await AccessPolicy.CentreScopesAsync(db, centreIds, ct);

        var result = new Dictionary<string, ObjectScope>(StringComparer.Ordinal);
        foreach (var id in personIds ?? []) result[id] = new ObjectScope();
        foreach (var m in mandates)
        {
            if (!result.TryGetValue(m.PersonId, out var s)) result[m.PersonId] = s = new ObjectScope();
            if (m.FiliereAcronym is not null) s.Filieres.Add(m.FiliereAcronym);
            if (m.CentreId is null || !centreScopes.TryGetValue(m.CentreId, out var c)) continue;
            s.Centres.UnionWith(c.Centres);
            s.LegalEntities.UnionWith(c.LegalEntities);
            s.Regions.UnionWith(c.Regions);
            s.Filieres.UnionWith(c.Filieres);
        }
        return result;
    }
}
