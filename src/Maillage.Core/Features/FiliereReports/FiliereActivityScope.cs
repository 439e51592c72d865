using Maillage.Core.Data;
using Maillage.Core.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Core.Features.FiliereReports;

/// <summary>What the scope rules of a filière's activity need to know of it: its acronym, name and host's region.</summary>
public sealed record FiliereSubject(string Acronym, string Name, string? HostRegion, string? Website);

/// <summary>
/// Who may do what with a filière's activity (docs/filieres-reports.md, « Qui voit quoi »): the coordinator of the
/// filière (role FiliereCoordinator scoped to it) and the ministry edit; the regional agency of the host establishment's
/// region reads the report once submitted and the action plan (note of 19 September 2018, §2 « Evaluation » : the report
/// is sent « pour information à l'ARS de rattachement de l'établissement siège ») ; everyone reads a report the ministry
/// has received (it is published) and the census (trainings, PNDS, laboratories, registries: public information).
/// </summary>
public static class FiliereActivityScope
{
    public static async Task<FiliereSubject?> SubjectAsync(MaillageDbContext db, string? acronym, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (string.IsNullOrWhiteSpace(acronym) || acronym.Length > 32) return null;
        var f = await db.Filieres.AsNoTracking().Include(x => x.Host).ThenInclude(h => h!.Departement)
            .FirstOrDefaultAsync(x => x.Acronym == acronym, ct);
        return f is null ? null : new FiliereSubject(f.Acronym, f.Name, f.Host?.Departement?.RegionCode, f.Website);
    }

    /// <summary>True for the ministry and for the coordinator of this filière.</summary>
    public static bool CanEdit(Caller caller, string acronym)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (!caller.IsAuthenticated) return false;
        return caller.Role switch
        {
            UserRole.NationalAdmin => true,
            UserRole.FiliereCoordinator => string.Equals(caller.ScopeId, acronym, StringComparison.Ordinal),
            _ => false,
        };
    }

    /// <summary>True for the regional agency of the host establishment's region.</summary>
    public static bool IsHostAgency(Caller caller, FiliereSubject f)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(f);
        return caller.IsAuthenticated && caller.Role == UserRole.RegionalAgency && f.HostRegion is not null
            && string.Equals(caller.ScopeId, f.HostRegion, StringComparison.Ordinal);
    }

    /// <summary>The action plan: the editors and the host's regional agency (a working document, not published).</summary>
    public static bool CanReadPlan(Caller caller, FiliereSubject f)
    {
        ArgumentNullException.ThrowIfNull(f);
        return CanEdit(caller, f.Acronym) || IsHostAgency(caller, f);
    }

    public static string Who(Caller caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return caller.UserName ?? "?";
    }
}
