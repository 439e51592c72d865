using System.Diagnostics;
using System.Globalization;
using Maillage.Core.Data;
using Maillage.Core.Features.Activity;
using Maillage.Core.Infrastructure.Campaigns;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain.Registry;
using Maillage.Domain.Reports;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Maillage.Core.Demo;

/// <summary>What <see cref="DemoNational.SeedAsync"/> adds: how many years back, how many activity rows per year.</summary>
public sealed record DemoNationalOptions
{
    public const int MaxYears = 12;
    public const long MaxRowsPerYear = 20_000_000;

    /// <summary>Years of activity ending with the current one (up to yesterday), and of annual reports before it.</summary>
    public int Years { get; init; } = 10;

    /// <summary>Rows of the fictitious extract imported for each year (over every open centre).</summary>
    public long ActivityRowsPerYear { get; init; } = 100_000;

    /// <summary>What is out of bounds, in French (null when the options are valid).</summary>
    public string? Error() =>
        Years is < 1 or > MaxYears ? $"--years : entre 1 et {MaxYears} (reçu : {Years})."
        : ActivityRowsPerYear is < 0 or > MaxRowsPerYear ? $"--activity-rows : entre 0 et {MaxRowsPerYear} (reçu : {ActivityRowsPerYear})."
        : null;

    /// <summary>Refuses what is out of bounds (<see cref="ArgumentOutOfRangeException"/> with the French message).</summary>
    public void Validate()
    {
        if (Error() is { } error) throw new ArgumentOutOfRangeException(nameof(DemoNationalOptions), error);
    }
}

/// <summary>What <see cref="DemoNational.SeedAsync"/> added.</summary>
public sealed record DemoNationalResult(bool AlreadyDone, IReadOnlyList<int> ReportYears, int Reports, IReadOnlyList<int> ActivityYears, long ActivityRows, int Indicators);

/// <summary>
/// The national-size demo data set for the page benchmarks (docs/demo-data.md, « National data set »): on the demo database
/// (the network is already national: ~2,600 structures), adds <see cref="DemoNationalOptions.Years"/> years of history —
/// one fictitious annual report per centre labelled that year for every past year a campaign covers (besides the default
/// demo's 2024 and this campaign's), written as <see cref="DemoReports"/> writes 2024's, and a fictitious activity extract
/// per year over every open centre (<see cref="DemoActivityExtract"/>, seed = year) imported through the real
/// <see cref="ActivityImporter"/>. Deterministic given the date; runs once (<c>dataset_info</c> key <see cref="Key"/>).
/// Never on a database that is not the demo set.
/// </summary>
public static class DemoNational
{
    public const string Key = "demo_national";
    public const string FileNamePrefix = "extraction-activite-nationale-fictive";

    public static async Task<DemoNationalResult> SeedAsync(MaillageDbContext db, DateOnly today, DemoNationalOptions options, ILogger logger, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        options.Validate();
        if (!await DataSetInfo.IsDemoAsync(db, ct))
            throw new InvalidOperationException("Cette base n'est pas la démonstration : le jeu national fictif ne s'ajoute qu'aux données de démonstration (maillage db init --demo).");
        if (await db.DataSetInfos.AsNoTracking().AnyAsync(x => x.Key == Key, ct))
            return new DemoNationalResult(true, [], 0, [], 0, 0);

        // Reports: every past year of the window that a campaign covers, for the centres labelled that year.
        var first = today.Year - options.Years + 1;
        var reportYears = Enumerable.Range(first, options.Years - 1).Where(y => CampaignCatalogue.Shipped.ForYear(y) is not null).ToList();
        var all = await db.Centres.AsNoTracking().Include(c => c.Network).Include(c => c.Attachments).Include(c => c.Establishment).ThenInclude(e => e!.Departement)
            .ToListAsync(ct);
        var labels = await db.Labels.AsNoTracking().Where(l => l.CentreId != null && l.Decision != LabelDecision.NotRetained)
            .Select(l => new { l.CentreId, l.ValidFrom, l.ValidTo }).ToListAsync(ct);
        var existing = (await db.AnnualReports.AsNoTracking().Select(r => new { r.CentreId, r.Year }).ToListAsync(ct))
            .Select(r => (r.CentreId, r.Year)).ToHashSet();
        var reports = 0;
        foreach (var year in reportYears)
        {
            var sw = Stopwatch.StartNew();
            var (from, to) = (new DateOnly(year, 1, 1), new DateOnly(year, 12, 31));
            var labelled = labels.Where(l => l.ValidFrom <= to && (l.ValidTo is null || l.ValidTo >= from)).Select(l => l.CentreId!).ToHashSet(StringComparer.Ordinal);
            var centres = all.Where(c => labelled.Contains(c.Id) && !existing.Contains((c.Id, year))).ToList();
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var added = await DemoReports.SeedYearAsync(db, TimeProvider.System, year, centres, ct);
            await tx.CommitAsync(ct);
            db.ChangeTracker.Clear();
            reports += added;
            logger.LogInformation("Démo nationale : {Reports} rapports {Year} en {Elapsed} ms", DemoFirstStart.N(added), year, sw.ElapsedMilliseconds);
        }

        // Activity: one extract per year of the window over every open centre, imported as the ministry imports one.
        var activityYears = options.ActivityRowsPerYear == 0 ? [] : Enumerable.Range(first, options.Years).Where(y => y < today.Year || today.DayOfYear > 1).ToList();
        long rows = 0;
        var indicators = 0;
        foreach (var year in activityYears)
        {
            var sw = Stopwatch.StartNew();
            var file = Path.Combine(Path.GetTempPath(), $"maillage-national-{Guid.NewGuid():N}.csv");
            try
            {
                await using (var output = File.Create(file))
                    await DemoActivityExtract.WriteAsync(db, output, new DemoActivityExtractOptions
                    {
                        Rows = options.ActivityRowsPerYear, Seed = (ulong)year, Year = year, LastDay = year == today.Year ? today.AddDays(-1) : null,
                    }, ct);
                var clock = new DemoClock(today).At(-1, 8);
                await using var input = File.OpenRead(file);
                var result = await ActivityImporter.ImportAsync(db, new Caller("admin", UserRole.NationalAdmin, null), input,
                    string.Create(CultureInfo.InvariantCulture, $"{FileNamePrefix}-{year}.csv"), input.Length, file + ".rejects.csv",
                    new ActivityImportOptions { ImportedBy = "admin (démo nationale, extraction fictive)", Clock = clock }, ct);
                if (result.Outcome != ActivityImportOutcome.Applied)
                    throw new InvalidOperationException($"Démo nationale : l'extraction fictive {year} n'a pas été importée ({result.Outcome}).");
                rows += result.Rows;
                indicators += result.Indicators.Count;
                logger.LogInformation("Démo nationale : {Rows} lignes d'activité {Year} importées ({Indicators} indicateurs) en {Elapsed} ms",
                    DemoFirstStart.N(result.Rows), year, DemoFirstStart.N(result.Indicators.Count), sw.ElapsedMilliseconds);
            }
            finally
            {
                File.Delete(file);
                File.Delete(file + ".rejects.csv");
            }
            db.ChangeTracker.Clear();
        }

        db.DataSetInfos.Add(new DataSetInfo
        {
            Key = Key,
            Value = string.Create(CultureInfo.InvariantCulture, $"{today:yyyy-MM-dd};years={options.Years};rows={options.ActivityRowsPerYear}"),
        });
        await db.SaveChangesAsync(ct);
        return new DemoNationalResult(false, reportYears, reports, activityYears, rows, indicators);
    }
}
