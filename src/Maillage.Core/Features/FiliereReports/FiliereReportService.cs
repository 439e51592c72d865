using Maillage.Core.Data;
using Maillage.Core.Data.Configuration;
using Maillage.Core.Features.Registry;
using Maillage.Core.Features.Reports;
using Maillage.Core.Infrastructure.Campaigns;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain.Filieres;
using Maillage.Domain.Registry;
using Maillage.Domain.Reports;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Core.Features.FiliereReports;

/// <summary>The editable content of a filière's report: one text per mission (null or blank = not filled).</summary>
public sealed record FiliereReportInput(IReadOnlyDictionary<FsmrMission, string?> Texts)
{
    public static FiliereReportInput From(FiliereReport r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new(FiliereActivityCodes.Missions.Values.ToDictionary(m => m, r.Text));
    }
}

/// <summary>A filière's report as its reader sees it, with what the reader may do next.</summary>
public sealed record FiliereReportView(FiliereSubject Filiere, FiliereReport Report, bool Stored, DateOnly Deadline, bool PastDeadline,
    IReadOnlyList<ReportAction> Allowed, bool CanEdit);

/// <summary>A line of a filière's list of reports.</summary>
public sealed record FiliereReportRow(string Filiere, int Year, ReportStatus Status, DateTimeOffset? SubmittedAt, DateTimeOffset? ReceivedAt, bool Fictitious);

/// <summary>
/// A filière's annual activity report to the DGOS and the ARS (docs/filieres-reports.md). The same state machine as the
/// centres' reports (<see cref="ReportWorkflow"/>, subject <see cref="ReportSubject.Filiere"/>) and the same deadline
/// (<see cref="ReportService.DeadlineOf"/>, the campaign's reporting calendar); every write is versioned, audited by the
/// interceptor, and refused by default.
/// </summary>
public sealed class FiliereReportService(MaillageDbContext db, TimeProvider clock)
{
    public const string Entity = "filiere_report";

    public DateOnly Today => DateOnly.FromDateTime(clock.GetLocalNow().Date);

    /// <summary>The capacity in which the caller acts on a filière's report.</summary>
    public static ReportActor ActorFor(Caller caller, string acronym)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (!caller.IsAuthenticated) return ReportActor.None;
        return caller.Role switch
        {
            UserRole.NationalAdmin => ReportActor.Ministry,
            UserRole.FiliereCoordinator when string.Equals(caller.ScopeId, acronym, StringComparison.Ordinal) => ReportActor.FiliereCoordinator,
            _ => ReportActor.None,
        };
    }

    /// <summary>
    /// The coordinator and the ministry read every status; the host's regional agency once submitted (for information);
    /// everyone, anonymous included, once received (the ministry publishes it).
    /// </summary>
    public static bool CanRead(Caller caller, FiliereSubject f, ReportStatus status)
    {
        ArgumentNullException.ThrowIfNull(f);
        if (ActorFor(caller, f.Acronym) != ReportActor.None) return true;
        if (status == ReportStatus.Received) return true;
        return status == ReportStatus.Submitted && FiliereActivityScope.IsHostAgency(caller, f);
    }

    /// <summary>The reports of a filière the caller may read, newest first (unsaved drafts are not listed); null for an unknown filière.</summary>
    public async Task<IReadOnlyList<FiliereReportRow>?> ListAsync(Caller caller, string acronym, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var f = await FiliereActivityScope.SubjectAsync(db, acronym, ct);
        if (f is null) return null;
        var rows = await db.FiliereReports.AsNoTracking().Where(r => r.FiliereAcronym == f.Acronym).ToListAsync(ct);
        return rows.Where(r => CanRead(caller, f, r.Status)).OrderByDescending(r => r.Year)
            .Select(r => new FiliereReportRow(r.FiliereAcronym, r.Year, r.Status, r.SubmittedAt, r.ReceivedAt, r.Fictitious)).ToList();
    }

    /// <summary>
    /// The stored report or, for an editor, a new unsaved draft. Null when the filière is unknown or no campaign covers
    /// the year; <see cref="AccessRefusedException"/> when the caller may not read it (an unsaved draft is the editors').
    /// </summary>
    public async Task<FiliereReportView?> ReadAsync(Caller caller, string acronym, int year, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (!Infrastructure.Validation.InputRanges.IsYear(year)) return null;
        var f = await FiliereActivityScope.SubjectAsync(db, acronym, ct);
        if (f is null) return null;
        var deadline = ReportService.DeadlineOf(year);
        if (deadline is null) return null;
        var stored = await db.FiliereReports.AsNoTracking().FirstOrDefaultAsync(r => r.FiliereAcronym == f.Acronym && r.Year == year, ct);
        var report = stored ?? New(f.Acronym, year);
        if (stored is null ? ActorFor(caller, f.Acronym) == ReportActor.None : !CanRead(caller, f, report.Status))
            throw new AccessRefusedException(caller, "Ce rapport de filière n'est lisible que par son coordonnateur et le ministère"
                + " (l'ARS de l'établissement siège une fois soumis, tous une fois reçu par le ministère).");
        var actor = ActorFor(caller, f.Acronym);
        var context = new ReportContext(Today, deadline.Value, report.ReopenedAt is not null, "motif");
        var allowed = Enum.GetValues<ReportAction>()
            .Where(a => (stored is not null || a == ReportAction.Save) && ReportWorkflow.Decide(ReportSubject.Filiere, report.Status, a, actor, context).Allowed)
            .ToList();
        return new FiliereReportView(f, report, stored is not null, deadline.Value, Today > deadline.Value, allowed, actor != ReportActor.None);
    }

    private static FiliereReport New(string acronym, int year) => new()
    {
        FiliereAcronym = acronym, Year = year, Status = ReportStatus.Draft, UpdatedBy = "",
        Campaign = CampaignCatalogue.Shipped.ForYear(year)?.CampaignId ?? "",
    };

    public static IReadOnlyList<RuleViolation> Validate(FiliereReportInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new List<RuleViolation>();
        foreach (var (mission, text) in input.Texts)
        {
            if (text is not null && text.Trim().Length > FiliereActivityConfiguration.TextMax)
                errors.Add(Violation("R-FILIERE-REPORT-FIELD", FiliereActivityCodes.Missions.Code(mission),
                    $"Mission « {FiliereActivityCodes.Missions.Label(mission)} » : {text.Trim().Length} caractères, au plus {FiliereActivityConfiguration.TextMax}."));
        }
        return errors;
    }

    /// <summary>Saves a draft's texts (creating it when needed). <paramref name="expectedVersion"/>: the version read (0 for a new one); null accepts any.</summary>
    public async Task<WriteResult> SaveAsync(Caller caller, string acronym, int year, FiliereReportInput input, int? expectedVersion, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(input);
        var prepared = await PrepareAsync(caller, acronym, year, ct);
        if (prepared.Result is { } early) return early;
        var (report, isNew) = (prepared.Report!, prepared.IsNew);
        if (isNew ? expectedVersion is not (null or 0) : !Versioning.Expect(db, report, expectedVersion)) return await StaleAsync(acronym, year, ct);
        var decision = ReportWorkflow.Decide(ReportSubject.Filiere, report.Status, ReportAction.Save, ActorFor(caller, acronym), await ContextAsync(report, null));
        if (!decision.Allowed) return Refused(decision, "status");
        var errors = Validate(input);
        if (errors.Count > 0) return WriteResult.Invalid(errors);
        foreach (var m in FiliereActivityCodes.Missions.Values)
            report.SetText(m, input.Texts.TryGetValue(m, out var t) && !string.IsNullOrWhiteSpace(t) ? t.Trim() : null);
        Stamp(report, caller);
        if (isNew) db.FiliereReports.Add(report);
        return await SaveOrStaleAsync(report, ct);
    }

    /// <summary>submit (coordinator, until the deadline unless reopened), mark_received and reopen (ministry, reason required).</summary>
    public async Task<WriteResult> TransitionAsync(Caller caller, string acronym, int year, ReportAction action, string? reason, int? expectedVersion, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (action == ReportAction.Save) throw new ArgumentOutOfRangeException(nameof(action));
        var prepared = await PrepareAsync(caller, acronym, year, ct);
        if (prepared.Result is { } early) return early;
        var report = prepared.Report!;
        if (prepared.IsNew)
            return WriteResult.Invalid([Violation("R-REPORT-WORKFLOW", "status", "Ce rapport n'a pas encore été enregistré : enregistrez le brouillon d'abord.")]);
        if (!Versioning.Expect(db, report, expectedVersion)) return await StaleAsync(acronym, year, ct);
        if (reason is { Length: > FiliereActivityConfiguration.TextMax })
            return WriteResult.Invalid([Violation("R-REPORT-WORKFLOW", "reason", $"Motif : au plus {FiliereActivityConfiguration.TextMax} caractères.")]);
        var decision = ReportWorkflow.Decide(ReportSubject.Filiere, report.Status, action, ActorFor(caller, acronym), await ContextAsync(report, reason));
        if (!decision.Allowed) return Refused(decision, action == ReportAction.Reopen ? "reason" : "status");
        var now = clock.GetUtcNow();
        report.Status = decision.Status;
        switch (action)
        {
            case ReportAction.Submit: report.SubmittedBy = caller.UserName; report.SubmittedAt = now; break;
            case ReportAction.MarkReceived: report.ReceivedBy = caller.UserName; report.ReceivedAt = now; break;
            case ReportAction.Reopen:
                report.ReopenedBy = caller.UserName; report.ReopenedAt = now; report.LastReason = reason!.Trim();
                report.ReceivedBy = null; report.ReceivedAt = null;
                break;
            case ReportAction.Save or ReportAction.Return or ReportAction.Validate or ReportAction.Transmit: break;
        }
        Stamp(report, caller);
        return await SaveOrStaleAsync(report, ct);
    }

    private sealed record Prepared(WriteResult? Result, FiliereReport? Report, bool IsNew);

    private async Task<Prepared> PrepareAsync(Caller caller, string acronym, int year, CancellationToken ct)
    {
        if (!caller.IsAuthenticated) return new(WriteResult.Forbidden, null, false);
        if (!Infrastructure.Validation.InputRanges.IsYear(year)) return new(WriteResult.NotFound, null, false);
        var f = await FiliereActivityScope.SubjectAsync(db, acronym, ct);
        if (f is null) return new(WriteResult.NotFound, null, false);
        if (ActorFor(caller, f.Acronym) == ReportActor.None)
            return new(WriteResult.Forbidden with { Errors = [Violation("R-REPORT-WORKFLOW", "filiere", "Seuls le coordonnateur de la filière et le ministère écrivent son rapport.")] }, null, false);
        if (ReportService.DeadlineOf(year) is null)
            return new(WriteResult.Invalid([Violation("R-REPORT-YEAR", "year", $"Aucune campagne de labellisation ne couvre l'année {year}.")]), null, false);
        var report = await db.FiliereReports.FirstOrDefaultAsync(r => r.FiliereAcronym == f.Acronym && r.Year == year, ct);
        return report is null ? new(null, New(f.Acronym, year), true) : new(null, report, false);
    }

    private Task<ReportContext> ContextAsync(FiliereReport report, string? reason) =>
        Task.FromResult(new ReportContext(Today, ReportService.DeadlineOf(report.Year)!.Value, report.ReopenedAt is not null, reason));

    private void Stamp(FiliereReport report, Caller caller)
    {
        report.UpdatedAt = clock.GetUtcNow();
        report.UpdatedBy = FiliereActivityScope.Who(caller);
    }

    private async Task<WriteResult> SaveOrStaleAsync(FiliereReport report, CancellationToken ct)
    {
        var (acronym, year) = (report.FiliereAcronym, report.Year);
        try
        {
            await db.SaveChangesAsync(ct);
            return WriteResult.Ok with { CurrentVersion = report.Version };
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            if (!await db.FiliereReports.AnyAsync(r => r.FiliereAcronym == acronym && r.Year == year, ct)) throw;
            return await StaleAsync(acronym, year, ct);
        }
    }

    private async Task<WriteResult> StaleAsync(string acronym, int year, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        return await new Versions(db, clock).StaleAsync(Entity, ReportKeys.Of(acronym, year), ct);
    }

    private static WriteResult Refused(ReportDecision d, string field) =>
        d.Forbidden ? WriteResult.Forbidden with { Errors = [Violation("R-REPORT-WORKFLOW", field, d.Refusal!)] }
            : WriteResult.Invalid([Violation("R-REPORT-WORKFLOW", field, d.Refusal!)]);

    internal static RuleViolation Violation(string rule, string field, string message) => new(rule, Entity, "", field, message);
}
