using Maillage.Core.Data;
using Maillage.Core.Features.Registry;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain.Referential;
using Maillage.Domain.Registry;
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

/// <summary>Sort orders of the paged report list (<see cref="ReportQueries.PageAsync"/>).</summary>
public enum ReportSort
{
    /// <summary>Newest year first, then centre name (the default).</summary>
    Year,
    /// <summary>Centre name, then year (newest first).</summary>
    Centre,
    /// <summary>Establishment name, then centre name.</summary>
    Establishment,
    /// <summary>Region code, then centre name.</summary>
    Region,
    /// <summary>Workflow order (brouillon, soumis, validé, transmis), then centre name.</summary>
    Status,
}

/// <summary>
/// The paged list's query (issue 13 §3): the filters of <see cref="ReportFilter"/>, plus the site type, a search on the
/// centre's or establishment's name (or the centre id), the sort, the page (from 1) and its size (1 to
/// <see cref="ReportQueries.MaxPageSize"/>, clamped). A page past the last one is empty, with the total.
/// </summary>
public sealed record ReportPageQuery(ReportFilter Filter, SiteKind? Kind = null, string? Search = null, ReportSort Sort = ReportSort.Year,
    bool Descending = false, int Page = 1, int PageSize = ReportQueries.DefaultPageSize);

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
    IReadOnlyList<ReportRow> NonCompliant, IReadOnlyList<ReportRow> InsufficientActivity, IReadOnlyList<GroupCount>? ByNetwork = null,
    IReadOnlyList<CriterionCount>? ByCriterion = null);

/// <summary>
/// Sites of the dashboard's year by the outcome of one criterion (issue 13, §3: the summary by criterion and status).
/// A site with several findings for a criterion counts once, at its worst outcome: not met, then missing data, then an
/// accepted exception, then met; "not applicable" only when every finding of the criterion is.
/// </summary>
public sealed record CriterionCount(string Criterion, int Met, int NotMet, int Exception, int Missing, int NotApplicable)
{
    public int Total => Met + NotMet + Exception + Missing + NotApplicable;

    /// <summary>The worst of a site's statuses for one criterion (codes of <see cref="Domain.Compliance.ComplianceCodes.Statuses"/>).</summary>
    public static Domain.Compliance.FindingStatus Worst(IEnumerable<Domain.Compliance.FindingStatus> statuses)
    {
        ArgumentNullException.ThrowIfNull(statuses);
        var worst = Domain.Compliance.FindingStatus.NotApplicable;
        foreach (var s in statuses)
            if (Rank(s) > Rank(worst)) worst = s;
        return worst;
    }

    private static int Rank(Domain.Compliance.FindingStatus s) => s switch
    {
        Domain.Compliance.FindingStatus.NotApplicable => 0,
        Domain.Compliance.FindingStatus.Met => 1,
        Domain.Compliance.FindingStatus.Exception => 2,
        Domain.Compliance.FindingStatus.Missing => 3,
        Domain.Compliance.FindingStatus.NotMet => 4,
    };

    public static IReadOnlyList<CriterionCount> Of(IEnumerable<IReadOnlyList<StoredFinding>> reports)
    {
        ArgumentNullException.ThrowIfNull(reports);
        var counts = new Dictionary<string, int[]>(StringComparer.Ordinal);
        foreach (var findings in reports)
            foreach (var criterion in findings.GroupBy(f => f.Criterion, StringComparer.Ordinal))
            {
                var statuses = criterion.Select(f => Domain.Compliance.ComplianceCodes.Statuses.TryParse(f.Status, out var st) ? st : (Domain.Compliance.FindingStatus?)null)
                    .OfType<Domain.Compliance.FindingStatus>().ToList();
                if (statuses.Count == 0) continue;
                if (!counts.TryGetValue(criterion.Key, out var c)) counts[criterion.Key] = c = new int[5];
                c[(int)Worst(statuses)]++;
            }
        return counts.Select(x => new CriterionCount(x.Key, x.Value[(int)Domain.Compliance.FindingStatus.Met], x.Value[(int)Domain.Compliance.FindingStatus.NotMet],
                x.Value[(int)Domain.Compliance.FindingStatus.Exception], x.Value[(int)Domain.Compliance.FindingStatus.Missing], x.Value[(int)Domain.Compliance.FindingStatus.NotApplicable]))
            .OrderByDescending(x => x.NotMet).ThenByDescending(x => x.Missing).ThenBy(x => x.Criterion, StringComparer.Ordinal).ToList();
    }
}

/// <summary>Read models of the annual reports, filtered to what the caller may read (<see cref="ReportService.CanRead"/>).</summary>
public sealed class ReportQueries(MaillageDbContext db)
{
    /// <summary>Criteria whose <c>not_met</c> puts a site on the "insufficient activity" list.</summary>
    public static readonly IReadOnlySet<string> ActivityCriteria = new HashSet<string>(["cs_hdj", "active_patients", "floor_25"], StringComparer.Ordinal);

    public async Task<IReadOnlyList<ReportRow>> ListAsync(Caller caller, ReportFilter filter, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(filter);
        // The caller's scope and the filters are query predicates (ten years of national reports are not loaded to be
        // filtered in memory); the rule is asked again below on each row (fail closed).
        if (!caller.IsAuthenticated || Filtered(caller, filter) is not { } q) return [];
        var reports = await q.Select(x => x.R).ToListAsync(ct);
        var sites = await SitesAsync(reports.Select(r => r.CentreId).Distinct(StringComparer.Ordinal).ToList(), ct);
        var rows = new List<ReportRow>();
        foreach (var r in reports)
        {
            if (!sites.TryGetValue(r.CentreId, out var info) || !Shown(caller, filter, info, r.Status)) continue;
            rows.Add(Row(r, info));
        }
        return rows.OrderBy(r => r.Year).ThenBy(r => r.CentreId, StringComparer.Ordinal).ToList();
    }

    /// <summary>Whether a report of this site and status is in the caller's list for these filters (the year, status and centre filters apart).</summary>
    private static bool Shown(Caller caller, ReportFilter filter, SiteInfo info, ReportStatus status)
    {
        if (!ReportService.CanRead(caller, info.Site, status)) return false;
        if (filter.Filiere is { } f && !info.Site.Filieres.Contains(f, StringComparer.Ordinal)) return false;
        if (filter.Region is { } g && !string.Equals(info.Site.RegionCode, g, StringComparison.Ordinal)) return false;
        if (filter.Network is { } n && !info.Networks.Contains(n, StringComparer.Ordinal)) return false;
        if (filter.Establishment is { } e && !string.Equals(info.Site.LegalEntity, e, StringComparison.Ordinal)
            && !string.Equals(info.Site.Centre.EstablishmentFiness, e, StringComparison.Ordinal)) return false;
        return true;
    }

    /// <summary>How many reports the caller may read per year for these filters, counted by the database (oldest year first).</summary>
    public async Task<IReadOnlyList<(int Year, int Count)>> CountByYearAsync(Caller caller, ReportFilter filter, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(filter);
        if (!caller.IsAuthenticated || Filtered(caller, filter) is not { } q) return [];
        return (await q.GroupBy(x => x.R.Year).Select(g => new { Year = g.Key, Count = g.Count() }).ToListAsync(ct))
            .OrderBy(x => x.Year).Select(x => (x.Year, x.Count)).ToList();
    }

    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 1000;
    public const int MaxSearchLength = 200;

    /// <summary>
    /// One page of the reports the caller may read, filtered, sorted and paged by the database (the scope of
    /// <see cref="ReportService.CanRead"/> is a query predicate, so counting and paging never load the whole list);
    /// only the page's rows are then completed with their site's facts. Anonymous or unscoped callers get an empty page.
    /// </summary>
    public async Task<Page<ReportRow>> PageAsync(Caller caller, ReportPageQuery query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(query);
        var page = Math.Max(1, query.Page);
        var size = Math.Clamp(query.PageSize, 1, MaxPageSize);
        var empty = new Page<ReportRow>([], 0, page, size);
        if (!caller.IsAuthenticated) return empty;
        var f = query.Filter;
        if (Filtered(caller, query.Filter) is not { } q) return empty;
        if (query.Kind is { } kind) q = q.Where(KindPredicate(kind));
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var text = query.Search.Trim();
            if (text.Length > MaxSearchLength) text = text[..MaxSearchLength];
#pragma warning disable CA1304, CA1311, CA1862 // inside an EF expression tree: translated to SQL lower(), no culture involved
            text = text.ToLowerInvariant();
            q = q.Where(x => x.C.Name.ToLower().Contains(text) || x.C.Id.ToLower().Contains(text) || x.C.Establishment!.Name.ToLower().Contains(text));
#pragma warning restore CA1304, CA1311, CA1862
        }
        var total = await q.CountAsync(ct);
        if (total == 0 || (long)(page - 1) * size >= total) return new Page<ReportRow>([], total, page, size);
        var ordered = Order(q, query.Sort, query.Descending);
        var keys = await ordered.Skip((page - 1) * size).Take(size).Select(x => new { x.R.CentreId, x.R.Year }).ToListAsync(ct);
        var centreIds = keys.Select(k => k.CentreId).Distinct(StringComparer.Ordinal).ToList();
        var years = keys.Select(k => k.Year).Distinct().ToList();
        var reports = (await db.AnnualReports.AsNoTracking().Where(r => centreIds.Contains(r.CentreId) && years.Contains(r.Year)).ToListAsync(ct))
            .ToDictionary(r => (r.CentreId, r.Year));
        var sites = await SitesAsync(centreIds, ct);
        var rows = new List<ReportRow>(keys.Count);
        foreach (var k in keys)
        {
            if (!reports.TryGetValue((k.CentreId, k.Year), out var r) || !sites.TryGetValue(k.CentreId, out var info)) continue;
            // The predicate above is the rule; the rule itself is asked again on what is shown (fail closed).
            if (!ReportService.CanRead(caller, info.Site, r.Status)) continue;
            rows.Add(Row(r, info));
        }
        return new Page<ReportRow>(rows, total, page, size);
    }

    /// <summary>The reports joined to their centre, restricted to the readers of <see cref="ReportService.CanRead"/> as a
    /// query predicate (null: the caller reads none); the rule itself is asked again on what is shown.</summary>
    private IQueryable<ReportAndCentre>? Scoped(Caller caller)
    {
        var q = db.AnnualReports.AsNoTracking().Join(db.Centres.AsNoTracking(), r => r.CentreId, c => c.Id, (r, c) => new ReportAndCentre { R = r, C = c });
        // The readers of ReportService.CanRead, as a predicate.
        var scope = caller.ScopeId;
        switch (caller.Role)
        {
            case UserRole.NationalAdmin:
                break;
            case UserRole.CentreHead when !string.IsNullOrEmpty(scope):
                q = q.Where(x => x.C.Id == scope);
                break;
            case UserRole.Establishment when !string.IsNullOrEmpty(scope):
                q = q.Where(x => (x.C.Establishment!.LegalEntityFiness ?? x.C.EstablishmentFiness) == scope);
                break;
            case UserRole.RegionalAgency when !string.IsNullOrEmpty(scope):
                q = q.Where(x => x.R.Status == ReportStatus.Transmitted && x.C.Establishment!.Departement!.RegionCode == scope);
                break;
            case UserRole.FiliereCoordinator when !string.IsNullOrEmpty(scope):
                var ofFiliere = CentresOf(scope);
                q = q.Where(x => x.R.Status == ReportStatus.Transmitted && ofFiliere.Contains(x.C.Id));
                break;
            default:
                return null;
        }
        return q;
    }

    /// <summary><see cref="Scoped"/> narrowed by the filters, all as query predicates (null: the caller reads none).</summary>
    private IQueryable<ReportAndCentre>? Filtered(Caller caller, ReportFilter f)
    {
        if (Scoped(caller) is not { } q) return null;
        if (f.Year is { } y) q = q.Where(x => x.R.Year == y);
        if (f.Status is { } s) q = q.Where(x => x.R.Status == s);
        if (f.Centre is { } centre) q = q.Where(x => x.R.CentreId == centre);
        if (f.Region is { } region) q = q.Where(x => x.C.Establishment!.Departement!.RegionCode == region);
        if (f.Establishment is { } e) q = q.Where(x => x.C.EstablishmentFiness == e || x.C.Establishment!.LegalEntityFiness == e);
        if (f.Network is { } network) q = q.Where(x => x.C.NetworkId == network || x.C.Attachments.Any(a => a.NetworkId == network));
        if (f.Filiere is { } filiere)
        {
            var ofFiliere = CentresOf(filiere);
            q = q.Where(x => ofFiliere.Contains(x.C.Id));
        }
        return q;
    }

    /// <summary>The centres of a filière — sites of its networks and centres attached to them — as an uncorrelated
    /// subquery (evaluated once, not once per report: ten years of national reports).</summary>
    private IQueryable<string> CentresOf(string filiere)
    {
        var networks = db.Networks.Where(n => n.FiliereAcronym == filiere).Select(n => n.Id);
        return db.Centres.Where(c => c.NetworkId != null && networks.Contains(c.NetworkId)).Select(c => c.Id)
            .Concat(db.CentreAttachments.Where(a => networks.Contains(a.NetworkId)).Select(a => a.CentreId));
    }

    private sealed class ReportAndCentre
    {
        public required AnnualReport R { get; init; }
        public required Centre C { get; init; }
    }

    private static System.Linq.Expressions.Expression<Func<ReportAndCentre, bool>> KindPredicate(SiteKind kind) => kind switch
    {
        SiteKind.CrmrCoordinating => x => x.C.Kind == CentreKind.ReferenceSite && x.C.Role != SiteRole.Constitutive,
        SiteKind.CrmrConstitutive => x => x.C.Kind == CentreKind.ReferenceSite && x.C.Role == SiteRole.Constitutive,
        SiteKind.Ccmr => x => x.C.Kind == CentreKind.CompetenceCentre,
        SiteKind.Crcm => x => x.C.Kind == CentreKind.ResourceCentre && x.C.ResourceKind == ResourceCentreKind.Crcm,
        SiteKind.CrcSla => x => x.C.Kind == CentreKind.ResourceCentre && x.C.ResourceKind == ResourceCentreKind.Sla,
        SiteKind.CrcMhc => x => x.C.Kind == CentreKind.ResourceCentre && x.C.ResourceKind != ResourceCentreKind.Crcm && x.C.ResourceKind != ResourceCentreKind.Sla,
    };

    private static IQueryable<ReportAndCentre> Order(IQueryable<ReportAndCentre> q, ReportSort sort, bool descending)
    {
        // Workflow order of the statuses (the column holds the enum's name, whose alphabetical order means nothing).
        System.Linq.Expressions.Expression<Func<ReportAndCentre, int>> rank = x => x.R.Status == ReportStatus.Draft ? 0
            : x.R.Status == ReportStatus.Submitted ? 1 : x.R.Status == ReportStatus.Validated ? 2 : x.R.Status == ReportStatus.Transmitted ? 3 : 4;
        var first = (sort, descending) switch
        {
            (ReportSort.Year, false) => q.OrderByDescending(x => x.R.Year).ThenBy(x => x.C.Name),
            (ReportSort.Year, true) => q.OrderBy(x => x.R.Year).ThenBy(x => x.C.Name),
            (ReportSort.Centre, false) => q.OrderBy(x => x.C.Name).ThenByDescending(x => x.R.Year),
            (ReportSort.Centre, true) => q.OrderByDescending(x => x.C.Name).ThenByDescending(x => x.R.Year),
            (ReportSort.Establishment, false) => q.OrderBy(x => x.C.Establishment!.Name).ThenBy(x => x.C.Name),
            (ReportSort.Establishment, true) => q.OrderByDescending(x => x.C.Establishment!.Name).ThenBy(x => x.C.Name),
            (ReportSort.Region, false) => q.OrderBy(x => x.C.Establishment!.Departement!.RegionCode).ThenBy(x => x.C.Name),
            (ReportSort.Region, true) => q.OrderByDescending(x => x.C.Establishment!.Departement!.RegionCode).ThenBy(x => x.C.Name),
            (ReportSort.Status, false) => q.OrderBy(rank).ThenBy(x => x.C.Name),
            (ReportSort.Status, true) => q.OrderByDescending(rank).ThenBy(x => x.C.Name),
        };
        // A total order, so that pages never overlap nor skip a row.
        return first.ThenBy(x => x.R.CentreId).ThenBy(x => x.R.Year);
    }

    private static ReportRow Row(AnnualReport r, SiteInfo info) =>
        new(r.CentreId, info.Site.Centre.Name, Domain.Referential.Codes.Code(info.Site.Kind), r.Year, r.Status, r.Verdict,
            info.Site.Centre.EstablishmentFiness, info.EstablishmentName, info.Site.RegionCode, info.Site.Filieres, r.UpdatedAt, r.Fictitious,
            ReportJson.Findings(r), info.Networks);

    public async Task<ComplianceDashboard> DashboardAsync(Caller caller, ReportFilter filter, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(filter);
        // At national scale (ten years × ~2,500 sites) the trend is counted by the database (year × verdict), with the
        // caller's scope and the filters as predicates; only the dashboard's year is read, with its sites' facts.
        if (!caller.IsAuthenticated || Filtered(caller, filter with { Year = null, Status = null }) is not { } scoped)
            return new ComplianceDashboard(null, [], [], [], [], [], [], []);
        var official = scoped.Where(x => (x.R.Status == ReportStatus.Validated || x.R.Status == ReportStatus.Transmitted || x.R.Status == ReportStatus.Received)
            && x.R.Verdict != null);
        var counts = await official.GroupBy(x => new { x.R.Year, x.R.Verdict }).Select(g => new { g.Key.Year, g.Key.Verdict, Count = g.Count() }).ToListAsync(ct);
        var trend = counts.GroupBy(c => c.Year).OrderBy(g => g.Key).Select(g => new VerdictCount(g.Key,
            g.Where(r => r.Verdict == "compliant").Sum(r => r.Count), g.Where(r => r.Verdict == "compliant_with_exception").Sum(r => r.Count),
            g.Where(r => r.Verdict == "non_compliant").Sum(r => r.Count), g.Where(r => r.Verdict == "incomplete").Sum(r => r.Count))).ToList();
        var year = filter.Year ?? (trend.Count > 0 ? trend[^1].Year : null);
        var full = year is { } fy
            ? await official.Where(x => x.R.Year == fy).Select(x => new AnnualReport
            {
                CentreId = x.R.CentreId, Campaign = x.R.Campaign, UpdatedBy = x.R.UpdatedBy, Year = x.R.Year, Status = x.R.Status, Verdict = x.R.Verdict,
                UpdatedAt = x.R.UpdatedAt, Fictitious = x.R.Fictitious, FindingsJson = x.R.FindingsJson,
            }).ToListAsync(ct)
            : [];
        var sites = await SitesAsync(full.Select(r => r.CentreId).Distinct(StringComparer.Ordinal).ToList(), ct);
        // The predicates above are the rule; the rule itself is asked again on what is shown (fail closed).
        var ofYear = full.Where(r => sites.TryGetValue(r.CentreId, out var info) && Shown(caller, filter, info, r.Status))
            .Select(r => Row(r, sites[r.CentreId])).OrderBy(r => r.CentreId, StringComparer.Ordinal).ToList();
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
        return new ComplianceDashboard(year, trend, byFiliere, byRegion, ofYear.Where(r => r.Verdict == "non_compliant").ToList(), insufficient, byNetwork,
            CriterionCount.Of(ofYear.Select(r => r.Findings)));
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
