using Maillage.Domain.PublicDirectory;

namespace Maillage.Core.Infrastructure.Security;

/// <summary>
/// The classes of data that minimisation (RGPD art. 5.1.c) distinguishes. docs/security.md ("Who reads what") gives the
/// matrix; <see cref="DataAccess"/> is its only implementation, used by every Core read (pages, API, exports, CLI).
/// </summary>
public enum DataClass
{
    /// <summary>The registry without personal data, heads by professional name and title, the directory, open data,
    /// activity counts of at least <see cref="SmallCells.Threshold"/>.</summary>
    Public,
    /// <summary>A person's professional e-mail and telephone.</summary>
    ProfessionalContact,
    /// <summary>RPPS, birth date, status (PU-PH…), a person's own history (changes of those fields).</summary>
    IdentifyingPersonal,
    /// <summary>Measured activity per centre and year (indicators, residence breakdown, imports), declared activity of reports.</summary>
    HealthActivity,
    /// <summary>Activity counts below <see cref="SmallCells.Threshold"/> (re-identification risk).</summary>
    SmallCells,
}

/// <summary>
/// Who may read which class of data about an object. Public data: everyone. Every other class: the national
/// administration everywhere, and the regional agency, establishment direction, filière coordinator and centre head
/// only for objects in their scope (<see cref="ObjectScope"/>: for a person, the structures he or she heads today).
/// Associations, experts and follow-up committee members read public data only (experts read their assigned dossiers,
/// committee members the dossiers referred to the committee, through the procedures' own rules). Anything else, and a missing scope, is refused: fail closed.
/// </summary>
public static class DataAccess
{
    public static bool CanRead(Caller caller, DataClass data, ObjectScope? scope)
    {
        if (data == DataClass.Public) return true;
        if (!caller.IsAuthenticated) return false;
        if (caller.Role == UserRole.NationalAdmin) return true;
        if (caller.Role is UserRole.Association or UserRole.Expert or UserRole.FollowUpCommittee or null) return false;
        return scope is not null && AccessPolicy.Allows(caller, scope);
    }

    /// <summary>True when the caller may read this class of data on some object at all (to decide whether to compute a
    /// scoped view, never as the final check).</summary>
    public static bool MayReadAny(Caller caller, DataClass data)
    {
        if (data == DataClass.Public) return true;
        if (!caller.IsAuthenticated) return false;
        if (caller.Role == UserRole.NationalAdmin) return true;
        return caller.Role is UserRole.RegionalAgency or UserRole.Establishment or UserRole.FiliereCoordinator or UserRole.CentreHead
            && !string.IsNullOrEmpty(caller.ScopeId);
    }

    /// <summary>An activity count as this caller may see it: the count, or null ("moins de 10") when the caller may not read
    /// small cells of this object.</summary>
    public static long? Count(Caller caller, ObjectScope? scope, long? count) =>
        CanRead(caller, DataClass.SmallCells, scope) ? count : SmallCells.Publishable(count);
}
