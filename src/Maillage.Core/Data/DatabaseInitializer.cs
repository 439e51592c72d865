using System.Diagnostics;
using Maillage.Core.Data;
using Maillage.Core.Infrastructure.Nomenclature;
using Maillage.Core.Infrastructure.ReferenceData;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Maillage.Core.Data;

/// <summary>What a fresh database is filled with (configuration <c>Maillage:Seed</c>).</summary>
public enum SeedMode
{
    /// <summary>Schema only.</summary>
    None,
    /// <summary>Schema, geography, filières, ERN and the ORPHA nomenclature.</summary>
    Reference,
    /// <summary>Reference data plus the fictitious demo network (the default of the embedded SQLite run).</summary>
    Demo,
}

/// <summary>
/// First start: applies the schema scripts, then loads what is missing — reference data, the Orphanet nomenclature
/// shipped in data/orphanet, and (demo mode) the generated demo network. Each step runs only on an empty table, so a
/// restart changes nothing.
/// </summary>
public static class DatabaseInitializer
{
    public static Task InitializeAsync(MaillageDbContext db, SeedMode mode, ILogger logger, CancellationToken ct = default) =>
        InitializeAsync(db, mode, logger, TimeProvider.System, ct);

    /// <param name="clock">The date the demo's first start is seeded for (<see cref="Demo.DemoFirstStart"/>).</param>
    public static async Task InitializeAsync(MaillageDbContext db, SeedMode mode, ILogger logger, TimeProvider clock, CancellationToken ct = default)
    {
        var sw = Stopwatch.StartNew();
        var applied = await SchemaMigrator.MigrateAsync(db, ct);
        if (applied.Count > 0) logger.LogInformation("Schéma appliqué : {Versions}", string.Join(", ", applied));
        if (mode == SeedMode.None) return;

        var dataDir = DataPaths.DataDirectory;
        if (!await db.Regions.AnyAsync(ct))
        {
            await ReferenceDataLoader.LoadAsync(db, dataDir, ct);
            logger.LogInformation("Données de référence chargées ({Elapsed} ms)", sw.ElapsedMilliseconds);
        }
        if (!await db.OrphaDiseases.AnyAsync(ct))
        {
            var orpha = Path.Combine(dataDir, "orphanet");
            await OrphanetImporter.ImportAsync(db, Path.Combine(orpha, "Orphanet_Nomenclature_Pack_EN_2023.zip"), orpha, null, ct);
            logger.LogInformation("Nomenclature ORPHA chargée ({Elapsed} ms)", sw.ElapsedMilliseconds);
        }
        if (mode == SeedMode.Demo && !await db.Centres.AnyAsync(ct))
        {
            logger.LogInformation("Démo : chargement du réseau de démonstration (fictif), quelques dizaines de secondes au premier démarrage…");
            await DemoSeeder.SeedAsync(db, dataDir, logger, ct);
            logger.LogInformation("Réseau de démonstration (fictif) chargé ({Elapsed} ms)", sw.ElapsedMilliseconds);
        }
        // The demo's first start (activity, calls and dossiers, this campaign's reports): each step once, relative to today.
        if (mode == SeedMode.Demo && await Demo.DemoFirstStart.EnsureAsync(db, clock, logger, ct) > 0)
            logger.LogInformation("Démonstration prête ({Elapsed} ms)", sw.ElapsedMilliseconds);
    }
}
