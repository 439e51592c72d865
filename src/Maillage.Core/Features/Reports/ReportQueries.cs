using Maillage.Core.Data;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain.Reports;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Core.Features.Reports;

/// <summary>One report in a list: the site, where it sits, its status and verdict.</summary>
public sealed record ReportRow(
    string CentreId, string CentreName, string Kind, int Year, ReportStatus Status, string? Verdict, string Establishment,
    string EstablishmentName, string? Region, IReadOnlyList<string> Filieres, DateTimeOffset UpdatedAt, bool Fictitious,
    IReadOnlyList<StoredFinding> Findings, IReadOnlyList<string>? Networks = null);

/// <summary>Filters of the lists and the dashboard (all optional).</summary>
public sealed record ReportFilter(int? Year = null, string? Filiere = null, string? Region = null, string? Establishment = null,
    string? Centre = null, ReportStatus? Status = null, string? Network = null);

/// <summary>A count of verdicts for one year.</summary>
public sealed record VerdictCount(int Year, int Compliant, int CompliantWithException, int NonCompliant, int Incomplete)
{
    public int Total => Compliant + CompliantWithException + NonCompliant + Incomplete;
}

/// <summary>Non-compliant sites out of the evaluated ones, for one filière or region.</summary>
public sealed record GroupCount(string Key, int NonCompliant, int Total);

/// <summary>The dashboard: official reports only (validated or transmitted) that the caller may read.</summary>
public sealed record ComplianceDashboard(
    int? Year, IReadOnlyList<VerdictCount> Trend, IReadOnlyList<GroupCount> ByFiliere, IReadOnlyList<GroupCount> ByRegion,
    IReadOnlyList<ReportRow> NonCompliant, IReadOnlyList<ReportRow> InsufficientActivity, IReadOnlyList<GroupCount>? ByNetwork = null);

/// <summary>Read models of the annual reports, filtered to what the caller may read (<see cref="ReportService.CanRead"/>).</summary>
public sealed class ReportQueries(MaillageDbContext db)
{
    /// <summary>Criteria whose <c>not_met</c> puts a site on the "insufficient activity" list.</summary>
    public static readonly IReadOnlySet<string> ActivityCriteria = new HashSet<string>(["cs_hdj", "active_patients", "floor_25"], StringComparer.Ordinal);

    public async Task<IReadOnlyList<ReportRow>> ListAsync(Caller caller, ReportFilter filter, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(filter);
        if (!caller.IsAuthenticated) return [];
        var q = db.AnnualReports.AsNoTracking().AsQueryable();
        if (filter.Year is { } y) q = q.Where(r => r.Year == y);
        if (filter.Status is { } s) q = q.Where(r => r.Status == s);
        if (filter.Centre is { } c) q = q.Where(r => r.CentreId == c);
        var reports = await q.ToListAsync(ct);
        var sites = await SitesAsync(reports.Select(r => r.CentreId).Distinct(StringComparer.Ordinal).ToList(), ct);
        var rows = new List<ReportRow>();
        foreach (var r in reports)
        {
            if (!sites.TryGetValue(r.CentreId, out var info)) continue;
            if (!ReportService.CanRead(caller, info.Site, r.Status)) continue;
            if (filter.Filiere is { } f && !info.Site.Filieres.Contains(f, StringComparer.Ordinal)) continue;
            if (filter.Region is { } g && !string.Equals(info.Site.RegionCode, g, StringComparison.Ordinal)) continue;
            if (filter.Network is { } n && !info.Networks.Contains(n, StringComparer.Ordinal)) continue;
            if (filter.Establishment is { } e && !string.Equals(info.Site.LegalEntity, e, StringComparison.Ordinal)
                && !string.Equals(info.Site.Centre.EstablishmentFiness, e, StringComparison.Ordinal)) continue;
            rows.Add(new ReportRow(r.CentreId, info.Site.Centre.Name, Domain.Referential.Codes.Code(info.Site.Kind), r.Year, r.Status, r.Verdict,
                info.Site.Centre.EstablishmentFiness, info.EstablishmentName, info.Site.RegionCode, info.Site.Filieres, r.UpdatedAt, r.Fictitious,
                ReportJson.Findings(r), info.Networks));
        }
        return rows.OrderBy(r => r.Year).ThenBy(r => r.CentreId, StringComparer.Ordinal).ToList();
    }

    public async Task<ComplianceDashboard> DashboardAsync(Caller caller, ReportFilter filter, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var all = (await ListAsync(caller, filter with { Year = null, Status = null }, ct))
            .Where(r => r.Status.IsLocked() && r.Verdict is not null).ToList();
        var trend = all.GroupBy(r => r.Year).OrderBy(g => g.Key).Select(g => new VerdictCount(g.Key,
            g.Count(r => r.Verdict == "compliant"), g.Count(r => r.Verdict == "compliant_with_exception"),
            g.Count(r => r.Verdict == "non_compliant"), g.Count(r => r.Verdict == "incomplete"))).ToList();
        var year = filter.Year ?? (trend.Count > 0 ? trend[^1].Year : null);
        var ofYear = all.Where(r => r.Year == year).ToList();
        var byFiliere = ofYear.SelectMany(r => r.Filieres.Select(f => (f, r))).GroupBy(x => x.f, StringComparer.Ordinal)
            .Select(g => new GroupCount(g.Key, g.Count(x => x.r.Verdict == "non_compliant"), g.Count()))
            .OrderByDescending(x => x.NonCompliant).ThenBy(x => x.Key, StringComparer.Ordinal).ToList();
        var byRegion = ofYear.GroupBy(r => r.Region ?? "?", StringComparer.Ordinal)
            .Select(g => new GroupCount(g.Key, g.Count(x => x.Verdict == "non_compliant"), g.Count()))
            .OrderByDescending(x => x.NonCompliant).ThenBy(x => x.Key, StringComparer.Ordinal).ToList();
        // The network level: a CRMR network's sites, and the competence and resource centres attached to it.
        var byNetwork = ofYear.SelectMany(r => (r.Networks ?? []).Select(n => (n, r))).GroupBy(x => x.n, StringComparer.Ordinal)
            .Select(g => new GroupCount(g.Key, g.Count(x => x.r.Verdict == "non_compliant"), g.Count()))
            .OrderByDescending(x => x.NonCompliant).ThenBy(x => x.Key, StringComparer.Ordinal).ToList();
        var insufficient = ofYear.Where(r => r.Findings.Any(f => f.Status == "not_met" && ActivityCriteria.Contains(f.Criterion))).ToList();
        return new ComplianceDashboard(year, trend, byFiliere, byRegion, ofYear.Where(r => r.Verdict == "non_compliant").ToList(), insufficient, byNetwork);
    }

    private sealed record SiteInfo(ReportSite Site, string EstablishmentName, IReadOnlyList<string> Networks);

    /// <summary>Registry facts of many sites in a few queries (no head: lists do not need it).</summary>
    private async Task<Dictionary<string, SiteInfo>> SitesAsync(IReadOnlyList<string> centreIds, CancellationToken ct)
    {
        var result = new Dictionary<string, SiteInfo>(StringComparer.Ordinal);
        if (centreIds.Count == 0) return result;
        var centres = new List<Domain.Registry.Centre>();
        foreach (var chunk in centreIds.Chunk(500))
        {
            var ids = chunk.ToList();
            centres.AddRange(await db.Centres.AsNoTracking().Include(c => c.Attachments).Include(c => c.Network)
                .Include(c => c.Establishment).ThenInclude(e => e!.Departement).Where(c => ids.Contains(c.Id)).ToListAsync(ct));
        }
        var networks = await db.Networks.AsNoTracking().ToDictionaryAsync(n => n.Id, n => n.FiliereAcronym, StringComparer.Ordinal, ct);
        foreach (var c in centres)
        {
            var filieres = c.Attachments.Select(a => a.NetworkId).Append(c.NetworkId).OfType<string>()
                .Select(n => networks.GetValueOrDefault(n)).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            var kind = ReportService.KindOf(c);
            Domain.Referential.ClinicalField? field = null;
            var legal = c.Establishment?.LegalEntityFiness ?? c.EstablishmentFiness;
            var networkIds = c.Attachments.Select(a => a.NetworkId).Append(c.NetworkId).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            result[c.Id] = new SiteInfo(new ReportSite(c, kind, field, legal, c.Establishment?.Departement?.RegionCode, filieres, null), c.Establishment?.Name ?? c.EstablishmentFiness,
                networkIds);
        }
        return result;
    }
}
