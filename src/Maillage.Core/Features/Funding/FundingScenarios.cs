using Maillage.Core.Data;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain.Funding;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Core.Features.Funding;

/// <summary>
/// The simulator's door (pages and API): run, save, list, read and delete scenarios of the MIG variable part. Every
/// method takes the caller and refuses anyone but the national administration (<see cref="FundingSimulator.Authorise"/>,
/// <see cref="AccessRefusedException"/>), whether the scenario exists or not.
/// </summary>
public sealed class FundingScenarios(MaillageDbContext db, TimeProvider clock)
{
    public Task<SimulationResult> RunAsync(Caller caller, ScenarioSpec spec, CancellationToken ct) => FundingSimulator.RunAsync(db, caller, spec, ct);

    /// <summary>Runs the scenario (so that an invalid one is refused with <see cref="FundingInputException"/>) then saves it.</summary>
    public async Task<FundingScenario> SaveAsync(Caller caller, ScenarioSpec spec, string name, string? note, CancellationToken ct)
    {
        await FundingSimulator.RunAsync(db, caller, spec, ct);
        return await FundingSimulator.SaveAsync(db, caller, spec, name, note, clock.GetUtcNow(), ct);
    }

    /// <summary>Saved scenarios, most recent first.</summary>
    public async Task<List<FundingScenario>> ListAsync(Caller caller, CancellationToken ct)
    {
        FundingSimulator.Authorise(caller);
        return (await db.Set<FundingScenario>().AsNoTracking().ToListAsync(ct)).OrderByDescending(s => s.CreatedAt).ToList();
    }

    public async Task<FundingScenario?> FindAsync(Caller caller, string id, CancellationToken ct)
    {
        FundingSimulator.Authorise(caller);
        return await db.Set<FundingScenario>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
    }

    /// <summary>Deletes a saved scenario; false when there is none of this id.</summary>
    public async Task<bool> DeleteAsync(Caller caller, string id, CancellationToken ct)
    {
        FundingSimulator.Authorise(caller);
        var s = await db.Set<FundingScenario>().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (s is null) return false;
        db.Remove(s);
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>The latest year with an annual report (the simulator's default year), or last year when there is none.</summary>
    public async Task<int> DefaultYearAsync(Caller caller, CancellationToken ct)
    {
        FundingSimulator.Authorise(caller);
        return await db.AnnualReports.AsNoTracking().Select(r => (int?)r.Year).MaxAsync(ct) ?? clock.GetLocalNow().Year - 1;
    }
}
