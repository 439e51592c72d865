using System.Security.Cryptography;
using Maillage.Core.Data;
using Maillage.Core.Features.Registry;
using Maillage.Core.Infrastructure.Pdf;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain;
using Maillage.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Core.Features.Filieres;

/// <summary>A seat as entered (page form, API body).</summary>
public sealed record GovernanceMemberInput(GovernanceCollege? College, string? Name, string? Function, string? Organisation, string? CentreId,
    string? AssociationId, string? Email, DateOnly? From, DateOnly? To);

/// <summary>A meeting as entered.</summary>
public sealed record GovernanceMeetingInput(DateOnly? Date, string? Agenda);

/// <summary>A document's description (never its content).</summary>
public sealed record GovernanceDocumentInfo(int Id, GovernanceDocumentKind Kind, int? MeetingId, string FileName, long Size, int? PageCount, string Sha256,
    string UploadedBy, DateTimeOffset UploadedAt);

/// <summary>A seat as a reader sees it: <see cref="Email"/> is null unless the reader manages the committee.</summary>
public sealed record GovernanceMemberView(int Id, GovernanceCollege College, string Name, string? Function, string? Organisation, string? CentreId,
    string? CentreName, string? AssociationId, string? AssociationName, string? Email, DateOnly? From, DateOnly? To, bool Current);

public sealed record GovernanceMeetingView(int Id, DateOnly Date, string Agenda, GovernanceDocumentInfo? Minutes);

/// <summary>A coordinator's mandate (history of the filière's coordination).</summary>
public sealed record CoordinatorMandateView(string PersonId, string Name, DateOnly From, DateOnly? To, bool Current);

/// <summary>
/// The committee as the caller may see it. <see cref="CanManage"/>: the filière's coordinator and the ministry edit it, see
/// the members' e-mails and download the minutes; everybody else (anonymous included) sees the composition, the meetings'
/// dates and agendas and the règlement intérieur, which the filières publish.
/// </summary>
public sealed record GovernanceView(string FiliereAcronym, string FiliereName, int Version, bool CanManage, DateOnly Today, DateOnly? RulesAdoptedOn,
    GovernanceDocumentInfo? Rules, IReadOnlyList<GovernanceMemberView> Members, IReadOnlyList<GovernanceMeetingView> Meetings,
    IReadOnlyList<CoordinatorMandateView> Coordinators);

/// <summary>A seat an association holds in a filière's governance committee (shown on the association's page).</summary>
public sealed record AssociationSeat(string FiliereAcronym, string FiliereName, string Name, string? Function, DateOnly? From, DateOnly? To, bool Current);

/// <summary>A downloadable PDF.</summary>
public sealed record GovernanceFile(string FileName, byte[] Content);

/// <summary>
/// A filière's governance committee (note n° DGOS/DIR/DGRI/2018/218 du 19 septembre 2018, §2 « Gouvernance »): its members by
/// college, its règlement intérieur (« Un règlement intérieur décrit l'organisation et le fonctionnement de la FSMR »), its
/// meetings and their minutes. Written by the filière's coordinator (mandate in force today) and the ministry only (fails
/// closed); every write takes the committee's version (a stale write is refused) and is audited under « governance ».
/// </summary>
public sealed class GovernanceService(MaillageDbContext db, TimeProvider clock)
{
    /// <summary>The largest règlement intérieur or minutes accepted.</summary>
    public const long MaxDocumentBytes = 10 * 1024 * 1024;

    /// <summary>The most pages a règlement intérieur or minutes may have.</summary>
    public const int MaxPages = 200;

    public const int MaxNameLength = 200;
    public const int MaxFunctionLength = 200;
    public const int MaxOrganisationLength = 300;
    public const int MaxEmailLength = 254;
    public const int MaxAgendaLength = 4000;

    /// <summary>The most seats a committee holds (the largest filières have some 60 reference sites).</summary>
    public const int MaxMembers = 300;

    public static readonly DateOnly EarliestDate = new(2000, 1, 1);

    private DateOnly Today => DateOnly.FromDateTime(clock.GetLocalNow().Date);

    /// <summary>May the caller edit this filière's committee (and read its restricted data)? The ministry, or the filière's coordinator.</summary>
    public static bool CanManage(Caller caller, string acronym) =>
        caller.IsAuthenticated && (caller.Role == UserRole.NationalAdmin
            || (caller.Role == UserRole.FiliereCoordinator && string.Equals(caller.ScopeId, acronym, StringComparison.Ordinal)));

    // ---------------------------------------------------------------- reading

    /// <summary>The committee of a filière; null when the filière is unknown.</summary>
    public async Task<GovernanceView?> ReadAsync(Caller caller, string acronym, CancellationToken ct = default)
    {
        var filiere = await db.Filieres.AsNoTracking().FirstOrDefaultAsync(f => f.Acronym == acronym, ct);
        if (filiere is null) return null;
        var manage = CanManage(caller, acronym);
        var today = Today;
        var committee = await db.GovernanceCommittees.AsNoTracking().FirstOrDefaultAsync(c => c.FiliereAcronym == acronym, ct);
        var docs = await DocumentsAsync(acronym, ct);
        var members = await db.GovernanceMembers.AsNoTracking().Where(m => m.FiliereAcronym == acronym).ToListAsync(ct);
        var centreIds = members.Where(m => m.CentreId != null).Select(m => m.CentreId!).Distinct().ToList();
        var assocIds = members.Where(m => m.AssociationId != null).Select(m => m.AssociationId!).Distinct().ToList();
        var centres = await db.Centres.AsNoTracking().Where(c => centreIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name, ct);
        var assocs = await db.Associations.AsNoTracking().Where(a => assocIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.Name, ct);
        var memberViews = members
            .OrderBy(m => m.College).ThenBy(m => m.SitsOn(today) ? 0 : 1).ThenBy(m => m.Name, StringComparer.Create(System.Globalization.CultureInfo.GetCultureInfo("fr-FR"), true))
            .Select(m => new GovernanceMemberView(m.Id, m.College, m.Name, m.Function, m.Organisation, m.CentreId, m.CentreId is null ? null : centres.GetValueOrDefault(m.CentreId),
                m.AssociationId, m.AssociationId is null ? null : assocs.GetValueOrDefault(m.AssociationId), manage ? m.Email : null, m.From, m.To, m.SitsOn(today)))
            .ToList();
        var meetings = (await db.GovernanceMeetings.AsNoTracking().Where(m => m.FiliereAcronym == acronym).ToListAsync(ct))
            .OrderByDescending(m => m.Date).ThenByDescending(m => m.Id)
            .Select(m => new GovernanceMeetingView(m.Id, m.Date, m.Agenda, docs.FirstOrDefault(d => d.Kind == GovernanceDocumentKind.Minutes && d.MeetingId == m.Id)))
            .ToList();
        return new GovernanceView(filiere.Acronym, filiere.Name, committee?.Version ?? 0, manage, today, committee?.RulesAdoptedOn,
            docs.FirstOrDefault(d => d.Kind == GovernanceDocumentKind.Rules), memberViews, meetings, await CoordinatorsAsync(acronym, ct));
    }

    /// <summary>The filière's coordinators, newest first (the mandates the successions write; public, as the arrêté is).</summary>
    public async Task<IReadOnlyList<CoordinatorMandateView>> CoordinatorsAsync(string acronym, CancellationToken ct = default)
    {
        var today = Today;
        var mandates = await db.Mandates.AsNoTracking().Include(m => m.Person)
            .Where(m => m.Role == MandateRole.FiliereCoordinator && m.FiliereAcronym == acronym).ToListAsync(ct);
        return mandates.OrderByDescending(m => m.From)
            .Select(m => new CoordinatorMandateView(m.PersonId, m.Person?.DisplayName ?? m.PersonId, m.From, m.To, m.CoversDate(today))).ToList();
    }

    /// <summary>The yearly list of FSMR coordinators (public, as the arrêté is).</summary>
    public Task<CoordinatorList> CoordinatorListAsync(int year, CancellationToken ct = default) => CoordinatorLists.BuildAsync(db, year, ct);

    /// <summary>The seats an association holds in the governance committees (public, as the composition is).</summary>
    public async Task<IReadOnlyList<AssociationSeat>> SeatsOfAssociationAsync(string associationId, CancellationToken ct = default)
    {
        var today = Today;
        var seats = await db.GovernanceMembers.AsNoTracking().Where(m => m.AssociationId == associationId).ToListAsync(ct);
        var names = await db.Filieres.AsNoTracking().ToDictionaryAsync(f => f.Acronym, f => f.Name, ct);
        return seats.OrderBy(s => s.FiliereAcronym, StringComparer.Ordinal).ThenBy(s => s.SitsOn(today) ? 0 : 1)
            .Select(s => new AssociationSeat(s.FiliereAcronym, names.GetValueOrDefault(s.FiliereAcronym, s.FiliereAcronym), s.Name, s.Function, s.From, s.To, s.SitsOn(today)))
            .ToList();
    }

    /// <summary>
    /// A document's content: the règlement intérieur for anybody, a meeting's minutes for the committee's managers only;
    /// null when it does not exist in this filière. Throws <see cref="AccessRefusedException"/> for minutes read by others.
    /// </summary>
    public async Task<GovernanceFile?> DocumentAsync(Caller caller, string acronym, int documentId, CancellationToken ct = default)
    {
        var d = await db.GovernanceDocuments.AsNoTracking().Where(x => x.Id == documentId && x.FiliereAcronym == acronym)
            .Select(x => new { x.Kind, x.FileName, x.Content }).FirstOrDefaultAsync(ct);
        if (d is null) return null;
        if (d.Kind == GovernanceDocumentKind.Minutes && !CanManage(caller, acronym))
            throw new AccessRefusedException(caller, "Les comptes rendus du comité de gouvernance sont réservés à la coordination de la filière et au ministère.");
        return new GovernanceFile(d.FileName, d.Content);
    }

    /// <summary>A meeting of the committee (for the governance opinion of a succession): its date and whether its minutes are filed.</summary>
    public async Task<(GovernanceMeeting Meeting, bool HasMinutes)?> MeetingAsync(string acronym, int meetingId, CancellationToken ct = default)
    {
        var m = await db.GovernanceMeetings.AsNoTracking().FirstOrDefaultAsync(x => x.Id == meetingId && x.FiliereAcronym == acronym, ct);
        if (m is null) return null;
        var minutes = await db.GovernanceDocuments.AnyAsync(d => d.MeetingId == meetingId && d.Kind == GovernanceDocumentKind.Minutes && d.FiliereAcronym == acronym, ct);
        return (m, minutes);
    }

    private async Task<List<GovernanceDocumentInfo>> DocumentsAsync(string acronym, CancellationToken ct) =>
        (await db.GovernanceDocuments.AsNoTracking().Where(d => d.FiliereAcronym == acronym)
            .Select(d => new { d.Id, d.Kind, d.MeetingId, d.FileName, d.Size, d.PageCount, d.Sha256, d.UploadedBy, d.UploadedAt }).ToListAsync(ct))
        .Select(d => new GovernanceDocumentInfo(d.Id, d.Kind, d.MeetingId, d.FileName, d.Size, d.PageCount, d.Sha256, d.UploadedBy, d.UploadedAt)).ToList();

    // ---------------------------------------------------------------- members

    public Task<WriteResult> AddMemberAsync(Caller caller, string acronym, GovernanceMemberInput input, int? expectedVersion, CancellationToken ct = default) =>
        WriteAsync(caller, acronym, expectedVersion, async committee =>
        {
            ArgumentNullException.ThrowIfNull(input);
            if (await db.GovernanceMembers.CountAsync(m => m.FiliereAcronym == acronym, ct) >= MaxMembers)
                return [Error("college", $"Le comité compte déjà {MaxMembers} sièges : retirez d'abord des membres sortis.")];
            var member = new GovernanceMember { FiliereAcronym = acronym, Name = "" };
            var errors = await ApplyMemberAsync(member, input, ct);
            if (errors.Count == 0) db.GovernanceMembers.Add(member);
            return errors;
        }, ct);

    public Task<WriteResult> UpdateMemberAsync(Caller caller, string acronym, int memberId, GovernanceMemberInput input, int? expectedVersion, CancellationToken ct = default) =>
        WriteAsync(caller, acronym, expectedVersion, async committee =>
        {
            ArgumentNullException.ThrowIfNull(input);
            var member = await db.GovernanceMembers.FirstOrDefaultAsync(m => m.Id == memberId && m.FiliereAcronym == acronym, ct);
            if (member is null) return null;
            return await ApplyMemberAsync(member, input, ct);
        }, ct);

    public Task<WriteResult> RemoveMemberAsync(Caller caller, string acronym, int memberId, int? expectedVersion, CancellationToken ct = default) =>
        WriteAsync(caller, acronym, expectedVersion, async committee =>
        {
            var member = await db.GovernanceMembers.FirstOrDefaultAsync(m => m.Id == memberId && m.FiliereAcronym == acronym, ct);
            if (member is null) return null;
            db.GovernanceMembers.Remove(member);
            return [];
        }, ct);

    private async Task<List<RuleViolation>> ApplyMemberAsync(GovernanceMember m, GovernanceMemberInput input, CancellationToken ct)
    {
        var errors = new List<RuleViolation>();
        var name = input.Name?.Trim();
        if (input.College is not { } college) errors.Add(Error("college", "Indiquez le collège du membre."));
        if (string.IsNullOrEmpty(name)) errors.Add(Error("name", "Indiquez le nom du membre (ou de la structure représentée)."));
        else if (name.Length > MaxNameLength) errors.Add(Error("name", $"Le nom dépasse {MaxNameLength} caractères."));
        var function = Clean(input.Function);
        if (function is { Length: > MaxFunctionLength }) errors.Add(Error("function", $"La fonction dépasse {MaxFunctionLength} caractères."));
        var organisation = Clean(input.Organisation);
        if (organisation is { Length: > MaxOrganisationLength }) errors.Add(Error("organisation", $"La structure dépasse {MaxOrganisationLength} caractères."));
        var email = Clean(input.Email);
        if (email is { Length: > MaxEmailLength }) errors.Add(Error("email", $"L'adresse électronique dépasse {MaxEmailLength} caractères."));
        else if (email is not null && (!email.Contains('@', StringComparison.Ordinal) || email.StartsWith('@') || email.EndsWith('@') || email.Any(char.IsWhiteSpace)))
            errors.Add(Error("email", $"« {email} » n'est pas une adresse électronique."));
        var centreId = Clean(input.CentreId);
        if (centreId is not null)
        {
            if (input.College != GovernanceCollege.Centres) errors.Add(Error("centre_id", "Seul un membre du collège des centres représente un centre du registre."));
            else if (centreId.Length > 40 || !await db.Centres.AnyAsync(c => c.Id == centreId, ct)) errors.Add(Error("centre_id", $"Centre « {Short(centreId)} » inconnu du registre."));
        }
        var associationId = Clean(input.AssociationId);
        if (associationId is not null)
        {
            if (input.College != GovernanceCollege.Associations) errors.Add(Error("association_id", "Seul un membre du collège des associations représente une association du registre."));
            else if (associationId.Length > 40 || !await db.Associations.AnyAsync(a => a.Id == associationId, ct)) errors.Add(Error("association_id", $"Association « {Short(associationId)} » inconnue du registre."));
        }
        foreach (var (field, date) in new[] { ("from", input.From), ("to", input.To) })
            if (date is { } d && (d < EarliestDate || d > Today.AddYears(10))) errors.Add(Error(field, $"Date « {French.Date(d)} » hors de la plage admise (2000 à dans 10 ans)."));
        if (input.From is { } from && input.To is { } to && to < from) errors.Add(Error("to", "La fin du mandat précède son début."));
        if (errors.Count > 0) return errors;
        m.College = input.College!.Value;
        m.Name = name!;
        m.Function = function;
        m.Organisation = organisation;
        m.CentreId = centreId;
        m.AssociationId = associationId;
        m.Email = email;
        m.From = input.From;
        m.To = input.To;
        return errors;
    }

    // ---------------------------------------------------------------- meetings

    public Task<WriteResult> AddMeetingAsync(Caller caller, string acronym, GovernanceMeetingInput input, int? expectedVersion, CancellationToken ct = default) =>
        WriteAsync(caller, acronym, expectedVersion, committee =>
        {
            ArgumentNullException.ThrowIfNull(input);
            var meeting = new GovernanceMeeting { FiliereAcronym = acronym, Agenda = "" };
            var errors = ApplyMeeting(meeting, input);
            if (errors.Count == 0) db.GovernanceMeetings.Add(meeting);
            return Task.FromResult<List<RuleViolation>?>(errors);
        }, ct);

    public Task<WriteResult> UpdateMeetingAsync(Caller caller, string acronym, int meetingId, GovernanceMeetingInput input, int? expectedVersion, CancellationToken ct = default) =>
        WriteAsync(caller, acronym, expectedVersion, async committee =>
        {
            ArgumentNullException.ThrowIfNull(input);
            var meeting = await db.GovernanceMeetings.FirstOrDefaultAsync(m => m.Id == meetingId && m.FiliereAcronym == acronym, ct);
            if (meeting is null) return null;
            var errors = ApplyMeeting(meeting, input);
            if (errors.Count == 0 && meeting.Date > Today && await HasMinutesAsync(meetingId, ct))
                errors.Add(Error("date", "Le compte rendu de cette réunion est déposé : sa date ne peut pas être dans le futur."));
            if (errors.Count == 0 && await CitedAsync(meetingId, ct) is { } dossier && db.Entry(meeting).Property(x => x.Date).IsModified)
                errors.Add(Error("date", $"L'avis du comité rendu à cette réunion figure au dossier {dossier} : sa date ne peut plus changer."));
            return errors;
        }, ct);

    public Task<WriteResult> RemoveMeetingAsync(Caller caller, string acronym, int meetingId, int? expectedVersion, CancellationToken ct = default) =>
        WriteAsync(caller, acronym, expectedVersion, async committee =>
        {
            var meeting = await db.GovernanceMeetings.FirstOrDefaultAsync(m => m.Id == meetingId && m.FiliereAcronym == acronym, ct);
            if (meeting is null) return null;
            if (await CitedAsync(meetingId, ct) is { } dossier)
                return [Error("meeting", $"L'avis du comité rendu à cette réunion figure au dossier {dossier} : la réunion ne peut pas être supprimée.")];
            db.GovernanceMeetings.Remove(meeting);
            db.GovernanceDocuments.RemoveRange(await db.GovernanceDocuments.Where(d => d.MeetingId == meetingId).ToListAsync(ct));
            return [];
        }, ct);

    private List<RuleViolation> ApplyMeeting(GovernanceMeeting m, GovernanceMeetingInput input)
    {
        var errors = new List<RuleViolation>();
        var agenda = input.Agenda?.Trim();
        if (input.Date is not { } date) errors.Add(Error("date", "Indiquez la date de la réunion."));
        else if (date < EarliestDate || date > Today.AddYears(2)) errors.Add(Error("date", $"Date « {French.Date(date)} » hors de la plage admise (2000 à dans 2 ans)."));
        if (string.IsNullOrEmpty(agenda)) errors.Add(Error("agenda", "Indiquez l'ordre du jour."));
        else if (agenda.Length > MaxAgendaLength) errors.Add(Error("agenda", $"L'ordre du jour dépasse {MaxAgendaLength} caractères ({agenda.Length})."));
        if (errors.Count > 0) return errors;
        m.Date = input.Date!.Value;
        m.Agenda = agenda!;
        return errors;
    }

    private Task<bool> HasMinutesAsync(int meetingId, CancellationToken ct) =>
        db.GovernanceDocuments.AnyAsync(d => d.MeetingId == meetingId && d.Kind == GovernanceDocumentKind.Minutes, ct);

    /// <summary>The dossier whose governance opinion names this meeting, if any.</summary>
    private Task<string?> CitedAsync(int meetingId, CancellationToken ct) =>
        db.Set<Procedures.DossierOpinion>().AsNoTracking().Where(o => o.GovernanceMeetingId == meetingId).Select(o => o.DossierId).FirstOrDefaultAsync(ct);

    // ---------------------------------------------------------------- documents

    /// <summary>Files the règlement intérieur (replacing the one in force) adopted on <paramref name="adoptedOn"/>.</summary>
    public Task<WriteResult> UploadRulesAsync(Caller caller, string acronym, string? fileName, byte[] content, DateOnly? adoptedOn, int? expectedVersion,
        CancellationToken ct = default) =>
        WriteAsync(caller, acronym, expectedVersion, async committee =>
        {
            if (adoptedOn is { } d && (d < EarliestDate || d > Today))
                return [Error("adopted_on", $"Date d'adoption « {French.Date(d)} » hors de la plage admise (2000 à aujourd'hui).")];
            var (doc, errors) = await CheckAsync(caller, acronym, fileName, "reglement-interieur.pdf", content, GovernanceDocumentKind.Rules, null, ct);
            if (doc is null) return errors;
            db.GovernanceDocuments.RemoveRange(await db.GovernanceDocuments.Where(x => x.FiliereAcronym == acronym && x.Kind == GovernanceDocumentKind.Rules).ToListAsync(ct));
            db.GovernanceDocuments.Add(doc);
            committee.RulesAdoptedOn = adoptedOn;
            return [];
        }, ct);

    /// <summary>Files a meeting's minutes (replacing earlier ones); refused for a meeting still to come.</summary>
    public Task<WriteResult> UploadMinutesAsync(Caller caller, string acronym, int meetingId, string? fileName, byte[] content, int? expectedVersion,
        CancellationToken ct = default) =>
        WriteAsync(caller, acronym, expectedVersion, async committee =>
        {
            var meeting = await db.GovernanceMeetings.AsNoTracking().FirstOrDefaultAsync(m => m.Id == meetingId && m.FiliereAcronym == acronym, ct);
            if (meeting is null) return null;
            if (meeting.Date > Today) return [Error("meeting", $"La réunion du {French.Date(meeting.Date)} n'a pas encore eu lieu : son compte rendu ne peut pas être déposé.")];
            var (doc, errors) = await CheckAsync(caller, acronym, fileName, $"compte-rendu-{meeting.Date:yyyy-MM-dd}.pdf", content, GovernanceDocumentKind.Minutes, meetingId, ct);
            if (doc is null) return errors;
            db.GovernanceDocuments.RemoveRange(await db.GovernanceDocuments.Where(x => x.MeetingId == meetingId && x.Kind == GovernanceDocumentKind.Minutes).ToListAsync(ct));
            db.GovernanceDocuments.Add(doc);
            return [];
        }, ct);

    private async Task<(GovernanceDocument? Doc, List<RuleViolation> Errors)> CheckAsync(Caller caller, string acronym, string? fileName, string fallback, byte[] content,
        GovernanceDocumentKind kind, int? meetingId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(content);
        var name = Path.GetFileName(fileName ?? "");
        if (string.IsNullOrWhiteSpace(name)) name = fallback;
        if (name.Length > 255) name = name[..200] + ".pdf";
        if (content.Length == 0) return (null, [Error("file", $"{name} : fichier vide.")]);
        if (content.Length > MaxDocumentBytes)
            return (null, [Error("file", $"{name} : {content.Length / 1024.0 / 1024.0:0.0} Mo, au-delà de la taille maximale de {MaxDocumentBytes / 1024 / 1024} Mo.")]);
        var check = await PdfInspector.InspectAsync(content, ct);
        if (!check.IsPdf) return (null, [Error("file", $"{name} : {check.Error} Seuls les PDF lisibles sont acceptés.")]);
        if (check.PageCount is > MaxPages) return (null, [Error("file", $"{name} : {check.PageCount} pages, au-delà des {MaxPages} pages admises.")]);
        return (new GovernanceDocument
        {
            FiliereAcronym = acronym, Kind = kind, MeetingId = meetingId, FileName = name, Size = content.Length,
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(content)), PageCount = check.PageCount, Content = content,
            UploadedBy = caller.UserName!, UploadedAt = clock.GetUtcNow(),
        }, []);
    }

    // ---------------------------------------------------------------- the one write path

    /// <summary>
    /// Checks the caller (refused unless he or she manages the filière's committee), the filière, and the committee's version
    /// (<paramref name="expectedVersion"/>: 0 for a committee never edited; null accepts any); then <paramref name="change"/>
    /// returns null (a part not found), errors (nothing saved) or none (saved, the committee's version bumped).
    /// </summary>
    private async Task<WriteResult> WriteAsync(Caller caller, string acronym, int? expectedVersion,
        Func<GovernanceCommittee, Task<List<RuleViolation>?>> change, CancellationToken ct)
    {
        if (!CanManage(caller, acronym)) return WriteResult.Forbidden;
        if (!await db.Filieres.AnyAsync(f => f.Acronym == acronym, ct)) return WriteResult.NotFound;
        var committee = await db.GovernanceCommittees.FirstOrDefaultAsync(c => c.FiliereAcronym == acronym, ct);
        var versions = new Versions(db, clock);
        if (committee is null)
        {
            if (expectedVersion is > 0) return await versions.StaleAsync("governance", acronym, ct);
            committee = new GovernanceCommittee { FiliereAcronym = acronym };
            db.GovernanceCommittees.Add(committee);
        }
        else if (!Versioning.Expect(db, committee, expectedVersion)) return await versions.StaleAsync("governance", acronym, ct);
        var errors = await change(committee);
        if (errors is null)
        {
            db.ChangeTracker.Clear();
            return WriteResult.NotFound;
        }
        if (errors.Count > 0)
        {
            db.ChangeTracker.Clear();
            return WriteResult.Invalid(errors);
        }
        // A change of a part alone must still move the committee's version (a new committee is version 1 anyway).
        if (db.Entry(committee).State == EntityState.Unchanged) db.Entry(committee).State = EntityState.Modified;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another write saved the committee (or created it) between our read and our write: refuse rather than overwrite.
            db.ChangeTracker.Clear();
            return await versions.StaleAsync("governance", acronym, ct);
        }
        return WriteResult.Ok;
    }

    private static RuleViolation Error(string field, string message) => new("R-GOV", "governance", "", field, message);

    private static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static string Short(string s) => s.Length > 40 ? s[..40] + "…" : s;
}
