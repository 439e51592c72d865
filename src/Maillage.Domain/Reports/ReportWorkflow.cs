using System.Globalization;

namespace Maillage.Domain.Reports;

/// <summary>Where an annual report stands (docs/adr/0007-annual-reports.md).</summary>
public enum ReportStatus
{
    /// <summary>Being filled by the centre; editable.</summary>
    Draft,
    /// <summary>Submitted by the centre head; awaiting the establishment direction.</summary>
    Submitted,
    /// <summary>Validated by the establishment direction: locked.</summary>
    Validated,
    /// <summary>Transmitted: the regional agency sees it for information, the ministry for regulation. Locked.</summary>
    Transmitted,
    /// <summary>
    /// Received by the ministry (a filière's report only, <see cref="ReportSubject.Filiere"/>): locked, published. A
    /// centre's report never reaches it.
    /// </summary>
    Received,
}

/// <summary>
/// Whose report it is. Both subjects share the statuses, the actions, the deadline of the campaign's reporting
/// calendar and the ministry's reopening; they differ in who validates: a centre's report goes through its
/// establishment's direction (validate, transmit), a filière's goes from its coordinator straight to the ministry,
/// which marks it received (Note d'information DGOS/DIR/DGRI/2018/218 du 19 septembre 2018, §2 « Evaluation » :
/// « Un rapport d'activité annuel est transmis pour information à l'ARS [...] et à la DGOS pour régulation et
/// publication »).
/// </summary>
public enum ReportSubject
{
    /// <summary>A site's annual report (<c>annual_reports</c>, docs/adr/0007-annual-reports.md).</summary>
    Centre,
    /// <summary>A filière's (FSMR) annual activity report (<c>filiere_reports</c>, docs/filieres-reports.md).</summary>
    Filiere,
}

/// <summary>What a user asks of a report.</summary>
public enum ReportAction
{
    /// <summary>Save the fields (draft only).</summary>
    Save,
    /// <summary>draft → submitted, by the centre head; after the reporting window's last day, accepted with a warning (late).</summary>
    Submit,
    /// <summary>submitted → draft, by the establishment direction, with a reason (sent back for correction).</summary>
    Return,
    /// <summary>submitted → validated, by the establishment direction (locks the report).</summary>
    Validate,
    /// <summary>validated → transmitted, by the establishment direction.</summary>
    Transmit,
    /// <summary>submitted/validated/transmitted → draft, by the ministry (national administrator), with a mandatory reason.</summary>
    Reopen,
    /// <summary>submitted → received, by the ministry (a filière's report only): read, locked, published.</summary>
    MarkReceived,
}

/// <summary>The capacity in which the caller acts on a given report (resolved from the role and the scope).</summary>
public enum ReportActor
{
    /// <summary>Anyone else: may at most read.</summary>
    None,
    /// <summary>The head of the report's centre (role CentreHead scoped to that centre).</summary>
    CentreHead,
    /// <summary>The direction of the centre's legal entity (role Establishment scoped to it).</summary>
    Establishment,
    /// <summary>The ministry (role NationalAdmin).</summary>
    Ministry,
    /// <summary>The coordinator of the report's filière (role FiliereCoordinator scoped to that filière): a filière's report only.</summary>
    FiliereCoordinator,
}

/// <summary>
/// Facts a transition depends on besides the status and the actor. <see cref="Deadline"/> is the last day of the
/// campaign's reporting window (PIRAMIG), not the BaMaRa data-entry cutoff.
/// </summary>
public sealed record ReportContext(DateOnly Today, DateOnly Deadline, bool ReopenedByMinistry, string? Reason);

/// <summary>
/// A transition decision: the new status, or a French message explaining the refusal. <see cref="Warning"/>: an
/// allowed transition the ministry should know about (a late submission).
/// </summary>
public sealed record ReportDecision(bool Allowed, ReportStatus Status, string? Refusal, bool Forbidden, string? Warning = null)
{
    public static ReportDecision To(ReportStatus s) => new(true, s, null, false);

    public static ReportDecision ToWithWarning(ReportStatus s, string warning) => new(true, s, null, false, warning);

    /// <summary>Refused because the caller does not hold the needed capacity (HTTP 403).</summary>
    public static ReportDecision NotYours(ReportStatus s, string message) => new(false, s, message, true);

    /// <summary>Refused by the workflow's rules (status, deadline, missing reason: HTTP 422).</summary>
    public static ReportDecision Refused(ReportStatus s, string message) => new(false, s, message, false);
}

/// <summary>
/// The annual report's state machine, as a switch over (status, action). Who may act: the centre head saves and
/// submits; the establishment direction saves, returns, validates and transmits; the ministry saves and reopens.
/// The end of the campaign's reporting window does not close submission: a submission after it is accepted with a
/// warning (a submission on the last day of the window is on time; the day after is late), since the ministry decides
/// what a late report becomes (DGOS, présentation du 7 avril 2022, « Questions concernant la relabellisation en mai 2022
/// (PEMR Paris Nord) » : the 31 March date is the end of BaMaRa data entry, « avant la campagne PIRAMIG », not a
/// deadline of the report). A report the ministry has reopened is never late: reopening is its decision.
/// </summary>
public static class ReportWorkflow
{
    public static readonly EnumTable<ReportStatus> Statuses = new(v => v switch
    {
        ReportStatus.Draft => ("draft", "brouillon"),
        ReportStatus.Submitted => ("submitted", "soumis"),
        ReportStatus.Validated => ("validated", "validé"),
        ReportStatus.Transmitted => ("transmitted", "transmis"),
        ReportStatus.Received => ("received", "reçu par le ministère"),
    });

    public static string Label(this ReportStatus s) => Statuses.Label(s);

    public static string Code(this ReportStatus s) => Statuses.Code(s);

    public static string Code(this ReportAction a) => a switch
    {
        ReportAction.Save => "save",
        ReportAction.Submit => "submit",
        ReportAction.Return => "return",
        ReportAction.Validate => "validate",
        ReportAction.Transmit => "transmit",
        ReportAction.Reopen => "reopen",
        ReportAction.MarkReceived => "mark_received",
    };

    public static bool TryParseStatus(string? code, out ReportStatus status) => Statuses.TryParse(code, out status);

    /// <summary>True when the report can no longer be edited (validated or transmitted).</summary>
    public static bool IsLocked(this ReportStatus s) => s is ReportStatus.Validated or ReportStatus.Transmitted or ReportStatus.Received;

    /// <summary>True when a submission today would be late: after the window's last day, on a report not reopened by the ministry.</summary>
    public static bool IsLate(ReportContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Today > context.Deadline && !context.ReopenedByMinistry;
    }

    private static string LateSubmission(string deadline) =>
        $"Soumission après la clôture de la remise des rapports ({deadline}) : le rapport est accepté et signalé en retard au ministère, qui décide de la suite.";

    /// <summary>
    /// The warnings a report shows (page and API): a report submitted after the window's last day (and not reopened by
    /// the ministry) is late; a draft still open after that day will be late when submitted.
    /// </summary>
    public static IReadOnlyList<string> Warnings(ReportStatus status, DateOnly today, DateOnly deadline, DateOnly? submittedOn, bool reopenedByMinistry)
    {
        var text = French.Date(deadline);
        if (reopenedByMinistry) return [];
        if (status == ReportStatus.Draft)
            return today > deadline
                ? [$"La remise des rapports s'est close le {text} : la soumission reste possible, le rapport sera signalé en retard au ministère, qui décide."]
                : [];
        return submittedOn is { } on && on > deadline
            ? [$"Rapport soumis le {French.Date(on)}, après la clôture de la remise ({text}) : signalé en retard au ministère, qui décide de la suite."]
            : [];
    }

    public static ReportDecision Decide(ReportStatus status, ReportAction action, ReportActor actor, ReportContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var reason = string.IsNullOrWhiteSpace(context.Reason) ? null : context.Reason.Trim();
        var deadline = French.Date(context.Deadline);
        return (action, status) switch
        {
            (ReportAction.Save, ReportStatus.Draft) => actor is ReportActor.CentreHead or ReportActor.Establishment or ReportActor.Ministry
                ? ReportDecision.To(ReportStatus.Draft)
                : ReportDecision.NotYours(status, "Seuls le responsable du centre, la direction de l'établissement et le ministère peuvent modifier ce rapport."),
            (ReportAction.Save, _) => ReportDecision.Refused(status,
                $"Le rapport est {status.Label()} : il n'est plus modifiable. {(status == ReportStatus.Submitted ? "La direction de l'établissement peut le renvoyer en brouillon." : "Seul le ministère peut le rouvrir.")}"),

            (ReportAction.Submit, ReportStatus.Draft) when actor != ReportActor.CentreHead =>
                ReportDecision.NotYours(status, "Seul le responsable du centre peut soumettre le rapport."),
            (ReportAction.Submit, ReportStatus.Draft) when IsLate(context) =>
                ReportDecision.ToWithWarning(ReportStatus.Submitted, LateSubmission(deadline)),
            (ReportAction.Submit, ReportStatus.Draft) => ReportDecision.To(ReportStatus.Submitted),
            (ReportAction.Submit, _) => ReportDecision.Refused(status, $"Impossible de soumettre un rapport {status.Label()} : seul un brouillon peut être soumis."),

            (ReportAction.Return, ReportStatus.Submitted) when actor != ReportActor.Establishment =>
                ReportDecision.NotYours(status, "Seule la direction de l'établissement peut renvoyer un rapport soumis en brouillon."),
            (ReportAction.Return, ReportStatus.Submitted) when reason is null =>
                ReportDecision.Refused(status, "Le motif du renvoi en brouillon est obligatoire."),
            (ReportAction.Return, ReportStatus.Submitted) => ReportDecision.To(ReportStatus.Draft),
            (ReportAction.Return, _) => ReportDecision.Refused(status, $"Impossible de renvoyer en brouillon un rapport {status.Label()} : seul un rapport soumis peut l'être."),

            (ReportAction.Validate, ReportStatus.Submitted) when actor != ReportActor.Establishment =>
                ReportDecision.NotYours(status, "Seule la direction de l'établissement peut valider le rapport."),
            (ReportAction.Validate, ReportStatus.Submitted) => ReportDecision.To(ReportStatus.Validated),
            (ReportAction.Validate, _) => ReportDecision.Refused(status, $"Impossible de valider un rapport {status.Label()} : seul un rapport soumis peut être validé."),

            (ReportAction.Transmit, ReportStatus.Validated) when actor != ReportActor.Establishment =>
                ReportDecision.NotYours(status, "Seule la direction de l'établissement peut transmettre le rapport."),
            (ReportAction.Transmit, ReportStatus.Validated) => ReportDecision.To(ReportStatus.Transmitted),
            (ReportAction.Transmit, _) => ReportDecision.Refused(status, $"Impossible de transmettre un rapport {status.Label()} : seul un rapport validé peut être transmis."),

            (ReportAction.Reopen, ReportStatus.Submitted or ReportStatus.Validated or ReportStatus.Transmitted) when actor != ReportActor.Ministry =>
                ReportDecision.NotYours(status, "Seul le ministère (administration nationale) peut rouvrir un rapport."),
            (ReportAction.Reopen, ReportStatus.Submitted or ReportStatus.Validated or ReportStatus.Transmitted) when reason is null =>
                ReportDecision.Refused(status, "Le motif de la réouverture est obligatoire."),
            (ReportAction.Reopen, ReportStatus.Submitted or ReportStatus.Validated or ReportStatus.Transmitted) => ReportDecision.To(ReportStatus.Draft),
            (ReportAction.Reopen, _) => ReportDecision.Refused(status, "Le rapport est déjà en brouillon : rien à rouvrir."),

            (ReportAction.MarkReceived, _) => ReportDecision.Refused(status, "Le rapport d'un centre est validé puis transmis par la direction de l'établissement : il n'est pas « reçu » directement."),
        };
    }

    /// <summary>
    /// The state machine of a report of <paramref name="subject"/>. A centre's report follows <see cref="Decide(ReportStatus, ReportAction, ReportActor, ReportContext)"/>.
    /// A filière's: its coordinator saves and submits (the same deadline rule as a centre's, decided by the same arm), the
    /// ministry saves, marks a submitted report received (locked) and reopens a submitted or received one with a reason;
    /// there is no establishment step (return, validate, transmit are refused).
    /// </summary>
    public static ReportDecision Decide(ReportSubject subject, ReportStatus status, ReportAction action, ReportActor actor, ReportContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (subject == ReportSubject.Centre)
            return actor == ReportActor.FiliereCoordinator ? Decide(status, action, ReportActor.None, context) : Decide(status, action, actor, context);
        var reason = string.IsNullOrWhiteSpace(context.Reason) ? null : context.Reason.Trim();
        return (action, status) switch
        {
            (ReportAction.Save, ReportStatus.Draft) => actor is ReportActor.FiliereCoordinator or ReportActor.Ministry
                ? ReportDecision.To(ReportStatus.Draft)
                : ReportDecision.NotYours(status, "Seuls le coordonnateur de la filière et le ministère peuvent modifier ce rapport."),
            (ReportAction.Save, _) => ReportDecision.Refused(status,
                $"Le rapport est {status.Label()} : il n'est plus modifiable. Seul le ministère peut le rouvrir."),

            (ReportAction.Submit, ReportStatus.Draft) when actor != ReportActor.FiliereCoordinator =>
                ReportDecision.NotYours(status, "Seul le coordonnateur de la filière peut soumettre le rapport."),
            // The author's submission: the same arm as a centre head's (deadline of the campaign, reopening by the ministry).
            (ReportAction.Submit, ReportStatus.Draft) => Decide(status, ReportAction.Submit, ReportActor.CentreHead, context),
            (ReportAction.Submit, _) => ReportDecision.Refused(status, $"Impossible de soumettre un rapport {status.Label()} : seul un brouillon peut être soumis."),

            (ReportAction.MarkReceived, ReportStatus.Submitted) when actor != ReportActor.Ministry =>
                ReportDecision.NotYours(status, "Seul le ministère (administration nationale) peut marquer le rapport comme reçu."),
            (ReportAction.MarkReceived, ReportStatus.Submitted) => ReportDecision.To(ReportStatus.Received),
            (ReportAction.MarkReceived, _) => ReportDecision.Refused(status, $"Impossible de marquer comme reçu un rapport {status.Label()} : seul un rapport soumis peut l'être."),

            (ReportAction.Reopen, ReportStatus.Submitted or ReportStatus.Received) when actor != ReportActor.Ministry =>
                ReportDecision.NotYours(status, "Seul le ministère (administration nationale) peut rouvrir un rapport."),
            (ReportAction.Reopen, ReportStatus.Submitted or ReportStatus.Received) when reason is null =>
                ReportDecision.Refused(status, "Le motif de la réouverture est obligatoire."),
            (ReportAction.Reopen, ReportStatus.Submitted or ReportStatus.Received) => ReportDecision.To(ReportStatus.Draft),
            (ReportAction.Reopen, _) => ReportDecision.Refused(status, "Le rapport n'est ni soumis ni reçu : rien à rouvrir."),

            (ReportAction.Return or ReportAction.Validate or ReportAction.Transmit, _) => ReportDecision.Refused(status,
                "Le rapport d'une filière va du coordonnateur au ministère : pas de renvoi, de validation ni de transmission par un établissement."),
        };
    }
}
