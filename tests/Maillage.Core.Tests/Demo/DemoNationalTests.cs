using Maillage.Core.Tests.Cli;
using Maillage.Core.Data;
using Maillage.Core.Demo;
using Maillage.Domain.Registry;
using Maillage.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace Maillage.Core.Tests.Demo;

/// <summary>
/// The national data set (<see cref="DemoNational"/>, <c>maillage demo national</c>): on a copy of the demo database, a
/// short window (three years, a few thousand activity rows a year) so that the test stays quick; the benchmark runs ten.
/// </summary>
[Collection("Console")]
public sealed class DemoNationalTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly DateOnly Today = new(2026, 3, 2);
    private static readonly DemoNationalOptions Small = new() { Years = 3, ActivityRowsPerYear = 3_000 };

    [Fact]
    public async Task Adds_one_report_per_centre_labelled_each_past_year_and_an_activity_import_per_year_once()
    {
        await using var temp = await TempSqliteDb.CreateAsync(SeedTemplates.SqliteFile("demo"), Ct);
        var db = temp.Db;
        var before2024 = await db.AnnualReports.CountAsync(r => r.Year == 2024, Ct);
        Assert.Equal(0, await db.AnnualReports.CountAsync(r => r.Year == 2025, Ct));

        var result = await DemoNational.SeedAsync(db, Today, Small, NullLogger.Instance, Ct);

        Assert.False(result.AlreadyDone);
        Assert.Equal([2024, 2025], result.ReportYears);
        Assert.Equal([2024, 2025, 2026], result.ActivityYears);
        // 2025: every centre with a label in force some day of 2025, one fictitious, evaluated report each.
        var (from, to) = (new DateOnly(2025, 1, 1), new DateOnly(2025, 12, 31));
        var labelled = (await db.Labels.AsNoTracking().Where(l => l.CentreId != null && l.Decision != LabelDecision.NotRetained && l.ValidFrom <= to
            && (l.ValidTo == null || l.ValidTo >= from)).Select(l => l.CentreId!).ToListAsync(Ct)).ToHashSet(StringComparer.Ordinal);
        var reports2025 = await db.AnnualReports.AsNoTracking().Where(r => r.Year == 2025).ToListAsync(Ct);
        Assert.True(labelled.Count > 2000, $"{labelled.Count} centres labelled in 2025");
        Assert.Equal(labelled.Order(StringComparer.Ordinal), reports2025.Select(r => r.CentreId).Order(StringComparer.Ordinal));
        Assert.All(reports2025, r => { Assert.True(r.Fictitious); Assert.NotNull(r.Verdict); });
        // 2024 already had the default demo's reports: only centres without one got one.
        var after2024 = await db.AnnualReports.CountAsync(r => r.Year == 2024, Ct);
        Assert.Equal(before2024 + result.Reports - reports2025.Count, after2024);
        // One import per year, through the importer, with indicators for each year.
        var imports = await db.ActivityImports.AsNoTracking().Where(i => i.FileName.StartsWith(DemoNational.FileNamePrefix)).ToListAsync(Ct);
        Assert.Equal(3, imports.Count);
        Assert.Equal(3 * Small.ActivityRowsPerYear, result.ActivityRows);
        foreach (var year in result.ActivityYears)
            Assert.True(await db.ActivityIndicators.CountAsync(x => x.Year == year, Ct) > 500, $"indicators of {year}");

        // Once: a second run adds nothing.
        var count = await db.AnnualReports.CountAsync(Ct);
        var again = await DemoNational.SeedAsync(db, Today, Small, NullLogger.Instance, Ct);
        Assert.True(again.AlreadyDone);
        Assert.Equal(count, await db.AnnualReports.CountAsync(Ct));
        Assert.Equal(3, await db.ActivityImports.CountAsync(i => i.FileName.StartsWith(DemoNational.FileNamePrefix), Ct));
    }

    [Fact]
    public async Task Is_deterministic_given_the_date()
    {
        var options = Small with { ActivityRowsPerYear = 0 };
        await using var a = await TempSqliteDb.CreateAsync(SeedTemplates.SqliteFile("demo"), Ct);
        await using var b = await TempSqliteDb.CreateAsync(SeedTemplates.SqliteFile("demo"), Ct);
        await DemoNational.SeedAsync(a.Db, Today, options, NullLogger.Instance, Ct);
        await DemoNational.SeedAsync(b.Db, Today, options, NullLogger.Instance, Ct);
        static async Task<List<string>> Figures(MaillageDbContext db) => (await db.AnnualReports.AsNoTracking().Where(r => r.Year == 2025)
            .Select(r => new { r.CentreId, r.ActivePatients, r.Consultations, r.Verdict }).ToListAsync(Ct))
            .OrderBy(r => r.CentreId, StringComparer.Ordinal).Select(r => $"{r.CentreId};{r.ActivePatients};{r.Consultations};{r.Verdict}").ToList();
        var figures = await Figures(a.Db);
        Assert.NotEmpty(figures);
        Assert.Equal(figures, await Figures(b.Db));
    }

    [Fact]
    public async Task Refuses_a_database_that_is_not_the_demo()
    {
        await using var temp = await TempSqliteDb.CreateAsync(SeedTemplates.SqliteFile("reference"), Ct);
        await Assert.ThrowsAsync<InvalidOperationException>(() => DemoNational.SeedAsync(temp.Db, Today, Small, NullLogger.Instance, Ct));
        Assert.Equal(0, await temp.Db.AnnualReports.CountAsync(Ct));
    }

    [Theory]
    [InlineData(0, 1000)]
    [InlineData(DemoNationalOptions.MaxYears + 1, 1000)]
    [InlineData(10, -1)]
    [InlineData(10, DemoNationalOptions.MaxRowsPerYear + 1)]
    public void Bounds_are_refused(int years, long rows) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new DemoNationalOptions { Years = years, ActivityRowsPerYear = rows }.Validate());

    [Fact]
    public async Task The_cli_refuses_bad_bounds_and_a_database_that_is_not_the_demo()
    {
        await using var temp = await TempSqliteDb.CreateAsync(SeedTemplates.SqliteFile("reference"), Ct);
        var (code, _, err) = await InProcessCli.RunAsync(temp.Path, "demo", "national", "--years", "0");
        Assert.Equal(2, code);
        Assert.Contains("--years", err, StringComparison.Ordinal);
        (code, _, err) = await InProcessCli.RunAsync(temp.Path, "demo", "national", "--years", "2", "--activity-rows", "0");
        Assert.Equal(1, code);
        Assert.Contains("pas la démonstration", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_cli_adds_the_history_to_the_demo_once()
    {
        await using var temp = await TempSqliteDb.CreateAsync(SeedTemplates.SqliteFile("demo"), Ct);
        var (code, output, _) = await InProcessCli.RunAsync(temp.Path, "demo", "national", "--years", "2", "--activity-rows", "1000");
        Assert.Equal(0, code);
        Assert.Contains("Lignes d'activité importées : 2000", output, StringComparison.Ordinal);
        Assert.Contains("Données fictives de démonstration.", output, StringComparison.Ordinal);
        (code, output, _) = await InProcessCli.RunAsync(temp.Path, "demo", "national");
        Assert.Equal(0, code);
        Assert.Contains("déjà chargé", output, StringComparison.Ordinal);
    }
}
