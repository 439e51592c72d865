using System.Globalization;
using Maillage.Core.Data;
using Maillage.Core.Demo;
using Maillage.Core.Features.Procedures;
using Maillage.Core.Features.Reports;
using Maillage.Core.Tests.Cli;
using Maillage.Domain.Procedures;
using Maillage.Domain.Reports;
using Maillage.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace Maillage.Core.Tests.Demo;

/// <summary>
/// Two demo databases seeded on the same day: one by the web app's initializer (<see cref="DatabaseInitializer"/>), one by
/// <c>maillage db init --demo</c> on a fresh file (run twice). Both start from the reference template (reference data and
/// ORPHA nomenclature), so each seeds the demo network and its first start.
/// </summary>
public sealed class DemoFirstStartFixture : IAsyncLifetime
{
    public TempSqliteDb Web { get; private set; } = null!;
    public string CliFile { get; } = Path.Combine(Path.GetTempPath(), $"maillage-cli-demo-{Guid.NewGuid():N}.db");
    public (int Code, string Out, string Err) CliFirst { get; private set; }
    public (int Code, string Out, string Err) CliSecond { get; private set; }
    public DateOnly Today { get; private set; }

    public async ValueTask InitializeAsync()
    {
        Today = DateOnly.FromDateTime(DateTime.Now);
        Web = await TempSqliteDb.CreateAsync(SeedTemplates.SqliteFile("reference"), default);
        await DatabaseInitializer.InitializeAsync(Web.Db, SeedMode.Demo, NullLogger.Instance, TimeProvider.System);
        CliFirst = await InProcessCli.RunAsync(CliFile, "db", "init", "--demo");
        CliSecond = await InProcessCli.RunAsync(CliFile, "db", "init", "--demo");
    }

    public MaillageDbContext OpenCli() =>
        new(new DbContextOptionsBuilder<MaillageDbContext>().UseSqlite($"Data Source={CliFile};Pooling=False").Options);

    public async ValueTask DisposeAsync()
    {
        await Web.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var f in new[] { CliFile, CliFile + "-wal", CliFile + "-shm" })
            try { File.Delete(f); } catch (IOException) { }
    }
}

/// <summary>The demo's first start (docs/demo-data.md, « First start »): what a newcomer sees, and that it is the same each time.</summary>
[Collection("Console")]
public sealed class DemoFirstStartTests(DemoFirstStartFixture fx) : IClassFixture<DemoFirstStartFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_procedure_kind_has_dossiers_at_two_steps_at_least_and_both_calls_are_open_today()
    {
        var db = fx.Web.Db;
        var dossiers = await db.Set<Dossier>().AsNoTracking().ToListAsync(Ct);
        foreach (var kind in Enum.GetValues<ProcedureKind>())
        {
            var states = dossiers.Where(d => d.Kind == kind).Select(d => d.State).Distinct().ToList();
            Assert.True(states.Count >= 2, $"{kind} : {string.Join(", ", states)}");
        }
        // Steps a newcomer must find: a draft waiting for opinions, submitted, referred to the jury, decided.
        var all = dossiers.Select(d => d.State).ToHashSet();
        Assert.Superset(new HashSet<DossierState> { DossierState.Draft, DossierState.Submitted, DossierState.JuryReview, DossierState.Rejected }, all);
        var drafts = await db.Set<Dossier>().AsNoTracking().Include(d => d.Opinions).Include(d => d.Documents)
            .Where(d => d.State == DossierState.Draft && d.Kind == ProcedureKind.CentreHeadSuccession).ToListAsync(Ct);
        Assert.Contains(drafts, d => d.Documents.Count > 0 && d.Opinions.Count > 0); // some opinions given, others requested

        var calls = await db.Set<Call>().AsNoTracking().ToListAsync(Ct);
        foreach (var kind in Enum.GetValues<CallKind>())
            Assert.Contains(calls, c => c.Kind == kind && c.IsOpenOn(fx.Today) && c.Deadline > fx.Today);
        Assert.All(dossiers.Where(d => d.CallId is not null), d => Assert.Contains(calls, c => c.Id == d.CallId));
        // The rejected succession went through the follow-up committee, whose opinion is in its register.
        var rejected = dossiers.Single(d => d.Kind == ProcedureKind.CentreHeadSuccession && d.State == DossierState.Rejected);
        Assert.Equal(OpinionValue.Unfavourable, rejected.CommitteeOpinion);
        Assert.True(await db.CommitteeOpinions.AnyAsync(o => o.DossierId == rejected.Id, Ct));
    }

    [Fact]
    public async Task This_campaign_has_fictitious_reports_in_every_state_with_their_deadline_ahead()
    {
        var year = DemoReportCampaign.YearOf(fx.Today);
        Assert.NotNull(year);
        var deadline = ReportService.DeadlineOf(year.Value)!.Value;
        Assert.True(deadline >= fx.Today, $"échéance {deadline} passée");
        var reports = await fx.Web.Db.AnnualReports.AsNoTracking().Where(r => r.Year == year).ToListAsync(Ct);
        Assert.All(reports, r => Assert.True(r.Fictitious));
        foreach (var status in new[] { ReportStatus.Draft, ReportStatus.Submitted, ReportStatus.Validated, ReportStatus.Transmitted })
            Assert.Contains(reports, r => r.Status == status);
        Assert.Contains(reports, r => r.Status == ReportStatus.Draft && r.ReopenedAt is not null && r.LastReason is not null); // reopened by the ministry
        Assert.Contains(reports, r => r.Status == ReportStatus.Draft && r.ReopenedAt is null && r.SubmittedAt is not null && r.LastReason is not null); // returned
        Assert.All(reports.Where(r => r.SubmittedAt is { } s && r.Status != ReportStatus.Draft), r => Assert.True(DateOnly.FromDateTime(r.SubmittedAt!.Value.UtcDateTime) <= fx.Today));
        // The demo head's centre is left with its report to fill.
        var head = (await Maillage.Core.Features.Accounts.DemoAccounts.PlanAsync(fx.Web.Db, Ct)).Single(a => a.UserName == "responsable").ScopeId;
        Assert.DoesNotContain(reports, r => r.CentreId == head);
    }

    [Fact]
    public async Task The_imported_extract_gives_indicators_for_last_year_and_this_year_to_date()
    {
        var db = fx.Web.Db;
        var import = Assert.Single(await db.ActivityImports.AsNoTracking().Where(i => i.FileName == DemoActivity.FileName).ToListAsync(Ct));
        Assert.Equal(0, import.RejectedRows);
        Assert.InRange(import.Rows, 2 * DemoActivity.RowsPerYear - DemoActivity.RowsPerYear, 2 * DemoActivity.RowsPerYear);
        var indicators = await db.ActivityIndicators.AsNoTracking().ToListAsync(Ct);
        Assert.Contains(indicators, i => i.Year == fx.Today.Year - 1 && i.ActivePatients >= 10);
        if (fx.Today.DayOfYear > 1) Assert.Contains(indicators, i => i.Year == fx.Today.Year && i.ActivePatients >= 10);
        // Only the demo filière's centres, never a date ahead of today.
        var networks = await db.Networks.AsNoTracking().Where(n => n.FiliereAcronym == DemoActivity.Filiere).Select(n => n.Id).ToListAsync(Ct);
        var centres = await db.Centres.AsNoTracking().Where(c => (c.NetworkId != null && networks.Contains(c.NetworkId)) || c.Attachments.Any(a => networks.Contains(a.NetworkId)))
            .Select(c => c.Id).ToListAsync(Ct);
        Assert.All(indicators, i => Assert.Contains(i.CentreId, centres));
        Assert.DoesNotContain(indicators, i => i.Year > fx.Today.Year);
    }

    [Fact]
    public async Task Db_init_demo_seeds_a_fresh_database_and_a_second_run_adds_nothing()
    {
        Assert.True(fx.CliFirst.Code == 0, fx.CliFirst.Err);
        Assert.True(fx.CliSecond.Code == 0, fx.CliSecond.Err);
        Assert.Equal(fx.CliFirst.Out, fx.CliSecond.Out);
        Assert.Contains("Données fictives de démonstration.", fx.CliFirst.Out, StringComparison.Ordinal);
        // Progress, step by step with counts, on standard error; nothing seeded the second time.
        Assert.Contains("lignes d'activité importées", fx.CliFirst.Err, StringComparison.Ordinal);
        Assert.Contains("dossiers de procédure", fx.CliFirst.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("Démo :", fx.CliSecond.Err, StringComparison.Ordinal);
        await using var db = fx.OpenCli();
        Assert.Contains($"Dossiers de procédure : {await db.Set<Dossier>().CountAsync(Ct)}", fx.CliFirst.Out, StringComparison.Ordinal);
        Assert.True(await db.Set<Dossier>().CountAsync(Ct) >= 10);
        Assert.Equal(8, await db.Users.CountAsync(Ct));
        Assert.Equal(DemoFirstStart.Steps.Count, await db.DataSetInfos.CountAsync(x => x.Key.StartsWith("demo_first_start."), Ct));
        // Core's own second run on the web database adds nothing either.
        var before = await fx.Web.Db.Set<Dossier>().CountAsync(Ct);
        Assert.Equal(0, await DemoFirstStart.EnsureAsync(fx.Web.Db, TimeProvider.System, NullLogger.Instance, Ct));
        Assert.Equal(before, await fx.Web.Db.Set<Dossier>().CountAsync(Ct));
    }

    [Fact]
    public async Task Two_seeds_on_the_same_day_give_the_same_data()
    {
        await using var cli = fx.OpenCli();
        await using var web = fx.Web.NewContext();
        // The procedures seeded by the first start (the committee's and the governance's demo dossiers are older seeds).
        static async Task<List<string>> Dossiers(MaillageDbContext db) => (await db.Set<Dossier>().AsNoTracking().Include(d => d.Events).Include(d => d.Opinions)
                .Include(d => d.Sections).Include(d => d.Sites).Where(d => d.CreatedBy != "admin" && d.Id != "SUF-2025-0001").ToListAsync(Ct))
            .OrderBy(d => d.Id, StringComparer.Ordinal)
            .Select(d => string.Join('|', d.Id, d.Kind, d.State, d.Title, d.CentreId, d.FiliereAcronym, d.SeatFiness, d.OtherFiness, d.CallId, d.CreatedBy,
                d.CreatedAt.ToString("O", CultureInfo.InvariantCulture), d.SubmittedAt?.ToString("O", CultureInfo.InvariantCulture), d.DecisionText,
                string.Join(',', d.Events.OrderBy(x => x.At).ThenBy(x => x.Action, StringComparer.Ordinal).Select(x => $"{x.Action}@{x.At:O}:{x.UserName}")),
                string.Join(',', d.Opinions.OrderBy(x => x.ItemId, StringComparer.Ordinal).Select(x => $"{x.ItemId}={x.Value}:{x.GivenBy}")),
                string.Join(',', d.Sections.OrderBy(x => x.Key, StringComparer.Ordinal).Select(x => x.Key)),
                string.Join(',', d.Sites.OrderBy(x => x.CentreId, StringComparer.Ordinal).Select(x => x.CentreId))))
            .ToList();
        static async Task<List<string>> Reports(MaillageDbContext db, int year) => (await db.AnnualReports.AsNoTracking().Where(r => r.Year == year).ToListAsync(Ct))
            .OrderBy(r => r.CentreId, StringComparer.Ordinal)
            .Select(r => string.Join('|', r.CentreId, r.Status, r.ActivePatients, r.Consultations, r.PublicationsJson, r.Verdict, r.SubmittedAt?.ToString("O", CultureInfo.InvariantCulture),
                r.TransmittedAt?.ToString("O", CultureInfo.InvariantCulture), r.ReopenedAt?.ToString("O", CultureInfo.InvariantCulture), r.LastReason)).ToList();
        static async Task<List<string>> Activity(MaillageDbContext db) => (await db.ActivityIndicators.AsNoTracking().ToListAsync(Ct))
            .OrderBy(i => i.CentreId, StringComparer.Ordinal).ThenBy(i => i.Year)
            .Select(i => string.Join('|', i.CentreId, i.Year, i.ActivePatients, i.Consultations, i.DayHospitalStays, i.FullHospitalStays, i.RcpOrganised, i.ResidentAbroad)).ToList();
        static async Task<List<string>> Calls(MaillageDbContext db) => (await db.Set<Call>().AsNoTracking().ToListAsync(Ct))
            .OrderBy(c => c.Id, StringComparer.Ordinal).Select(c => $"{c.Id}|{c.Kind}|{c.Title}|{c.OpensOn}|{c.Deadline}|{c.PeriodId}").ToList();

        var d = await Dossiers(web);
        Assert.True(d.Count >= 10);
        Assert.Equal(d, await Dossiers(cli));
        var year = DemoReportCampaign.YearOf(fx.Today)!.Value;
        Assert.NotEmpty(await Reports(web, year));
        Assert.Equal(await Reports(web, year), await Reports(cli, year));
        Assert.NotEmpty(await Activity(web));
        Assert.Equal(await Activity(web), await Activity(cli));
        Assert.Equal(await Calls(web), await Calls(cli));
        var sha = (await web.ActivityImports.AsNoTracking().SingleAsync(i => i.FileName == DemoActivity.FileName, Ct)).Sha256;
        Assert.Equal(sha, (await cli.ActivityImports.AsNoTracking().SingleAsync(i => i.FileName == DemoActivity.FileName, Ct)).Sha256);
    }
}
