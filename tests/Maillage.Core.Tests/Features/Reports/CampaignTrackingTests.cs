using Maillage.Core.Data;
using Maillage.Core.Features.Procedures;
using Maillage.Core.Features.Reports;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain.Registry;
using Maillage.Domain.Reports;
using Maillage.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Maillage.Core.Tests.Features.Reports;

/// <summary>
/// Campaign tracking on a copy of the demo database (docs/campaign-tracking.md): the counts per state, the late ones at
/// the deadline's boundary, the agency's scope, the reminders (never twice the same day to a centre, not before the
/// window, not to a submitted or out-of-scope centre) and the comparison with the year before.
/// </summary>
public sealed class CampaignTrackingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const int Year = 2025; // demo reports exist for 2024 only: 2025's states are set by each test
    private static readonly Caller Ministry = new("ministere", UserRole.NationalAdmin, null);

    /// <summary>15 July 2026 at noon in Paris: after 2025's window (1 April – 30 June 2026) closed.</summary>
    private static ManualClock After() => new(new DateTimeOffset(2026, 7, 15, 10, 0, 0, TimeSpan.Zero));

    private sealed class Fixture : IAsyncDisposable
    {
        public required TempSqliteDb Temp { get; init; }
        public required string Region { get; init; }
        public required string OtherRegion { get; init; }
        /// <summary>The region's centres labelled on 31 December 2025, by id.</summary>
        public required List<string> Centres { get; init; }
        public required string OtherRegionCentre { get; init; }
        public MaillageDbContext Db => Temp.Db;
        public Caller Ars => new("ars", UserRole.RegionalAgency, Region);
        public ValueTask DisposeAsync() => Temp.DisposeAsync();
    }

    private static async Task<Fixture> DemoAsync()
    {
        var temp = await TempSqliteDb.CreateAsync(SeedTemplates.SqliteFile("demo"), Ct);
        // Whatever the demo seeds for the year, each test sets the states it counts.
        await temp.Db.AnnualReports.Where(r => r.Year == Year).ExecuteDeleteAsync(Ct);
        await temp.Db.ReportReminders.ExecuteDeleteAsync(Ct);
        var end = new DateOnly(Year, 12, 31);
        var labelled = await temp.Db.Centres.AsNoTracking()
            .Where(c => temp.Db.Labels.Any(l => l.CentreId == c.Id && l.Decision != LabelDecision.NotRetained && l.ValidFrom <= end && (l.ValidTo == null || l.ValidTo >= end)))
            .Select(c => new { c.Id, c.Establishment!.Departement!.RegionCode }).ToListAsync(Ct);
        var byRegion = labelled.GroupBy(c => c.RegionCode).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).ToList();
        return new Fixture
        {
            Temp = temp, Region = byRegion[0].Key, OtherRegion = byRegion[1].Key,
            Centres = byRegion[0].Select(c => c.Id).Order(StringComparer.Ordinal).ToList(), OtherRegionCentre = byRegion[1].First().Id,
        };
    }

    private static async Task SetReportAsync(MaillageDbContext db, string centreId, ReportStatus status, DateTimeOffset? submitted = null)
    {
        var at = submitted ?? new DateTimeOffset(2026, 5, 2, 9, 0, 0, TimeSpan.Zero);
        db.AnnualReports.Add(new AnnualReport
        {
            CentreId = centreId, Year = Year, Campaign = "2023-2028", Status = status, UpdatedBy = "test", UpdatedAt = at.AddDays(-3),
            SubmittedBy = status == ReportStatus.Draft ? null : "test", SubmittedAt = status == ReportStatus.Draft ? null : at,
            ValidatedAt = status >= ReportStatus.Validated ? at.AddDays(2) : null, TransmittedAt = status == ReportStatus.Transmitted ? at.AddDays(4) : null,
        });
        await db.SaveChangesAsync(Ct);
        db.ChangeTracker.Clear();
    }

    [Fact]
    public async Task Counts_per_state_and_late_ones_at_the_deadline_boundary_within_the_agency_s_region_only()
    {
        await using var f = await DemoAsync();
        var c = f.Centres;
        await SetReportAsync(f.Db, c[0], ReportStatus.Draft);
        await SetReportAsync(f.Db, c[1], ReportStatus.Submitted, new DateTimeOffset(2026, 6, 30, 10, 0, 0, TimeSpan.Zero)); // on the window's last day: on time
        await SetReportAsync(f.Db, c[2], ReportStatus.Validated, new DateTimeOffset(2026, 7, 1, 10, 0, 0, TimeSpan.Zero)); // the day after: late
        await SetReportAsync(f.Db, c[3], ReportStatus.Transmitted);
        await SetReportAsync(f.Db, f.OtherRegionCentre, ReportStatus.Transmitted);

        var onDeadline = new ManualClock(new DateTimeOffset(2026, 6, 30, 10, 0, 0, TimeSpan.Zero));
        var view = (await new CampaignTracking(f.Db, onDeadline).TrackAsync(f.Ars, Year, new CampaignQuery(PageSize: 1000), Ct))!;
        Assert.Equal(new CampaignCounts(c.Count, c.Count - 4, 1, 1, 1, 1), view.Counts);
        Assert.Equal(3, view.Counts.HaveSubmitted);
        Assert.Equal(0, view.LateNotSubmitted); // the last day of the window is on time
        Assert.Equal(f.Region, view.Region);
        Assert.Equal(c.Order(StringComparer.Ordinal), view.Centres.Items.Select(x => x.CentreId).Order(StringComparer.Ordinal));
        Assert.All(view.Centres.Items, x => Assert.Equal(f.Region, x.RegionCode));
        Assert.DoesNotContain(view.Centres.Items, x => x.CentreId == f.OtherRegionCentre);
        Assert.All(view.Centres.Items, x => Assert.False(string.IsNullOrWhiteSpace(x.CentreName) || x.CentreName == x.CentreId));
        // The agency reads the content of transmitted reports only; the ministry of all.
        Assert.Equal([c[3]], view.Centres.Items.Where(x => x.ReportReadable).Select(x => x.CentreId));

        var dayAfter = (await new CampaignTracking(f.Db, After()).TrackAsync(f.Ars, Year, new CampaignQuery(PageSize: 1000), Ct))!;
        Assert.Equal(c.Count - 3, dayAfter.LateNotSubmitted); // not started + the draft
        Assert.Equal([c[2]], dayAfter.Centres.Items.Where(x => x.SubmittedLate).Select(x => x.CentreId));
        Assert.True(dayAfter.Centres.Items[0].Late); // late ones first
        var lateOnly = (await new CampaignTracking(f.Db, After()).TrackAsync(f.Ars, Year, new CampaignQuery(LateOnly: true, PageSize: 1000), Ct))!;
        Assert.Equal(c.Count - 2, lateOnly.Centres.Total);
        var drafts = (await new CampaignTracking(f.Db, After()).TrackAsync(f.Ars, Year, new CampaignQuery(State: CampaignState.Draft), Ct))!;
        Assert.Equal([c[0]], drafts.Centres.Items.Select(x => x.CentreId));

        // The ministry sees every region; its region filter gives the agency's figures.
        var national = (await new CampaignTracking(f.Db, After()).TrackAsync(Ministry, Year, new CampaignQuery(), Ct))!;
        Assert.True(national.Counts.Expected > c.Count);
        Assert.Equal(2, national.Counts.Transmitted);
        Assert.Equal(dayAfter.Counts, (await new CampaignTracking(f.Db, After()).TrackAsync(Ministry, Year, new CampaignQuery(Region: f.Region), Ct))!.Counts);
        // Paging of the list: a page past the last is empty with the total.
        var past = (await new CampaignTracking(f.Db, After()).TrackAsync(f.Ars, Year, new CampaignQuery(Page: 1000, PageSize: 10), Ct))!;
        Assert.Empty(past.Centres.Items);
        Assert.Equal(c.Count, past.Centres.Total);
    }

    [Fact]
    public async Task Every_other_role_and_another_region_are_refused_and_a_year_without_campaign_is_unknown()
    {
        await using var f = await DemoAsync();
        var tracking = new CampaignTracking(f.Db, After());
        foreach (var caller in new[]
        {
            Caller.Anonymous, new Caller("x", UserRole.CentreHead, f.Centres[0]), new Caller("x", UserRole.Establishment, "750712184"),
            new Caller("x", UserRole.FiliereCoordinator, "MCGRE"), new Caller("x", UserRole.Association, "A-1"), new Caller("x", UserRole.Expert, null),
            new Caller("x", UserRole.FollowUpCommittee, null), new Caller("x", UserRole.RegionalAgency, null),
        })
        {
            await Assert.ThrowsAsync<AccessRefusedException>(() => tracking.TrackAsync(caller, Year, new CampaignQuery(), Ct));
            await Assert.ThrowsAsync<AccessRefusedException>(() => tracking.RemindAsync(caller, Year, null, Ct));
        }
        await Assert.ThrowsAsync<AccessRefusedException>(() => tracking.TrackAsync(f.Ars, Year, new CampaignQuery(Region: f.OtherRegion), Ct));
        Assert.Null(await tracking.TrackAsync(Ministry, 1990, new CampaignQuery(), Ct));
        Assert.Equal(0, await f.Db.ReportReminders.CountAsync(Ct));
    }

    [Fact]
    public async Task A_reminder_goes_to_the_centres_not_submitted_once_a_day_whoever_sends_it_and_never_out_of_scope()
    {
        await using var f = await DemoAsync();
        var c = f.Centres;
        await SetReportAsync(f.Db, c[0], ReportStatus.Draft);
        await SetReportAsync(f.Db, c[1], ReportStatus.Submitted);
        var head = await f.Db.Mandates.AsNoTracking().Include(m => m.Person)
            .Where(m => m.CentreId == c[0] && m.Role == MandateRole.CentreHead && m.To == null).Select(m => m.Person!).FirstOrDefaultAsync(Ct);

        // Not before the window opens.
        var early = await new CampaignTracking(f.Db, new ManualClock(new DateTimeOffset(2026, 3, 31, 10, 0, 0, TimeSpan.Zero))).RemindAsync(f.Ars, Year, null, Ct);
        Assert.Contains("ouvre le 1er avril 2026", early.Error, StringComparison.Ordinal);
        Assert.Equal(0, await f.Db.ReportReminders.CountAsync(Ct));

        var clock = After();
        var first = await new CampaignTracking(f.Db, clock).RemindAsync(f.Ars, Year, null, Ct);
        Assert.Null(first.Error);
        Assert.Equal(c.Count - 1, first.Sent); // every centre but the submitted one
        Assert.DoesNotContain(first.Outcomes, o => o.CentreId == c[1]);
        var rows = await f.Db.ReportReminders.AsNoTracking().ToListAsync(Ct);
        Assert.Equal(c.Count - 1, rows.Count);
        Assert.All(rows, r => Assert.Equal(("ars", "RegionalAgency", f.Region, new DateOnly(2026, 7, 15)), (r.SentBy, r.SentByRole, r.SentByScope, r.Day)));
        var notes = await f.Db.Set<Notification>().AsNoTracking().Where(n => n.Reason == CampaignTracking.ReminderReason).ToListAsync(Ct);
        Assert.Equal(c.Count - 1, notes.Select(n => n.AudienceScopeId).Distinct().Count());
        Assert.All(notes, n => Assert.Contains("rapport annuel 2025", n.Subject, StringComparison.Ordinal));
        if (head?.Email is { } email)
        {
            Assert.Contains(notes, n => n.AudienceScopeId == c[0] && string.Equals(n.Email, email, StringComparison.OrdinalIgnoreCase));
            Assert.Contains(email, rows.Single(r => r.CentreId == c[0]).Recipients, StringComparison.OrdinalIgnoreCase);
        }

        // The same day: nothing again, neither by the agency nor by the ministry.
        var again = await new CampaignTracking(f.Db, clock).RemindAsync(f.Ars, Year, null, Ct);
        Assert.Equal(0, again.Sent);
        Assert.All(again.Outcomes, o => Assert.StartsWith("Déjà relancé aujourd'hui", o.Skipped, StringComparison.Ordinal));
        Assert.Equal(0, (await new CampaignTracking(f.Db, clock).RemindAsync(Ministry, Year, [c[0]], Ct)).Sent);
        // Out of scope or submitted: skipped, said why, nothing written.
        await Assert.ThrowsAsync<AccessRefusedException>(() => new CampaignTracking(f.Db, clock).RemindAsync(f.Ars, Year, [c[2], f.OtherRegionCentre], Ct));
        var named = await new CampaignTracking(f.Db, clock).RemindAsync(f.Ars, Year, [c[1], "INCONNU"], Ct);
        Assert.Equal(0, named.Sent);
        Assert.Contains("pas un centre de la campagne dans votre périmètre", named.Outcomes.Single(o => o.CentreId == "INCONNU").Skipped, StringComparison.Ordinal);
        Assert.Contains("déjà soumis", named.Outcomes.Single(o => o.CentreId == c[1]).Skipped, StringComparison.Ordinal);
        Assert.Equal(c.Count - 1, await f.Db.ReportReminders.CountAsync(Ct));
        Assert.Equal(0, await f.Db.ReportReminders.CountAsync(r => r.CentreId == f.OtherRegionCentre, Ct));
        var view = (await new CampaignTracking(f.Db, clock).TrackAsync(f.Ars, Year, new CampaignQuery(PageSize: 1000), Ct))!;
        Assert.Equal(c.Count - 1, view.RemindedToday);

        // The next day, one centre named by the ministry: sent.
        clock.Advance(TimeSpan.FromDays(1));
        var next = await new CampaignTracking(f.Db, clock).RemindAsync(Ministry, Year, [c[0]], Ct);
        Assert.Equal(1, next.Sent);
        var history = await new CampaignTracking(f.Db, clock).RemindersAsync(f.Ars, Year, c[0], Ct);
        Assert.Equal([new DateOnly(2026, 7, 16), new DateOnly(2026, 7, 15)], history.Select(r => r.Day));
        Assert.Empty(await new CampaignTracking(f.Db, clock).RemindersAsync(new Caller("ars2", UserRole.RegionalAgency, f.OtherRegion), Year, c[0], Ct));
    }

    [Fact]
    public async Task The_year_before_is_compared_at_the_same_point_of_the_calendar_and_in_its_final_figures()
    {
        await using var f = await DemoAsync();
        // Two of the region's 2024 reports (demo: validated or transmitted in March 2025) moved later: one transmitted on
        // 1 August 2025, one submitted in September 2025. On 15 July 2025 (one year before the clock) the first was
        // validated and the second still a draft.
        var reports = await f.Db.AnnualReports.Where(r => r.Year == 2024 && f.Centres.Contains(r.CentreId) && r.Status == ReportStatus.Transmitted)
            .OrderBy(r => r.CentreId).Take(2).ToListAsync(Ct);
        Assert.Equal(2, reports.Count);
        reports[0].TransmittedAt = new DateTimeOffset(2025, 8, 1, 9, 0, 0, TimeSpan.Zero);
        reports[1].SubmittedAt = new DateTimeOffset(2025, 9, 1, 9, 0, 0, TimeSpan.Zero);
        reports[1].ValidatedAt = new DateTimeOffset(2025, 9, 5, 9, 0, 0, TimeSpan.Zero);
        reports[1].TransmittedAt = new DateTimeOffset(2025, 9, 10, 9, 0, 0, TimeSpan.Zero);
        await f.Db.SaveChangesAsync(Ct);
        f.Db.ChangeTracker.Clear();

        var view = (await new CampaignTracking(f.Db, After()).TrackAsync(f.Ars, Year, new CampaignQuery(), Ct))!;
        var p = view.Previous!;
        Assert.Equal(2024, p.Year);
        Assert.Equal(new DateOnly(2025, 7, 15), p.SamePointAsOf);
        Assert.True(p.FinalIsClosed);
        var reported2024 = await f.Db.AnnualReports.CountAsync(r => r.Year == 2024
            && f.Db.Centres.Any(c => c.Id == r.CentreId && c.Establishment!.Departement!.RegionCode == f.Region), Ct);
        Assert.Equal(reported2024, p.Final.HaveSubmitted);
        Assert.Equal(p.Final.Transmitted - 2, p.AtSamePoint.Transmitted);
        Assert.Equal(p.Final.Validated + 1, p.AtSamePoint.Validated);
        Assert.Equal(p.Final.Draft + 1, p.AtSamePoint.Draft);
        Assert.Equal(p.Final.Expected, p.AtSamePoint.Expected);
        // This year's campaign has no report yet: all not started.
        Assert.Equal(view.Counts.Expected, view.Counts.NotStarted);
    }
}
