using Maillage.Core.Data;

namespace Maillage.Core.Seeding;

/// <summary>Loads the fictitious demo network (filled in when the generator lands).</summary>
public static class DemoSeeder
{
    public static async Task SeedAsync(MaillageDbContext db, string dataDirectory, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(dataDirectory);
        db.DataSetInfos.Add(new DataSetInfo { Key = DataSetInfo.DemoKey, Value = "true" });
        await db.SaveChangesAsync(ct);
    }
}
