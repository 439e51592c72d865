using Maillage.Core.Data;
using Maillage.Core.Features.Activity;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Core.Demo;

/// <summary>
/// The demo's activity: a fictitious extract of the national rare-disease data bank (<see cref="DemoActivityExtract"/>,
/// <see cref="RowsPerYear"/> rows for last year and as many for this year up to today) over the centres of the demo
/// filière (<see cref="Filiere"/>: its sites and the competence centres attached to them), imported through the real
/// <see cref="ActivityImporter"/> as the ministry imports one, so that the activity pages, the indicators and the reports'
/// prefill show figures at first start. Deterministic given the date.
/// </summary>
public static class DemoActivity
{
    public const string Filiere = "CARDIOGEN";
    public const int RowsPerYear = 2_000;
    public const string FileName = "extraction-activite-demo-fictive.csv";

    public static async Task<ActivityImportResult> SeedAsync(MaillageDbContext db, DemoClock clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(clock);
        var networks = await db.Networks.AsNoTracking().Where(n => n.FiliereAcronym == Filiere).Select(n => n.Id).ToListAsync(ct);
        var centres = await db.Centres.AsNoTracking()
            .Where(c => c.ClosedOn == null && ((c.NetworkId != null && networks.Contains(c.NetworkId)) || c.Attachments.Any(a => networks.Contains(a.NetworkId))))
            .Select(c => c.Id).ToListAsync(ct);
        var today = clock.Today;
        using var extract = new MemoryStream();
        await DemoActivityExtract.WriteAsync(db, extract, new DemoActivityExtractOptions { Rows = RowsPerYear, Seed = 2023, Year = today.Year - 1, Centres = centres }, ct);
        if (today.DayOfYear > 1)
            await DemoActivityExtract.WriteAsync(db, extract, new DemoActivityExtractOptions
            {
                Rows = RowsPerYear, Seed = 2024, Year = today.Year, Centres = centres, LastDay = today.AddDays(-1), Header = false,
            }, ct);
        extract.Position = 0;
        var rejects = Path.Combine(Path.GetTempPath(), $"maillage-demo-{Guid.NewGuid():N}.rejects.csv");
        try
        {
            clock.At(-3, 8);
            return await ActivityImporter.ImportAsync(db, new Caller("admin", UserRole.NationalAdmin, null), extract, FileName, extract.Length, rejects,
                new ActivityImportOptions { ImportedBy = "admin (démo, extraction fictive)", Clock = clock, Workers = 1 }, ct);
        }
        finally
        {
            if (File.Exists(rejects)) File.Delete(rejects);
        }
    }
}
