using System.Globalization;
using System.Linq.Expressions;
using Maillage.Core.Data;
using Maillage.Core.Features.Associations;
using Maillage.Core.Features.Committee;
using Maillage.Core.Features.Procedures;
using Maillage.Core.Features.Reports;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain;
using Maillage.Domain.Associations;
using Maillage.Domain.Committee;
using Maillage.Domain.Reports;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Core.Features.Home;

/// <summary>What kind of thing waits for the person on Mon espace (the section it is listed in).</summary>
public enum HomeItemKind
{
    /// <summary>A centre's annual activity report to fill, submit, validate or transmit.</summary>
    Report,
    /// <summary>A filière's annual activity report to write (coordinator) or receive (ministry).</summary>
    FiliereReport,
    /// <summary>A dossier of a procedure: a document or an opinion to give, a dossier to complete or to decide.</summary>
    Dossier,
    /// <summary>A jury: a declaration of interests to file, a dossier to assess.</summary>
    Jury,
    /// <summary>The follow-up committee of the labelling: an opinion to give, a meeting ahead.</summary>
    Committee,
    /// <summary>An association's survey or action.</summary>
    Association,
}

/// <summary>Codes and French labels of <see cref="HomeItemKind"/> (API and page).</summary>
public static class HomeItemKinds
{
    public static readonly EnumTable<HomeItemKind> Table = new(v => v switch
    {
        HomeItemKind.Report => ("report", "Rapports annuels des centres"),
        HomeItemKind.FiliereReport => ("filiere_report", "Rapport d'activité de la filière"),
        HomeItemKind.Dossier => ("dossier", "Dossiers de procédure : pièces, avis, décisions"),
        HomeItemKind.Jury => ("jury", "Jurys"),
        HomeItemKind.Committee => ("committee", "Comité de suivi de la labellisation"),
        HomeItemKind.Association => ("association", "Enquêtes et actions de l'association"),
    });

    public static string Code(this HomeItemKind kind) => Table.Code(kind);

    public static string Label(this HomeItemKind kind) => Table.Label(kind);
}

/// <summary>
/// One thing waiting for the person: what to do, on what (a name, never an identifier), by when, and the page where it
/// is done.
/// </summary>
public sealed record HomeItem(HomeItemKind Kind, string What, string Subject, DateOnly? Deadline, bool Late, string Link);

/// <summary>A notification as Mon espace lists it: read or not by this account, and where to act on it.</summary>
public sealed record HomeNotification(int Id, string Subject, string Body, DateTimeOffset CreatedAt, bool Read, string? Link, string? LinkLabel);

/// <summary>
/// A person's home: who he or she is (the account's name, role and scope in words), two lines on what Maillage does for
/// that role, what waits (sorted by deadline), and the recent notifications with the number still unread.
/// </summary>
public sealed record HomeView(string UserName, string DisplayName, UserRole Role, string RoleLabel, string? ScopeLabel, IReadOnlyList<string> About,
    DateOnly Today, IReadOnlyList<HomeItem> Items, IReadOnlyList<HomeNotification> Notifications, int Unread);

/// <summary>The outcome of marking notifications read.</summary>
public enum MarkReadStatus
{
    Ok,
    /// <summary>No such notification among the caller's (unknown, or another account's or audience's: the same answer).</summary>
    NotFound,
    /// <summary>Not signed in.</summary>
    Forbidden,
}

/// <summary>
/// Mon espace (docs/home.md): for the signed-in caller, what waits — the centres' annual reports to fill, validate or
/// transmit, the filière's report, the documents and opinions asked in procedures, the dossiers to assess as a jury
/// member, the decisions to take, the committee's opinions and meetings, the association's surveys — computed from the
/// existing services with the caller's own scope (mandates and scopes in force today, each service refusing by
/// default), and the notifications addressed to the caller's audience or account, with their read state. Anonymous
/// callers get nothing (<see cref="AccessRefusedException"/>).
/// </summary>
public sealed class HomeService(MaillageDbContext db, TimeProvider clock, ProcedureService procedures, ReportQueries reports,
    CommitteeService committee, AssociationSpaceService associations)
{
    /// <summary>The notifications listed on the page (the newest) and counted for « non lues ».</summary>
    public const int NotificationCount = 30;

    /// <summary>The most items the home answers (the page shows the first ones of each section).</summary>
    public const int MaxItems = 500;

    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    private DateOnly Today => DateOnly.FromDateTime(clock.GetLocalNow().Date);

    /// <summary>The notifications one caller sees: those to the caller's role and scope (every one of the role for the ministry), and those addressed to the caller's account.</summary>
    public static Expression<Func<Notification, bool>> VisibleTo(Caller caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (!caller.IsAuthenticated) return n => false;
        var role = caller.Role;
        var scope = caller.ScopeId;
        var user = caller.UserName;
        if (role == UserRole.NationalAdmin) return n => n.AudienceRole == role || n.RecipientUserName == user;
        return scope == null
            ? n => (n.AudienceRole == role && n.AudienceScopeId == null) || n.RecipientUserName == user
            : n => (n.AudienceRole == role && n.AudienceScopeId == scope) || n.RecipientUserName == user;
    }

    public async Task<HomeView> HomeAsync(Caller caller, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (!caller.IsAuthenticated) throw new AccessRefusedException(caller, "Connectez-vous pour voir votre espace.");
        var role = caller.Role!.Value;
        var today = Today;
        var items = new List<HomeItem>();

        // Procedures: documents and opinions asked, dossiers to complete, decisions to take, jury tasks, committee opinions.
        foreach (var t in await procedures.TasksAsync(caller, ct))
        {
            var kind = t.ItemId is "declaration" or "review" && t.Href is not null ? HomeItemKind.Jury
                : role == UserRole.FollowUpCommittee ? HomeItemKind.Committee : HomeItemKind.Dossier;
            items.Add(Item(kind, t.What, t.DossierTitle, t.Deadline, t.Link, today));
        }

        switch (role)
        {
            case UserRole.CentreHead:
                await CentreReportsAsync(caller, items, today, ct);
                break;
            case UserRole.Establishment:
                await EstablishmentReportsAsync(caller, items, today, ct);
                break;
            case UserRole.FiliereCoordinator:
                await FiliereReportAsync(caller, items, today, ct);
                break;
            case UserRole.RegionalAgency:
                await RegionReportsAsync(caller, items, today, ct);
                break;
            case UserRole.NationalAdmin:
                await ReportsToReceiveAsync(items, today, ct);
                await MeetingsAsync(caller, items, today, ct);
                break;
            case UserRole.FollowUpCommittee:
                await MeetingsAsync(caller, items, today, ct);
                break;
            case UserRole.Association:
                await SurveysAsync(caller, items, today, ct);
                break;
            case UserRole.Expert:
                break;
        }

        var sorted = items.OrderBy(i => i.Deadline is null ? 1 : 0).ThenBy(i => i.Deadline).ThenBy(i => i.Kind)
            .ThenBy(i => i.Subject, StringComparer.Create(French, true)).Take(MaxItems).ToList();
        var notifications = await NotificationsAsync(caller, ct);
        var account = await db.Users.AsNoTracking().Where(u => u.UserName == caller.UserName).Select(u => u.DisplayName).FirstOrDefaultAsync(ct);
        return new HomeView(caller.UserName!, account ?? caller.UserName!, role, RoleLabel(role), await ScopeLabelAsync(caller, ct), About(role), today,
            sorted, notifications, notifications.Count(n => !n.Read));
    }

    // ---------------------------------------------------------------- reports

    /// <summary>
    /// The report year whose campaign is under way: the latest of last year and this year whose reporting window has
    /// opened (the report on year N is written in N+1); last year's when neither has.
    /// </summary>
    public static int CurrentReportYear(DateOnly today)
    {
        foreach (var year in new[] { today.Year, today.Year - 1 })
        {
            var campaign = Infrastructure.Campaigns.CampaignCatalogue.Shipped.ForYear(year);
            if (campaign is not null && campaign.Reporting.WindowOpensOf(year) <= today) return year;
        }
        return today.Year - 1;
    }

    private async Task CentreReportsAsync(Caller caller, List<HomeItem> items, DateOnly today, CancellationToken ct)
    {
        var centreId = caller.ScopeId!;
        var centre = await db.Centres.AsNoTracking().Where(c => c.Id == centreId).Select(c => new { c.Name, c.ClosedOn }).FirstOrDefaultAsync(ct);
        if (centre is null) return;
        var rows = await reports.ListAsync(caller, new ReportFilter(Centre: centreId), ct);
        foreach (var r in rows.Where(r => r.Status == ReportStatus.Draft))
            items.Add(Item(HomeItemKind.Report, $"Compléter et soumettre le rapport annuel d'activité {r.Year}", r.CentreName, ReportService.DeadlineOf(r.Year),
                ReportLink(r.CentreId, r.Year), today));
        var year = CurrentReportYear(today);
        if (centre.ClosedOn is null && !rows.Any(r => r.Year == year) && ReportService.DeadlineOf(year) is { } deadline)
            items.Add(Item(HomeItemKind.Report, $"Remplir et soumettre le rapport annuel d'activité {year}", centre.Name, deadline, ReportLink(centreId, year), today));
    }

    private async Task EstablishmentReportsAsync(Caller caller, List<HomeItem> items, DateOnly today, CancellationToken ct)
    {
        foreach (var r in await reports.ListAsync(caller, new ReportFilter(), ct))
        {
            var what = r.Status switch
            {
                ReportStatus.Submitted => $"Valider (ou renvoyer pour correction) le rapport annuel {r.Year}",
                ReportStatus.Validated => $"Transmettre le rapport annuel {r.Year} à l'ARS et au ministère",
                ReportStatus.Draft or ReportStatus.Transmitted or ReportStatus.Received => null,
            };
            if (what is not null) items.Add(Item(HomeItemKind.Report, what, r.CentreName, ReportService.DeadlineOf(r.Year), ReportLink(r.CentreId, r.Year), today));
        }
    }

    private async Task FiliereReportAsync(Caller caller, List<HomeItem> items, DateOnly today, CancellationToken ct)
    {
        var acronym = caller.ScopeId!;
        var filiere = await db.Filieres.AsNoTracking().Where(f => f.Acronym == acronym).Select(f => new { f.Acronym, f.Name }).FirstOrDefaultAsync(ct);
        if (filiere is null) return;
        var stored = await db.FiliereReports.AsNoTracking().Where(r => r.FiliereAcronym == acronym).Select(r => new { r.Year, r.Status }).ToListAsync(ct);
        var name = $"Filière {filiere.Name}";
        foreach (var r in stored.Where(r => r.Status == ReportStatus.Draft).OrderBy(r => r.Year))
            items.Add(Item(HomeItemKind.FiliereReport, $"Compléter et soumettre le rapport d'activité {r.Year} de la filière", name, ReportService.DeadlineOf(r.Year),
                FiliereReportLink(acronym, r.Year), today));
        var year = CurrentReportYear(today);
        if (!stored.Any(r => r.Year == year) && ReportService.DeadlineOf(year) is { } deadline)
            items.Add(Item(HomeItemKind.FiliereReport, $"Rédiger et soumettre le rapport d'activité {year} de la filière", name, deadline, FiliereReportLink(acronym, year), today));
    }

    private async Task RegionReportsAsync(Caller caller, List<HomeItem> items, DateOnly today, CancellationToken ct)
    {
        // The latest campaign with reports transmitted from the region (the agency reads them for information).
        // Counted by the database: ten years of a region's reports are not loaded to find the latest campaign.
        var byYear = await reports.CountByYearAsync(caller, new ReportFilter(Region: caller.ScopeId, Status: ReportStatus.Transmitted), ct);
        if (byYear.Count == 0) return;
        var (year, count) = byYear[^1];
        var region = await db.Regions.AsNoTracking().Where(r => r.Code == caller.ScopeId).Select(r => r.Name).FirstOrDefaultAsync(ct) ?? "votre région";
        var what = count == 1 ? $"Prendre connaissance du rapport annuel {year} transmis par un centre de la région"
            : $"Prendre connaissance des {count.ToString("N0", French)} rapports annuels {year} transmis par les centres de la région";
        items.Add(Item(HomeItemKind.Report, what, region, null,
            string.Create(CultureInfo.InvariantCulture, $"/rapports?Year={year}&Region={Uri.EscapeDataString(caller.ScopeId!)}&Status=transmitted"), today));
    }

    private async Task ReportsToReceiveAsync(List<HomeItem> items, DateOnly today, CancellationToken ct)
    {
        var submitted = await db.FiliereReports.AsNoTracking().Where(r => r.Status == ReportStatus.Submitted)
            .Join(db.Filieres, r => r.FiliereAcronym, f => f.Acronym, (r, f) => new { r.FiliereAcronym, r.Year, f.Name }).ToListAsync(ct);
        foreach (var r in submitted.OrderBy(r => r.Year).ThenBy(r => r.Name, StringComparer.Create(French, true)))
            items.Add(Item(HomeItemKind.FiliereReport, $"Accuser réception du rapport d'activité {r.Year} (ou le rouvrir)", $"Filière {r.Name}", null,
                FiliereReportLink(r.FiliereAcronym, r.Year), today));
    }

    // ---------------------------------------------------------------- committee, association

    private async Task MeetingsAsync(Caller caller, List<HomeItem> items, DateOnly today, CancellationToken ct)
    {
        if (!CommitteeService.MayRead(caller)) return;
        foreach (var m in await committee.MeetingsAsync(caller, null, ct))
            if (m.Status == MeetingStatus.Planned && m.Date >= today)
                items.Add(Item(HomeItemKind.Committee, $"Préparer la réunion du comité de suivi du {Maillage.Domain.French.Date(m.Date)}", m.Title, m.Date,
                    $"/comite-de-suivi/reunions/{Uri.EscapeDataString(m.Id)}", today));
    }

    private async Task SurveysAsync(Caller caller, List<HomeItem> items, DateOnly today, CancellationToken ct)
    {
        foreach (var s in await associations.SurveysAsync(caller, ct))
        {
            var link = $"/associations/enquetes/{Uri.EscapeDataString(s.Id)}";
            switch (s.Status)
            {
                case SurveyStatus.Draft:
                    items.Add(Item(HomeItemKind.Association, $"Ouvrir l'enquête aux réponses (avec {s.PartnerName})", s.Title, s.OpensOn, link, today));
                    break;
                case SurveyStatus.Open:
                    items.Add(Item(HomeItemKind.Association, $"Saisir les réponses reçues, puis clore l'enquête (avec {s.PartnerName})", s.Title, s.ClosesOn, link, today));
                    break;
                case SurveyStatus.Closed:
                    break;
            }
        }
    }

    // ---------------------------------------------------------------- notifications

    private async Task<IReadOnlyList<HomeNotification>> NotificationsAsync(Caller caller, CancellationToken ct)
    {
        var rows = await procedures.InboxAsync(caller, NotificationCount, ct);
        var ids = rows.Select(n => n.Id).ToList();
        var read = (await db.NotificationReads.AsNoTracking().Where(r => r.UserName == caller.UserName && ids.Contains(r.NotificationId))
            .Select(r => r.NotificationId).ToListAsync(ct)).ToHashSet();
        var dossierIds = rows.Where(n => n.DossierId != null).Select(n => n.DossierId!).Distinct(StringComparer.Ordinal).ToList();
        var titles = await db.Set<Dossier>().AsNoTracking().Where(d => dossierIds.Contains(d.Id)).ToDictionaryAsync(d => d.Id, d => d.Title, StringComparer.Ordinal, ct);
        return rows.Select(n =>
        {
            var (link, label) = n.DossierId is { } id
                ? ($"/procedures/{Uri.EscapeDataString(id)}", titles.TryGetValue(id, out var title) ? $"Voir le dossier « {title} »" : "Voir le dossier")
                : n.Reason switch
                {
                    Registry.HeadAgeAlerts.Reason => ("/registre/limite-d-age", "Voir les responsables concernés"),
                    CallService.JuryMemberReason => ("/procedures", "Voir ce qui vous attend"),
                    _ => ((string?)null, (string?)null),
                };
            return new HomeNotification(n.Id, n.Subject, n.Body, n.CreatedAt, read.Contains(n.Id), link, label);
        }).ToList();
    }

    /// <summary>Marks one of the caller's notifications read (idempotent: read twice is read once).</summary>
    public async Task<MarkReadStatus> MarkReadAsync(Caller caller, int notificationId, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (!caller.IsAuthenticated) return MarkReadStatus.Forbidden;
        if (!await db.Set<Notification>().AsNoTracking().Where(n => n.Id == notificationId).Where(VisibleTo(caller)).AnyAsync(ct))
            return MarkReadStatus.NotFound;
        await MarkAsync(caller.UserName!, [notificationId], ct);
        return MarkReadStatus.Ok;
    }

    /// <summary>Marks every notification the caller sees on Mon espace read; how many were unread.</summary>
    public async Task<int> MarkAllReadAsync(Caller caller, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (!caller.IsAuthenticated) throw new AccessRefusedException(caller, "Connectez-vous pour voir vos notifications.");
        var ids = (await procedures.InboxAsync(caller, NotificationCount, ct)).Select(n => n.Id).ToList();
        return await MarkAsync(caller.UserName!, ids, ct);
    }

    private async Task<int> MarkAsync(string userName, IReadOnlyList<int> ids, CancellationToken ct)
    {
        var already = await db.NotificationReads.AsNoTracking().Where(r => r.UserName == userName && ids.Contains(r.NotificationId))
            .Select(r => r.NotificationId).ToListAsync(ct);
        var fresh = ids.Except(already).ToList();
        if (fresh.Count == 0) return 0;
        var now = clock.GetUtcNow();
        db.NotificationReads.AddRange(fresh.Select(id => new NotificationRead { NotificationId = id, UserName = userName, ReadAt = now }));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Marked at the same moment by another request of the same person (two tabs): already read, which was asked.
            db.ChangeTracker.Clear();
        }
        return fresh.Count;
    }

    // ---------------------------------------------------------------- words

    public static string RoleLabel(UserRole role) => role switch
    {
        UserRole.NationalAdmin => "Administration nationale (DGOS, mission maladies rares)",
        UserRole.RegionalAgency => "Agence régionale de santé",
        UserRole.Establishment => "Direction d'établissement",
        UserRole.FiliereCoordinator => "Coordination de filière",
        UserRole.CentreHead => "Responsable de centre",
        UserRole.Association => "Association de patients",
        UserRole.Expert => "Expert membre d'un jury",
        UserRole.FollowUpCommittee => "Comité de suivi de la labellisation",
    };

    /// <summary>Two lines on what Maillage does for the role.</summary>
    public static IReadOnlyList<string> About(UserRole role) => role switch
    {
        UserRole.NationalAdmin =>
        [
            "Maillage tient le registre national des centres, filières et plateformes maladies rares, avec leur historique, et publie l'annuaire.",
            "Vous y instruisez les procédures (labellisation, successions, appels à projets), suivez les rapports annuels et la conformité, et préparez la dotation.",
        ],
        UserRole.RegionalAgency =>
        [
            "Maillage vous montre les centres et plateformes de votre région, leur couverture territoriale et les rapports annuels transmis.",
            "Vous y êtes informé des dossiers qui concernent votre région : projets de plateformes, décisions de la DGOS.",
        ],
        UserRole.Establishment =>
        [
            "Maillage rassemble les centres maladies rares de votre établissement, leurs responsables et leurs rapports annuels.",
            "Vous y validez et transmettez les rapports des centres, donnez l'avis de la direction dans les procédures et déposez les projets de plateformes.",
        ],
        UserRole.FiliereCoordinator =>
        [
            "Maillage présente les réseaux et centres de votre filière, leur activité et leur conformité.",
            "Vous y rédigez le rapport d'activité et le plan d'actions de la filière, et donnez l'avis de la filière dans les procédures.",
        ],
        UserRole.CentreHead =>
        [
            "Maillage tient la fiche de votre centre dans le registre et dans l'annuaire public consulté par les patients et les médecins.",
            "Vous y remplissez et soumettez le rapport annuel d'activité, et fournissez pièces et avis dans les procédures qui vous concernent.",
        ],
        UserRole.Association =>
        [
            "Maillage montre les centres et filières avec lesquels votre association travaille.",
            "Vous y donnez vos avis et lettres de soutien dans les procédures, et menez vos enquêtes et actions collaboratives.",
        ],
        UserRole.Expert =>
        [
            "Maillage vous donne accès aux seuls dossiers que la DGOS vous confie comme membre d'un jury.",
            "Vous y remettez votre déclaration d'intérêts, puis vos évaluations : une note sur 20 et un avis motivé.",
        ],
        UserRole.FollowUpCommittee =>
        [
            "Maillage tient les réunions, le registre des avis et les dossiers soumis au comité de suivi de la labellisation.",
            "Vous y donnez l'avis du comité sur les successions et les situations dérogatoires qui lui sont soumises.",
        ],
    };

    private async Task<string?> ScopeLabelAsync(Caller caller, CancellationToken ct)
    {
        var id = caller.ScopeId;
        if (id is null) return null;
        return caller.Role switch
        {
            UserRole.RegionalAgency => await db.Regions.AsNoTracking().Where(r => r.Code == id).Select(r => r.Name).FirstOrDefaultAsync(ct),
            UserRole.Establishment => await db.Establishments.AsNoTracking().Where(e => e.Finess == id).Select(e => e.Name).FirstOrDefaultAsync(ct),
            UserRole.FiliereCoordinator => await db.Filieres.AsNoTracking().Where(f => f.Acronym == id).Select(f => "Filière " + f.Name).FirstOrDefaultAsync(ct),
            UserRole.CentreHead => await db.Centres.AsNoTracking().Where(c => c.Id == id).Select(c => c.Name).FirstOrDefaultAsync(ct),
            UserRole.Association => await db.Associations.AsNoTracking().Where(a => a.Id == id).Select(a => a.Name).FirstOrDefaultAsync(ct),
            UserRole.NationalAdmin or UserRole.Expert or UserRole.FollowUpCommittee or null => null,
        };
    }

    private static HomeItem Item(HomeItemKind kind, string what, string subject, DateOnly? deadline, string link, DateOnly today) =>
        new(kind, what, subject, deadline, deadline is { } d && d < today, link);

    private static string ReportLink(string centreId, int year) =>
        string.Create(CultureInfo.InvariantCulture, $"/rapports/{Uri.EscapeDataString(centreId)}/{year}");

    private static string FiliereReportLink(string acronym, int year) =>
        string.Create(CultureInfo.InvariantCulture, $"/filieres/{Uri.EscapeDataString(acronym)}/rapport/{year}");
}
