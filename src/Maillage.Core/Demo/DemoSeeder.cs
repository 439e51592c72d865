using Maillage.Core.Data;
using Maillage.Core.Demo;
using Maillage.Core.Features.Registry.Transfer;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Maillage.Core.Data;

/// <summary>
/// Loads the fictitious demo network generated from the real filières, regions and départements
/// (<see cref="DemoNetworkGenerator"/>), and marks the database as the demo set: every page and export then says
/// that the data are fictitious, and the demo accounts may sign in.
/// </summary>
public static class DemoSeeder
{
    public static Task SeedAsync(MaillageDbContext db, string dataDirectory, CancellationToken ct) => SeedAsync(db, dataDirectory, NullLogger.Instance, ct);

    public static async Task SeedAsync(MaillageDbContext db, string dataDirectory, ILogger logger, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(logger);
        var data = DemoNetworkGenerator.Generate(DemoInputs.FromDataDirectory(dataDirectory));
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await RegistryStore.UpsertAsync(db, data, ct);
        // First-start progress (docs/demo-data.md, « First start »).
        logger.LogInformation("Démo : {Centres} structures (sites, centres, plateformes), {People} personnes, {Associations} associations fictives…",
            DemoFirstStart.N(data.Centres.Count + data.Platforms.Count), DemoFirstStart.N(data.People.Count), DemoFirstStart.N(data.Associations.Count));
        db.DataSetInfos.Add(new DataSetInfo { Key = DataSetInfo.DemoKey, Value = "true" });
        await SettleAsync(db, ct);
        await DemoReports.SeedAsync(db, TimeProvider.System, ct);
        await SettleAsync(db, ct);
        await DemoGovernance.SeedAsync(db, TimeProvider.System, ct);
        await SettleAsync(db, ct);
        await DemoCommittee.SeedAsync(db, TimeProvider.System, ct);
        await SettleAsync(db, ct);
        await DemoFiliereActivity.SeedAsync(db, ct);
        await SettleAsync(db, ct);
        await DemoBudget.SeedAsync(db, TimeProvider.System, ct);
        await SettleAsync(db, ct);
        await DemoHome.SeedAsync(db, TimeProvider.System, ct); // Mon espace: notifications (after the dossiers)
        await SettleAsync(db, ct);
        await DemoCampaign.SeedAsync(db, TimeProvider.System, ct); // campaign tracking: a few fictitious reminders (docs/campaign-tracking.md)
        await SettleAsync(db, ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>
    /// Between two steps: what a step left is saved, then the context forgets it. The registry alone puts thousands of
    /// structures, people and links in the change tracker, and every later save — with its hooks (versions, audit,
    /// field lengths, mail outbox), each of which walks the tracked entries — would scan them again: most of the
    /// first start's time went there. The steps read what they need from the database.
    /// </summary>
    internal static async Task SettleAsync(MaillageDbContext db, CancellationToken ct)
    {
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
    }
}
