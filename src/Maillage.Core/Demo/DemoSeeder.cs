using Maillage.Core.Data;
using Maillage.Core.Demo;
using Maillage.Core.Features.Registry.Transfer;

namespace Maillage.Core.Data;

/// <summary>
/// Loads the fictitious demo network generated from the real filières, regions and départements
/// (<see cref="DemoNetworkGenerator"/>), and marks the database as the demo set: every page and export then says
/// that the data are fictitious, and the demo accounts may sign in.
/// </summary>
public static class DemoSeeder
{
    public static async Task SeedAsync(MaillageDbContext db, string dataDirectory, CancellationToken ct)
    {
        var data = DemoNetworkGenerator.Generate(DemoInputs.FromDataDirectory(dataDirectory));
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await RegistryStore.UpsertAsync(db, data, ct);
        db.DataSetInfos.Add(new DataSetInfo { Key = DataSetInfo.DemoKey, Value = "true" });
        await db.SaveChangesAsync(ct);
        await DemoReports.SeedAsync(db, TimeProvider.System, ct);
        await DemoGovernance.SeedAsync(db, TimeProvider.System, ct);
        await DemoCommittee.SeedAsync(db, TimeProvider.System, ct);
        await DemoFiliereActivity.SeedAsync(db, ct);
        await DemoBudget.SeedAsync(db, TimeProvider.System, ct);
        await tx.CommitAsync(ct);
    }
}
