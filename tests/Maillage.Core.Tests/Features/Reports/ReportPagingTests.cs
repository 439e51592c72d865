using Maillage.Core.Features.Accounts;
using Maillage.Core.Features.Reports;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain.Referential;
using Maillage.Domain.Reports;
using Maillage.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Maillage.Core.Tests.Features.Reports;

/// <summary>
/// The paged report list (<see cref="ReportQueries.PageAsync"/>, issue 13 §3) on a copy of the demo database: its scope,
/// a database predicate, gives exactly the rows <see cref="ReportService.CanRead"/> lets each role read (the in-memory
/// list); filters, sorts, and the paging boundaries.
/// </summary>
public sealed class ReportPagingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<List<ReportRow>> AllPagesAsync(ReportQueries q, Caller caller, ReportPageQuery query)
    {
        var rows = new List<ReportRow>();
        for (var page = 1; ; page++)
        {
            var p = await q.PageAsync(caller, query with { Page = page }, Ct);
            rows.AddRange(p.Items);
            if (p.Items.Count == 0) { Assert.Equal(p.Total, rows.Count); return rows; }
            Assert.True(p.Items.Count <= query.PageSize);
        }
    }

    [Fact]
    public async Task Each_role_pages_through_exactly_the_reports_it_may_read_and_filters_sorts_and_bounds_hold()
    {
        await using var temp = await TempSqliteDb.CreateAsync(SeedTemplates.SqliteFile("demo"), Ct);
        var db = temp.Db;
        var q = new ReportQueries(db);
        var plan = (await DemoAccounts.PlanAsync(db, Ct)).ToDictionary(a => a.UserName, StringComparer.Ordinal);
        var callers = new List<Caller> { new("ministere", UserRole.NationalAdmin, null), new("asso", UserRole.Association, "x"), Caller.Anonymous };
        callers.AddRange(plan.Values.Where(a => a.Role is UserRole.RegionalAgency or UserRole.FiliereCoordinator or UserRole.Establishment or UserRole.CentreHead)
            .Select(a => new Caller(a.UserName, a.Role, a.ScopeId)));
        Assert.True(callers.Count >= 7, string.Join(", ", callers));
        foreach (var caller in callers)
        {
            var expected = (await q.ListAsync(caller, new ReportFilter(Year: 2024), Ct)).Select(r => r.CentreId).Order(StringComparer.Ordinal).ToList();
            var paged = await AllPagesAsync(q, caller, new ReportPageQuery(new ReportFilter(Year: 2024), PageSize: 97));
            Assert.Equal(expected, paged.Select(r => r.CentreId).Order(StringComparer.Ordinal));
            Assert.Equal(paged.Count, paged.Select(r => r.CentreId).Distinct(StringComparer.Ordinal).Count()); // no row on two pages
        }

        var ministry = callers[0];
        var all = await q.PageAsync(ministry, new ReportPageQuery(new ReportFilter(Year: 2024), PageSize: 5000), Ct);
        Assert.Equal(ReportQueries.MaxPageSize, all.PageSize); // a larger page size is clamped
        Assert.True(all.Total > 100, $"{all.Total}");
        var past = await q.PageAsync(ministry, new ReportPageQuery(new ReportFilter(Year: 2024), Page: all.PageCount + 1, PageSize: 1000), Ct);
        Assert.Empty(past.Items);
        Assert.Equal(all.Total, past.Total);
        Assert.Equal(1, (await q.PageAsync(ministry, new ReportPageQuery(new ReportFilter(Year: 2024), Page: 0), Ct)).PageNumber);

        // Filters: status, type, search, region.
        var transmitted = await AllPagesAsync(q, ministry, new ReportPageQuery(new ReportFilter(Year: 2024, Status: ReportStatus.Transmitted), PageSize: 1000));
        Assert.NotEmpty(transmitted);
        Assert.All(transmitted, r => Assert.Equal(ReportStatus.Transmitted, r.Status));
        foreach (var kind in Codes.Kinds.Values)
        {
            var ofKind = await AllPagesAsync(q, ministry, new ReportPageQuery(new ReportFilter(Year: 2024), Kind: kind, PageSize: 1000));
            Assert.All(ofKind, r => Assert.Equal(Codes.Code(kind), r.Kind));
            Assert.Equal((await q.ListAsync(ministry, new ReportFilter(Year: 2024), Ct)).Count(r => r.Kind == Codes.Code(kind)), ofKind.Count);
        }
        var name = transmitted[0].CentreName;
        var word = name.Split(' ', StringSplitOptions.RemoveEmptyEntries).OrderByDescending(w => w.Length).First();
        var found = await AllPagesAsync(q, ministry, new ReportPageQuery(new ReportFilter(Year: 2024), Search: word.ToUpperInvariant(), PageSize: 1000));
        Assert.Contains(found, r => r.CentreId == transmitted[0].CentreId);
        Assert.All(found, r => Assert.True(r.CentreName.Contains(word, StringComparison.OrdinalIgnoreCase) || r.EstablishmentName.Contains(word, StringComparison.OrdinalIgnoreCase)
            || r.CentreId.Contains(word, StringComparison.OrdinalIgnoreCase), r.CentreName));
        var region = transmitted[0].Region!;
        Assert.All(await AllPagesAsync(q, ministry, new ReportPageQuery(new ReportFilter(Year: 2024, Region: region), PageSize: 1000)), r => Assert.Equal(region, r.Region));

        // Sorts: by centre name both ways, by status in the workflow's order; the year first by default.
        var byName = await AllPagesAsync(q, ministry, new ReportPageQuery(new ReportFilter(Year: 2024), Sort: ReportSort.Centre, PageSize: 100));
        Assert.Equal(byName.Select(r => r.CentreName).Order(StringComparer.Ordinal), byName.Select(r => r.CentreName));
        var byNameDesc = await AllPagesAsync(q, ministry, new ReportPageQuery(new ReportFilter(Year: 2024), Sort: ReportSort.Centre, Descending: true, PageSize: 100));
        Assert.Equal(byName.Select(r => r.CentreName).Reverse(), byNameDesc.Select(r => r.CentreName));
        var byStatus = await AllPagesAsync(q, ministry, new ReportPageQuery(new ReportFilter(Year: 2024), Sort: ReportSort.Status, PageSize: 100));
        Assert.Equal(byStatus.Select(r => (int)r.Status).Order(), byStatus.Select(r => (int)r.Status));
        Assert.Contains(ReportStatus.Validated, byStatus.Select(r => r.Status));
        Assert.Equal(ReportStatus.Validated, byStatus[0].Status); // validated before transmitted, though "Transmitted" < "Validated" alphabetically
    }
}
