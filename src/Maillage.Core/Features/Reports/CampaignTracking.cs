using System.Globalization;
using Maillage.Core.Data;
using Maillage.Core.Features.Procedures;
using Maillage.Core.Features.Registry;
using Maillage.Core.Infrastructure.Auditing;
using Maillage.Core.Infrastructure.Campaigns;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain;
using Maillage.Domain.Registry;
using Maillage.Domain.Reports;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Core.Features.Reports;

/// <summary>
/// One e-mail reminder sent to a centre whose annual report of <see cref="Year"/> was not yet submitted (table
/// <c>report_reminders</c>, schema 0021): who sent it, when, to which addresses. At most one per centre, year and day
/// (<see cref="Day"/>, the sender's local day; a unique index, so two senders or two nodes cannot both send it).
/// Audited as <c>report_reminder</c>.
/// </summary>
public sealed class ReportReminder : IAuditSubject
{
    public int Id { get; set; }
    public int Year { get; set; }
    public required string CentreId { get; set; }
    public DateOnly Day { get; set; }
    public DateTimeOffset SentAt { get; set; }
    /// <summary>The sender's user name.</summary>
    public required string SentBy { get; set; }
    /// <summary>The sender's role (<see cref="UserRole"/> name) and scope (the ARS's region), as they were when sending.</summary>
    public required string SentByRole { get; set; }
    public string? SentByScope { get; set; }
    /// <summary>The addresses the reminder went to, separated by « ; » (empty when none is known: in-app only).</summary>
    public required string Recipients { get; set; }
    public int RecipientCount { get; set; }
    /// <summary>True for the fictitious reminders of the demo data set.</summary>
    public bool Fictitious { get; set; }

    string IAuditSubject.AuditEntity => "report_reminder";
    string IAuditSubject.AuditId => string.Create(CultureInfo.InvariantCulture, $"{CentreId}/{Year}/{Day:yyyy-MM-dd}");
}

/// <summary>Where a centre stands in a campaign: no report yet, or its report's status.</summary>
public enum CampaignState
{
    NotStarted,
    Draft,
    Submitted,
    Validated,
    Transmitted,
}

public static class CampaignStates
{
    public static readonly EnumTable<CampaignState> Table = new(v => v switch
    {
        CampaignState.NotStarted => ("not_started", "non commencé"),
        CampaignState.Draft => ("draft", "brouillon"),
        CampaignState.Submitted => ("submitted", "soumis"),
        CampaignState.Validated => ("validated", "validé"),
        CampaignState.Transmitted => ("transmitted", "transmis"),
    });

    public static string Code(this CampaignState s) => Table.Code(s);

    public static string Label(this CampaignState s) => Table.Label(s);

    /// <summary>A centre's report status as a campaign state (a filière's <see cref="ReportStatus.Received"/> never occurs here: counted as transmitted).</summary>
    public static CampaignState Of(ReportStatus status) => status switch
    {
        ReportStatus.Draft => CampaignState.Draft,
        ReportStatus.Submitted => CampaignState.Submitted,
        ReportStatus.Validated => CampaignState.Validated,
        ReportStatus.Transmitted => CampaignState.Transmitted,
        ReportStatus.Received => CampaignState.Transmitted,
    };
}

/// <summary>Counts of one campaign: the centres expected to report, by state.</summary>
public sealed record CampaignCounts(int Expected, int NotStarted, int Draft, int Submitted, int Validated, int Transmitted)
{
    /// <summary>Submitted by the centre (now submitted, validated or transmitted).</summary>
    public int HaveSubmitted => Submitted + Validated + Transmitted;
    /// <summary>Validated by the establishment (now validated or transmitted).</summary>
    public int HaveValidated => Validated + Transmitted;
    public int NotSubmitted => NotStarted + Draft;

    public static CampaignCounts Of(IEnumerable<CampaignState> states)
    {
        ArgumentNullException.ThrowIfNull(states);
        var n = new int[5];
        var total = 0;
        foreach (var s in states) { n[(int)s]++; total++; }
        return new CampaignCounts(total, n[0], n[1], n[2], n[3], n[4]);
    }
}

/// <summary>One centre of a campaign, by name (the ids are for links).</summary>
public sealed record CampaignCentre(
    string CentreId, string CentreName, string Kind, string EstablishmentName, string? RegionCode, string? RegionName, IReadOnlyList<string> Filieres,
    CampaignState State, DateTimeOffset? SubmittedAt, DateTimeOffset? ValidatedAt, DateTimeOffset? TransmittedAt,
    bool Late, bool SubmittedLate, int Reminders, DateTimeOffset? LastReminderAt, bool RemindedToday, bool ReportReadable);

/// <summary>
/// The year before, two ways: <see cref="AtSamePoint"/> — the states of N-1 on the same day one year earlier
/// (<see cref="SamePointAsOf"/>, rebuilt from the reports' last submission, validation and transmission stamps) — and
/// <see cref="Final"/> — N-1's states today (final once its campaign is over).
/// </summary>
public sealed record CampaignComparison(int Year, DateOnly SamePointAsOf, CampaignCounts AtSamePoint, CampaignCounts Final, bool FinalIsClosed);

/// <summary>The campaign tracking of one year as the caller may see it.</summary>
public sealed record CampaignView(
    int Year, string CampaignId, DateOnly WindowOpens, DateOnly Deadline, DateOnly DataEntryCutoff, DateOnly Today, bool WindowOpened, bool DeadlinePassed,
    string? Region, string? RegionName, string? Filiere, CampaignCounts Counts, int LateNotSubmitted, int SubmittedLate, int RemindedToday,
    CampaignComparison? Previous, Page<CampaignCentre> Centres, bool CanRemind);

/// <summary>What the list shows: the filters of the counts (region — the ministry only —, filière) and of the list
/// (state, late only, a search on the centre's or establishment's name), the page.</summary>
public sealed record CampaignQuery(string? Region = null, string? Filiere = null, CampaignState? State = null, bool LateOnly = false,
    string? Search = null, int Page = 1, int PageSize = CampaignTracking.DefaultPageSize);

/// <summary>What a reminder did for one centre: sent (to <see cref="Addresses"/> addresses), or skipped and why.</summary>
public sealed record ReminderOutcome(string CentreId, string? CentreName, bool Sent, int Addresses, string? Skipped);

public sealed record ReminderResult(int Year, IReadOnlyList<ReminderOutcome> Outcomes, string? Error = null)
{
    public int Sent => Outcomes.Count(o => o.Sent);
    public int Skipped => Outcomes.Count(o => !o.Sent);
}

/// <summary>
/// Campaign tracking of the centres' annual reports (issue 13 §1; docs/campaign-tracking.md): for a reporting campaign
/// (the reports on year N), the centres expected to report — labelled on 31 December of N, or having a report for N —,
/// who has submitted, validated, transmitted, who is late, the same counts for N-1, and e-mail reminders to the
/// centres not yet submitted. For the ministry (every centre) and the regional agencies (the centres whose
/// establishment is in their region today); everyone else is refused. An agency sees the status of reports it may not
/// read (not yet transmitted), never their content.
/// </summary>
public sealed class CampaignTracking(MaillageDbContext db, TimeProvider clock)
{
    public const string ReminderReason = "report_reminder";
    public const int DefaultPageSize = 100;
    public const int MaxPageSize = 1000;
    /// <summary>At most this many centres named in one reminder request.</summary>
    public const int MaxReminderCentres = 5000;

    public DateOnly Today => DateOnly.FromDateTime(clock.GetLocalNow().Date);

    public static bool CanTrack(Caller caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return caller.IsAuthenticated && (caller.Role == UserRole.NationalAdmin
            || (caller.Role == UserRole.RegionalAgency && !string.IsNullOrEmpty(caller.ScopeId)));
    }

    private static void Demand(Caller caller)
    {
        if (!CanTrack(caller))
            throw new AccessRefusedException(caller, "Le suivi de la campagne des rapports annuels est réservé au ministère et aux agences régionales de santé.");
    }

    /// <summary>The campaign shown by default: the latest year whose reporting window has opened.</summary>
    public int DefaultYear()
    {
        var today = Today;
        var last = today.Year - 1;
        var calendar = CampaignCatalogue.Shipped.ForYear(last)?.Reporting;
        return calendar is not null && today < calendar.WindowOpensOf(last) ? last - 1 : last;
    }

    /// <summary>True when a campaign referential covers <paramref name="year"/>.</summary>
    public static bool HasCampaign(int year) => Infrastructure.Validation.InputRanges.IsYear(year) && CampaignCatalogue.Shipped.ForYear(year) is not null;

    /// <summary>The campaign of <paramref name="year"/> as the caller may see it; null when no campaign covers the year.</summary>
    public async Task<CampaignView?> TrackAsync(Caller caller, int year, CampaignQuery query, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        Demand(caller);
        if (!HasCampaign(year)) return null;
        var region = RegionOf(caller, query.Region);
        var filiere = Clean(query.Filiere);
        var calendar = CampaignCatalogue.Shipped.ForYear(year)!.Reporting;
        var today = Today;
        var deadline = calendar.Deadline(year);
        var centres = await CentresAsync(year, region, filiere, ct);
        var counts = CampaignCounts.Of(centres.Select(c => c.State));
        CampaignComparison? previous = null;
        if (HasCampaign(year - 1))
        {
            var before = await CentresAsync(year - 1, region, filiere, ct);
            var asOf = today.AddYears(-1);
            var instant = new DateTimeOffset(asOf.ToDateTime(TimeOnly.MaxValue), clock.LocalTimeZone.GetUtcOffset(asOf.ToDateTime(TimeOnly.MaxValue)));
            previous = new CampaignComparison(year - 1, asOf, CampaignCounts.Of(before.Select(c => c.StateAt(instant))), CampaignCounts.Of(before.Select(c => c.State)),
                today > CampaignCatalogue.Shipped.ForYear(year - 1)!.Reporting.Deadline(year - 1));
        }
        var reminders = (await db.ReportReminders.AsNoTracking().Where(r => r.Year == year).Select(r => new { r.CentreId, r.SentAt, r.Day }).ToListAsync(ct))
            .GroupBy(r => r.CentreId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (Count: g.Count(), Last: g.Max(x => x.SentAt), Today: g.Any(x => x.Day == today)), StringComparer.Ordinal);
        var regionNames = await db.Regions.AsNoTracking().ToDictionaryAsync(r => r.Code, r => r.Name, StringComparer.Ordinal, ct);
        var rows = centres.Select(c =>
        {
            var r = reminders.TryGetValue(c.Id, out var x) ? x : (Count: 0, Last: (DateTimeOffset?)null, Today: false);
            var late = today > deadline && c.State is CampaignState.NotStarted or CampaignState.Draft && c.ReopenedAt is null;
            var submittedLate = c.State >= CampaignState.Submitted && c.ReopenedAt is null && c.SubmittedAt is { } at
                && DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, clock.LocalTimeZone).DateTime) > deadline;
            var readable = caller.Role == UserRole.NationalAdmin || c.State == CampaignState.Transmitted;
            return new CampaignCentre(c.Id, c.Name, c.Kind, c.EstablishmentName, c.RegionCode, c.RegionCode is { } rc ? regionNames.GetValueOrDefault(rc) : null,
                c.Filieres, c.State, c.SubmittedAt, c.ValidatedAt, c.TransmittedAt, late, submittedLate, r.Count, r.Last, r.Today, readable);
        }).ToList();
        var shown = rows.AsEnumerable();
        if (query.State is { } state) shown = shown.Where(c => c.State == state);
        if (query.LateOnly) shown = shown.Where(c => c.Late || c.SubmittedLate);
        if (Clean(query.Search) is { } search)
        {
            var text = search.Length > ReportQueries.MaxSearchLength ? search[..ReportQueries.MaxSearchLength] : search;
            shown = shown.Where(c => Matches(c.CentreName, text) || Matches(c.EstablishmentName, text) || c.CentreId.Contains(text, StringComparison.OrdinalIgnoreCase));
        }
        // Late ones first, then the workflow order, then the names.
        var ordered = shown.OrderByDescending(c => c.Late).ThenBy(c => c.State).ThenBy(c => c.CentreName, StringComparer.Create(CultureInfo.GetCultureInfo("fr-FR"), true))
            .ThenBy(c => c.CentreId, StringComparer.Ordinal).ToList();
        var page = Math.Max(1, query.Page);
        var size = Math.Clamp(query.PageSize, 1, MaxPageSize);
        var items = (long)(page - 1) * size >= ordered.Count ? [] : ordered.Skip((page - 1) * size).Take(size).ToList();
        return new CampaignView(year, CampaignCatalogue.Shipped.ForYear(year)!.CampaignId, calendar.WindowOpensOf(year), deadline, calendar.DataEntryCutoffOf(year),
            today, today >= calendar.WindowOpensOf(year), today > deadline, region, region is null ? null : regionNames.GetValueOrDefault(region), filiere, counts,
            rows.Count(c => c.Late), rows.Count(c => c.SubmittedLate), rows.Count(c => c.RemindedToday), previous,
            new Page<CampaignCentre>(items, ordered.Count, page, size), today >= calendar.WindowOpensOf(year));
    }

    /// <summary>
    /// Sends a reminder to the centres not yet submitted (all of the caller's, or those named), by e-mail through the
    /// mail outbox and in the application, to the centre head's accounts and the head in office today. Skipped (and
    /// said why): a centre outside the caller's campaign, already submitted, or already reminded today by anyone. Nothing
    /// is sent before the reporting window opens. An agency naming a centre of another region is refused
    /// (<see cref="AccessRefusedException"/>), nothing sent. Each reminder is recorded (who, when, to whom) and audited.
    /// </summary>
    /// <param name="region">The ministry may narrow the reminder to a region; an agency's is always its own.</param>
    public async Task<ReminderResult> RemindAsync(Caller caller, int year, IReadOnlyCollection<string>? centreIds, CancellationToken ct = default, string? region = null)
    {
        Demand(caller);
        if (!HasCampaign(year)) return new ReminderResult(year, [], $"Aucune campagne de labellisation ne couvre l'année {year}.");
        if (centreIds is { Count: > MaxReminderCentres })
            return new ReminderResult(year, [], $"Trop de centres dans une relance : {MaxReminderCentres} au plus.");
        var calendar = CampaignCatalogue.Shipped.ForYear(year)!.Reporting;
        var today = Today;
        if (today < calendar.WindowOpensOf(year))
            return new ReminderResult(year, [], $"La remise des rapports {year} ouvre le {Fr(calendar.WindowOpensOf(year))} : pas de relance avant.");
        region = RegionOf(caller, region);
        if (centreIds is not null && caller.Role == UserRole.RegionalAgency)
        {
            // An agency naming a centre of another region is refused outright (fail closed): nothing is sent.
            var named = centreIds.Where(id => !string.IsNullOrWhiteSpace(id)).Select(id => id.Trim()).Distinct(StringComparer.Ordinal).ToList();
            foreach (var chunk in named.Chunk(500))
            {
                var ids = chunk.ToList();
                if (await db.Centres.AsNoTracking().AnyAsync(c => ids.Contains(c.Id) && (c.Establishment == null || c.Establishment.Departement == null
                        || c.Establishment.Departement.RegionCode != region), ct))
                    throw new AccessRefusedException(caller, "Une agence régionale de santé relance les centres de sa région seulement.");
            }
        }
        var centres = (await CentresAsync(year, region, null, ct)).ToDictionary(c => c.Id, StringComparer.Ordinal);
        var wanted = centreIds is null
            ? centres.Values.Where(c => c.State is CampaignState.NotStarted or CampaignState.Draft).Select(c => c.Id).ToList()
            : centreIds.Select(id => id?.Trim() ?? "").Distinct(StringComparer.Ordinal).ToList();
        var remindedToday = (await db.ReportReminders.AsNoTracking().Where(r => r.Year == year && r.Day == today).Select(r => new { r.CentreId, r.SentBy, r.SentAt }).ToListAsync(ct))
            .GroupBy(r => r.CentreId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var outcomes = new List<ReminderOutcome>();
        var due = new List<TrackedCentre>();
        foreach (var id in wanted)
        {
            if (!centres.TryGetValue(id, out var c))
                outcomes.Add(new ReminderOutcome(id, null, false, 0, "Ce centre n'est pas un centre de la campagne dans votre périmètre."));
            else if (c.State is not (CampaignState.NotStarted or CampaignState.Draft))
                outcomes.Add(new ReminderOutcome(id, c.Name, false, 0, $"Rapport déjà {c.State.Label()} : pas de relance."));
            else if (remindedToday.TryGetValue(id, out var r))
                outcomes.Add(new ReminderOutcome(id, c.Name, false, 0, $"Déjà relancé aujourd'hui (à {TimeZoneInfo.ConvertTime(r.SentAt, clock.LocalTimeZone).ToString("HH:mm", CultureInfo.InvariantCulture)}) : une relance par jour au plus."));
            else due.Add(c);
        }
        if (due.Count == 0) return new ReminderResult(year, outcomes);
        var addresses = await AddressesAsync(due.Select(c => c.Id).ToList(), today, ct);
        var now = clock.GetUtcNow();
        var sender = SenderLabel(caller, region is null ? null : await db.Regions.AsNoTracking().Where(r => r.Code == region).Select(r => r.Name).FirstOrDefaultAsync(ct));
        var batch = new List<(TrackedCentre Centre, ReportReminder Reminder, List<Notification> Notes)>();
        foreach (var c in due)
        {
            var emails = addresses.GetValueOrDefault(c.Id) ?? [];
            var reminder = new ReportReminder
            {
                Year = year, CentreId = c.Id, Day = today, SentAt = now, SentBy = caller.UserName!, SentByRole = caller.Role!.Value.ToString(),
                SentByScope = caller.ScopeId, Recipients = Truncate(string.Join("; ", emails), 4000), RecipientCount = emails.Count,
            };
            var notes = (emails.Count == 0 ? [""] : emails).Select(email => new Notification
            {
                Reason = ReminderReason, AudienceRole = UserRole.CentreHead, AudienceScopeId = c.Id, Email = email.Length == 0 ? null : email,
                RecipientLabel = Truncate($"Responsable du centre {c.Name}", 300), Subject = Truncate(Subject(year, c), 300), Body = Body(year, c, calendar.Deadline(year), today, sender),
                CreatedAt = now, DedupKey = string.Create(CultureInfo.InvariantCulture, $"reminder:{year}:{c.Id}:{today:yyyyMMdd}:{Infrastructure.Mail.NotificationMail.AddressKey(email)}"),
            }).ToList();
            batch.Add((c, reminder, notes));
        }
        try
        {
            foreach (var (_, reminder, notes) in batch) { db.ReportReminders.Add(reminder); db.Set<Notification>().AddRange(notes); }
            await db.SaveChangesAsync(ct);
            outcomes.AddRange(batch.Select(b => new ReminderOutcome(b.Centre.Id, b.Centre.Name, true, b.Reminder.RecipientCount, null)));
        }
        catch (DbUpdateException)
        {
            // Someone reminded one of these centres between our check and our save (unique day): one by one, so that
            // only those are skipped.
            db.ChangeTracker.Clear();
            foreach (var (c, reminder, notes) in batch)
            {
                db.ReportReminders.Add(reminder);
                db.Set<Notification>().AddRange(notes);
                try
                {
                    await db.SaveChangesAsync(ct);
                    outcomes.Add(new ReminderOutcome(c.Id, c.Name, true, reminder.RecipientCount, null));
                }
                catch (DbUpdateException)
                {
                    db.ChangeTracker.Clear();
                    outcomes.Add(new ReminderOutcome(c.Id, c.Name, false, 0, "Déjà relancé aujourd'hui : une relance par jour au plus."));
                }
            }
        }
        return new ReminderResult(year, outcomes);
    }

    /// <summary>The reminders of one centre for a year, newest first (the ministry, or the agency of the centre's region).</summary>
    public async Task<IReadOnlyList<ReportReminder>> RemindersAsync(Caller caller, int year, string centreId, CancellationToken ct = default)
    {
        Demand(caller);
        var region = RegionOf(caller, null);
        if (region is not null && !await db.Centres.AsNoTracking().AnyAsync(c => c.Id == centreId && c.Establishment!.Departement!.RegionCode == region, ct)) return [];
        return (await db.ReportReminders.AsNoTracking().Where(r => r.Year == year && r.CentreId == centreId).ToListAsync(ct))
            .OrderByDescending(r => r.SentAt).ToList();
    }

    /// <summary>The ARS's region (a different region asked is refused); the ministry's optional filter.</summary>
    private static string? RegionOf(Caller caller, string? asked)
    {
        var region = Clean(asked);
        if (caller.Role != UserRole.RegionalAgency) return region;
        if (region is not null && !string.Equals(region, caller.ScopeId, StringComparison.Ordinal))
            throw new AccessRefusedException(caller, "Une agence régionale de santé suit les centres de sa région seulement.");
        return caller.ScopeId;
    }

    private sealed record TrackedCentre(
        string Id, string Name, string Kind, string EstablishmentName, string? RegionCode, IReadOnlyList<string> Filieres, CampaignState State,
        DateTimeOffset? SubmittedAt, DateTimeOffset? ValidatedAt, DateTimeOffset? TransmittedAt, DateTimeOffset? ReopenedAt, DateTimeOffset? UpdatedAt)
    {
        /// <summary>The state on <paramref name="instant"/>, from the last stamps (a report returned or reopened and submitted
        /// again counts from its last submission).</summary>
        public CampaignState StateAt(DateTimeOffset instant)
        {
            if (State == CampaignState.NotStarted) return CampaignState.NotStarted;
            if (TransmittedAt <= instant && State == CampaignState.Transmitted) return CampaignState.Transmitted;
            if (ValidatedAt <= instant && State >= CampaignState.Validated) return CampaignState.Validated;
            if (SubmittedAt <= instant && State >= CampaignState.Submitted) return CampaignState.Submitted;
            var first = new[] { SubmittedAt, UpdatedAt }.Where(x => x is not null).Min();
            return first is { } f && f <= instant ? CampaignState.Draft : CampaignState.NotStarted;
        }
    }

    /// <summary>
    /// The centres expected to report on <paramref name="year"/> — covered by a label on 31 December of the year, or having
    /// a report for it — within a region (today's establishment) and a filière, with their report's state.
    /// </summary>
    private async Task<List<TrackedCentre>> CentresAsync(int year, string? region, string? filiere, CancellationToken ct)
    {
        var end = new DateOnly(year, 12, 31);
        var q = db.Centres.AsNoTracking().Where(c =>
            db.Labels.Any(l => l.CentreId == c.Id && l.Decision != LabelDecision.NotRetained && l.ValidFrom <= end && (l.ValidTo == null || l.ValidTo >= end))
            || db.AnnualReports.Any(r => r.CentreId == c.Id && r.Year == year));
        if (region is not null) q = q.Where(c => c.Establishment!.Departement!.RegionCode == region);
        if (filiere is not null)
            q = q.Where(c => (c.Network != null && c.Network.FiliereAcronym == filiere)
                || c.Attachments.Any(a => db.Networks.Any(n => n.Id == a.NetworkId && n.FiliereAcronym == filiere)));
        var centres = await q.Select(c => new
        {
            c.Id, c.Name, c.Kind, c.Role, c.ResourceKind, NetworkFiliere = c.Network != null ? c.Network.FiliereAcronym : null,
            EstablishmentName = c.Establishment != null ? c.Establishment.Name : c.EstablishmentFiness,
            RegionCode = c.Establishment != null && c.Establishment.Departement != null ? c.Establishment.Departement.RegionCode : null,
        }).ToListAsync(ct);
        // The loaded identifiers, not the query again as a subquery (its EXISTS over labels and ten years of reports).
        var ids = centres.Select(c => c.Id).ToList();
        var reports = (await db.AnnualReports.AsNoTracking().Where(r => r.Year == year && ids.Contains(r.CentreId))
            .Select(r => new { r.CentreId, r.Status, r.SubmittedAt, r.ValidatedAt, r.TransmittedAt, r.ReopenedAt, r.UpdatedAt }).ToListAsync(ct))
            .ToDictionary(r => r.CentreId, StringComparer.Ordinal);
        var attached = (await db.CentreAttachments.AsNoTracking().Where(a => ids.Contains(a.CentreId))
            .Join(db.Networks, a => a.NetworkId, n => n.Id, (a, n) => new { a.CentreId, n.FiliereAcronym }).ToListAsync(ct))
            .GroupBy(a => a.CentreId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(a => a.FiliereAcronym).ToList(), StringComparer.Ordinal);
        return centres.Select(c =>
        {
            var filieres = (attached.GetValueOrDefault(c.Id) ?? []).Append(c.NetworkFiliere).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            var kind = Domain.Referential.Codes.Code(Domain.Compliance.RegistryKinds.SiteKindOf(c.Kind, c.Role, c.ResourceKind));
            return reports.TryGetValue(c.Id, out var r)
                ? new TrackedCentre(c.Id, c.Name, kind, c.EstablishmentName, c.RegionCode, filieres, CampaignStates.Of(r.Status), r.SubmittedAt, r.ValidatedAt,
                    r.TransmittedAt, r.ReopenedAt, r.UpdatedAt)
                : new TrackedCentre(c.Id, c.Name, kind, c.EstablishmentName, c.RegionCode, filieres, CampaignState.NotStarted, null, null, null, null, null);
        }).ToList();
    }

    /// <summary>The addresses of each centre's head: the centre-head accounts of the centre and the head in office today.</summary>
    private async Task<Dictionary<string, List<string>>> AddressesAsync(IReadOnlyList<string> centreIds, DateOnly today, CancellationToken ct)
    {
        var found = new List<(string CentreId, string Email)>();
        foreach (var chunk in centreIds.Chunk(500))
        {
            var ids = chunk.ToList();
            found.AddRange((await db.Users.AsNoTracking().Where(u => u.Role == UserRole.CentreHead && u.ScopeId != null && ids.Contains(u.ScopeId) && u.Email != null)
                .Select(u => new { u.ScopeId, u.Email }).ToListAsync(ct)).Select(u => (u.ScopeId!, u.Email!)));
            found.AddRange((await db.Mandates.AsNoTracking().Where(m => m.Role == MandateRole.CentreHead && m.CentreId != null && ids.Contains(m.CentreId)
                    && m.From <= today && (m.To == null || m.To >= today) && m.Person!.Email != null)
                .Select(m => new { m.CentreId, m.Person!.Email }).ToListAsync(ct)).Select(m => (m.CentreId!, m.Email!)));
        }
        return found.Where(f => f.Email.Contains('@', StringComparison.Ordinal)).GroupBy(f => f.CentreId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(f => f.Email.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase).ToList(), StringComparer.Ordinal);
    }

    private static string SenderLabel(Caller caller, string? regionName) => caller.Role == UserRole.RegionalAgency
        ? $"l'agence régionale de santé{(regionName is null ? "" : " " + regionName)}"
        : "le ministère (DGOS, mission maladies rares)";

    private static string Subject(int year, TrackedCentre c) => $"[Maillage] Relance : rapport annuel {year} de {c.Name} à soumettre";

    private static string Body(int year, TrackedCentre c, DateOnly deadline, DateOnly today, string sender) =>
        $"Le rapport annuel d'activité {year} du centre {c.Name} ({c.EstablishmentName}) n'a pas encore été soumis " +
        $"({(c.State == CampaignState.Draft ? "brouillon en cours" : "aucun brouillon enregistré")}).\n" +
        (today > deadline
            ? $"La remise des rapports s'est close le {Fr(deadline)} : la soumission reste possible, le rapport sera signalé en retard au ministère, qui décide.\n"
            : $"La remise des rapports se clôt le {Fr(deadline)}.\n") +
        $"Le responsable du centre le complète et le soumet dans Maillage (Rapports annuels, rapport {year} du centre).\n" +
        $"Relance envoyée par {sender}.";

    private static string Fr(DateOnly d) => Maillage.Domain.French.Date(d);

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..max];

    private static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static bool Matches(string value, string search) =>
        CultureInfo.GetCultureInfo("fr-FR").CompareInfo.IndexOf(value, search, CompareOptions.IgnoreCase | CompareOptions.IgnoreNonSpace) >= 0;
}
