using Maillage.Core.Data;
using Maillage.Core.Features.Reports;
using Maillage.Core.Infrastructure.Campaigns;
using Maillage.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Core.Demo;

/// <summary>
/// Fictitious reminders of the demo (docs/campaign-tracking.md): in the campaign shown by default (the latest whose
/// reporting window has opened), one reminder two days ago from the ministry to the first centre of each region that
/// has no report yet, so that the campaign page shows a reminder history at first start. Marked
/// <see cref="ReportReminder.Fictitious"/>; no e-mail is queued. Deterministic for a given registry and day.
/// </summary>
public static class DemoCampaign
{
    public static async Task SeedAsync(MaillageDbContext db, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var tracking = new CampaignTracking(db, clock);
        var year = tracking.DefaultYear();
        var calendar = CampaignCatalogue.Shipped.ForYear(year)?.Reporting;
        if (calendar is null) return;
        var day = tracking.Today.AddDays(-2);
        if (day < calendar.WindowOpensOf(year)) return;
        var end = new DateOnly(year, 12, 31);
        var candidates = await db.Centres.AsNoTracking()
            .Where(c => db.Labels.Any(l => l.CentreId == c.Id && l.Decision != LabelDecision.NotRetained && l.ValidFrom <= end && (l.ValidTo == null || l.ValidTo >= end))
                && !db.AnnualReports.Any(r => r.CentreId == c.Id && r.Year == year) && !db.ReportReminders.Any(r => r.CentreId == c.Id && r.Year == year))
            .Select(c => new { c.Id, Region = c.Establishment!.Departement!.RegionCode }).ToListAsync(ct);
        var at = new DateTimeOffset(day.ToDateTime(new TimeOnly(9, 30)), TimeSpan.Zero);
        foreach (var c in candidates.GroupBy(c => c.Region, StringComparer.Ordinal).Select(g => g.OrderBy(x => x.Id, StringComparer.Ordinal).First()))
        {
            db.ReportReminders.Add(new ReportReminder
            {
                Year = year, CentreId = c.Id, Day = day, SentAt = at, SentBy = "demo", SentByRole = "NationalAdmin", Recipients = "", RecipientCount = 0,
                Fictitious = true,
            });
        }
        await db.SaveChangesAsync(ct);
    }
}
