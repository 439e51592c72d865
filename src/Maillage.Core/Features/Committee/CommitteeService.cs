using System.Security.Cryptography;
using Maillage.Core.Data;
using Maillage.Core.Features.Procedures;
using Maillage.Core.Infrastructure.Pdf;
using Maillage.Core.Infrastructure.Security;
using Maillage.Core.Infrastructure.Validation;
using Maillage.Domain.Committee;
using Maillage.Domain.Procedures;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Core.Features.Committee;

/// <summary>A meeting as listed (no minutes' content).</summary>
public sealed record MeetingRow(string Id, DateOnly Date, string Title, MeetingStatus Status, bool HasMinutes, int OpinionCount, int Version);

/// <summary>A dossier referred to the committee, as its members see it (no successor's identifying data).</summary>
public sealed record ReferredDossier(string Id, string Title, ProcedureKind Kind, DossierState State, DateTimeOffset? SubmittedAt,
    OpinionValue? CommitteeOpinion, int Version, bool AwaitingOpinion);

/// <summary>One entry of the register, with its dossier's title and its meeting's date.</summary>
public sealed record RegisterEntry(CommitteeOpinion Opinion, string DossierTitle, ProcedureKind DossierKind, DateOnly? MeetingDate);

/// <summary>The committee's page for a year: members in force, meetings, the two-meetings warning, the register, the dossiers referred.</summary>
public sealed record CommitteeOverview(int Year, IReadOnlyList<CommitteeMember> Members, IReadOnlyList<MeetingRow> Meetings, string? MeetingsWarning,
    IReadOnlyList<RegisterEntry> Register, IReadOnlyList<ReferredDossier> Referred, bool CanManage);

/// <summary>A meeting with what was decided there and what waits for an opinion.</summary>
public sealed record MeetingView(CommitteeMeeting Meeting, IReadOnlyList<RegisterEntry> Opinions, IReadOnlyList<ReferredDossier> Awaiting, bool CanManage);

public sealed record MeetingInput(DateOnly? Date, string? Title, MeetingStatus? Status, string? Agenda);

public sealed record MemberInput(string? Name, string? Organisation, CommitteeSeat? Seat, CommitteeCollege? College, AppointingBody? AppointedBy,
    string? UserName, DateOnly? From, DateOnly? To);

public sealed record CommitteeOpinionInput(string? DossierId, string? MeetingId, CommitteeSubject? Subject, OpinionValue? Value, string? Reasons, DateOnly? GivenOn);

/// <summary>
/// The follow-up committee of the labelling (« comité de suivi de la labellisation », note d'information n°
/// DGOS/DIR/DGRI/2018/218 du 19 septembre 2018, §5): its members, its meetings (at least two a year), their agendas and
/// minutes, and the register of its opinions, each linked to the dossier that asked for it. Reads: the national
/// administration (its secretariat) and the committee's members (role <see cref="UserRole.FollowUpCommittee"/>); writes:
/// the secretariat, and the members for opinions. Everything else is refused (fail closed). docs/committee.md.
/// </summary>
public sealed class CommitteeService(MaillageDbContext db, TimeProvider clock, Versions versions, ProcedureService procedures)
{
    public const long MaxMinutesBytes = 20 * 1024 * 1024;
    public const int MaxMinutesPages = 200;
    public const string ReadRefused = "Réservé au comité de suivi de la labellisation et à son secrétariat (administration nationale).";
    public const string ManageRefused = "Réservé au secrétariat du comité de suivi (administration nationale).";

    private DateOnly Today => DateOnly.FromDateTime(clock.GetLocalNow().Date);

    public static bool MayRead(Caller caller) =>
        caller.IsAuthenticated && caller.Role is UserRole.NationalAdmin or UserRole.FollowUpCommittee;

    public static bool MayManage(Caller caller) => caller.IsAuthenticated && caller.Role == UserRole.NationalAdmin;

    private static void ThrowUnlessReader(Caller caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (!MayRead(caller)) throw new AccessRefusedException(caller, ReadRefused);
    }

    /// <summary>
    /// Has this dossier been referred to the committee? It is (or was) waiting for its opinion — the procedure's
    /// « saisir le comité de suivi » step — or the register holds an opinion on it. What a committee member may read.
    /// </summary>
    public static async Task<bool> IsReferredAsync(MaillageDbContext db, Dossier d, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(d);
        if (d.State == DossierState.CommitteeReview || d.CommitteeOpinion is not null) return true;
        var referral = DossierAction.ReferToCommittee.Code();
        return await db.Set<DossierEvent>().AnyAsync(e => e.DossierId == d.Id && e.Action == referral, ct)
            || await db.CommitteeOpinions.AnyAsync(o => o.DossierId == d.Id, ct);
    }

    /// <summary>
    /// The dossiers of <paramref name="dossiers"/> referred to the committee: <see cref="IsReferredAsync"/> for a whole
    /// list, in one query (the referral events and the register's opinions) instead of two per dossier.
    /// </summary>
    public static async Task<List<Dossier>> ReferredAsync(MaillageDbContext db, IReadOnlyList<Dossier> dossiers, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(dossiers);
        var referral = DossierAction.ReferToCommittee.Code();
        var ids = (await db.Set<DossierEvent>().Where(e => e.Action == referral).Select(e => e.DossierId)
            .Union(db.CommitteeOpinions.Select(o => o.DossierId)).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        return dossiers.Where(d => d.State == DossierState.CommitteeReview || d.CommitteeOpinion is not null || ids.Contains(d.Id)).ToList();
    }

    // ---------------------------------------------------------------- reads

    public async Task<CommitteeOverview> OverviewAsync(Caller caller, int year, CancellationToken ct = default)
    {
        ThrowUnlessReader(caller);
        var today = Today;
        var members = (await db.CommitteeMembers.AsNoTracking().Where(m => m.From <= today && (m.To == null || m.To >= today)).ToListAsync(ct))
            .OrderBy(m => m.Seat).ThenBy(m => m.College).ThenBy(m => m.Name, StringComparer.Ordinal).ToList();
        var meetings = await MeetingRowsAsync(year, ct);
        return new CommitteeOverview(year, members, meetings, WarningFor(year, meetings), await RegisterAsync(null, ct), await ReferredAsync(ct), MayManage(caller));
    }

    /// <summary>The two-meetings warning of a year: planned or held meetings (cancelled ones do not count).</summary>
    public static string? WarningFor(int year, IReadOnlyList<MeetingRow> meetings)
    {
        ArgumentNullException.ThrowIfNull(meetings);
        return CommitteeRules.MeetingsWarning(year, meetings.Count(m => m.Date.Year == year && m.Status != MeetingStatus.Cancelled));
    }

    public async Task<IReadOnlyList<CommitteeMember>> MembersAsync(Caller caller, bool all, CancellationToken ct = default)
    {
        ThrowUnlessReader(caller);
        var today = Today;
        var q = db.CommitteeMembers.AsNoTracking();
        if (!all) q = q.Where(m => m.From <= today && (m.To == null || m.To >= today));
        return (await q.ToListAsync(ct)).OrderBy(m => m.Seat).ThenBy(m => m.College).ThenBy(m => m.Name, StringComparer.Ordinal).ToList();
    }

    private async Task<List<MeetingRow>> MeetingRowsAsync(int? year, CancellationToken ct)
    {
        var q = db.CommitteeMeetings.AsNoTracking();
        if (year is { } y) q = q.Where(m => m.Date >= new DateOnly(y, 1, 1) && m.Date <= new DateOnly(y, 12, 31));
        var counts = await db.CommitteeOpinions.AsNoTracking().Where(o => o.MeetingId != null).GroupBy(o => o.MeetingId!)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        return (await q.OrderBy(m => m.Date).ThenBy(m => m.Id).Select(m => new { m.Id, m.Date, m.Title, m.Status, Has = m.MinutesFileName != null, m.Version }).ToListAsync(ct))
            .Select(m => new MeetingRow(m.Id, m.Date, m.Title, m.Status, m.Has, counts.GetValueOrDefault(m.Id), m.Version)).ToList();
    }

    public async Task<IReadOnlyList<MeetingRow>> MeetingsAsync(Caller caller, int? year, CancellationToken ct = default)
    {
        ThrowUnlessReader(caller);
        return await MeetingRowsAsync(year, ct);
    }

    public async Task<MeetingView?> MeetingAsync(Caller caller, string id, CancellationToken ct = default)
    {
        ThrowUnlessReader(caller);
        var m = await db.CommitteeMeetings.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (m is null) return null;
        return new MeetingView(m, await RegisterAsync(id, ct), (await ReferredAsync(ct)).Where(r => r.AwaitingOpinion).ToList(), MayManage(caller));
    }

    /// <summary>The minutes' PDF of a meeting, or null when there is none.</summary>
    public async Task<(string FileName, byte[] Content)?> MinutesAsync(Caller caller, string id, CancellationToken ct = default)
    {
        ThrowUnlessReader(caller);
        var m = await db.CommitteeMeetings.AsNoTracking().Where(x => x.Id == id).Select(x => new { x.MinutesFileName }).FirstOrDefaultAsync(ct);
        if (m?.MinutesFileName is null) return null;
        var content = await db.CommitteeMinutes.AsNoTracking().Where(x => x.MeetingId == id).Select(x => x.Content).FirstOrDefaultAsync(ct);
        return content is null ? null : (m.MinutesFileName, content);
    }

    public async Task<IReadOnlyList<RegisterEntry>> RegisterAsync(Caller caller, string? dossierId, CancellationToken ct = default)
    {
        ThrowUnlessReader(caller);
        var all = await RegisterAsync(null, ct);
        return dossierId is null ? all : all.Where(e => e.Opinion.DossierId == dossierId).ToList();
    }

    public async Task<IReadOnlyList<ReferredDossier>> ReferredAsync(Caller caller, CancellationToken ct = default)
    {
        ThrowUnlessReader(caller);
        return await ReferredAsync(ct);
    }

    private async Task<List<RegisterEntry>> RegisterAsync(string? meetingId, CancellationToken ct)
    {
        var q = db.CommitteeOpinions.AsNoTracking();
        if (meetingId is not null) q = q.Where(o => o.MeetingId == meetingId);
        var opinions = await q.ToListAsync(ct);
        var ids = opinions.Select(o => o.DossierId).Distinct().ToList();
        var dossiers = await db.Set<Dossier>().AsNoTracking().Where(d => ids.Contains(d.Id)).Select(d => new { d.Id, d.Title, d.Kind }).ToDictionaryAsync(d => d.Id, ct);
        var meetingIds = opinions.Select(o => o.MeetingId).OfType<string>().Distinct().ToList();
        var dates = await db.CommitteeMeetings.AsNoTracking().Where(m => meetingIds.Contains(m.Id)).ToDictionaryAsync(m => m.Id, m => m.Date, ct);
        return opinions.OrderByDescending(o => o.GivenOn).ThenByDescending(o => o.Id, StringComparer.Ordinal)
            .Select(o => new RegisterEntry(o, dossiers.GetValueOrDefault(o.DossierId)?.Title ?? o.DossierId, dossiers.GetValueOrDefault(o.DossierId)?.Kind ?? default,
                o.MeetingId is null ? null : dates.GetValueOrDefault(o.MeetingId))).ToList();
    }

    /// <summary>Every dossier referred to the committee (<see cref="IsReferredAsync"/>), those waiting for its opinion first.</summary>
    private async Task<List<ReferredDossier>> ReferredAsync(CancellationToken ct)
    {
        var referral = DossierAction.ReferToCommittee.Code();
        var eventIds = db.Set<DossierEvent>().Where(e => e.Action == referral).Select(e => e.DossierId);
        var registerIds = db.CommitteeOpinions.Select(o => o.DossierId);
        var list = await db.Set<Dossier>().AsNoTracking()
            .Where(d => d.State == DossierState.CommitteeReview || d.CommitteeOpinion != null || eventIds.Contains(d.Id) || registerIds.Contains(d.Id))
            .Select(d => new { d.Id, d.Title, d.Kind, d.State, d.SubmittedAt, d.CommitteeOpinion, d.Version }).ToListAsync(ct);
        return list.Select(d => new ReferredDossier(d.Id, d.Title, d.Kind, d.State, d.SubmittedAt, d.CommitteeOpinion, d.Version, d.State == DossierState.CommitteeReview))
            .OrderByDescending(d => d.AwaitingOpinion).ThenBy(d => d.Id, StringComparer.Ordinal).ToList();
    }

    // ---------------------------------------------------------------- writes: meetings, minutes, members (the secretariat)

    /// <summary>Creates (id null) or changes a meeting; <paramref name="expectedVersion"/> is the version read (null accepts any).</summary>
    public async Task<EditResult> SaveMeetingAsync(Caller caller, string? id, MeetingInput input, int? expectedVersion, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(input);
        if (!MayManage(caller)) return EditResult.Forbidden;
        CommitteeMeeting? m = null;
        if (id is not null)
        {
            m = await db.CommitteeMeetings.FirstOrDefaultAsync(x => x.Id == id, ct);
            if (m is null) return EditResult.NotFound;
            if (!Versioning.Expect(db, m, expectedVersion)) return await StaleAsync("committee_meeting", id, ct);
        }
        var errors = new List<FieldError>();
        var title = EditResult.Text(errors, "title", "Intitulé", input.Title, 200, required: true);
        var agenda = EditResult.Text(errors, "agenda", "Ordre du jour", input.Agenda, 8000, required: false);
        if (input.Date is not { } date) errors.Add(new FieldError("date", "Date : obligatoire."));
        else if (date.Year < 2018 || date.Year > Today.Year + 5) errors.Add(new FieldError("date", $"Date : entre 2018 (création du comité) et {Today.Year + 5}."));
        var status = input.Status ?? MeetingStatus.Planned;
        if (status == MeetingStatus.Held && input.Date is { } d2 && d2 > Today)
            errors.Add(new FieldError("status", "Une réunion à venir ne peut pas être « tenue »."));
        if (errors.Count > 0) return EditResult.Invalid(errors);
        if (m is null)
        {
            var newId = await SequentialIds.NextAsync(db.CommitteeMeetings.Select(x => x.Id), $"RCS-{input.Date!.Value.Year:0000}-", "00", ct);
            m = new CommitteeMeeting { Id = newId, Title = title! };
            db.CommitteeMeetings.Add(m);
        }
        m.Date = input.Date!.Value;
        m.Title = title!;
        m.Status = status;
        m.Agenda = agenda;
        return await SaveAsync("committee_meeting", m, ct);
    }

    /// <summary>Files the minutes of a meeting (a readable PDF, bounded in bytes and pages), replacing earlier ones.</summary>
    public async Task<EditResult> UploadMinutesAsync(Caller caller, string id, string? fileName, byte[] content, int? expectedVersion, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(content);
        if (!MayManage(caller)) return EditResult.Forbidden;
        var m = await db.CommitteeMeetings.FirstOrDefaultAsync(x => x.Id == id, ct);
        if (m is null) return EditResult.NotFound;
        if (!Versioning.Expect(db, m, expectedVersion)) return await StaleAsync("committee_meeting", id, ct);
        var name = string.IsNullOrWhiteSpace(fileName) ? "compte-rendu.pdf" : Path.GetFileName(fileName.Trim());
        if (name.Length > 255) name = name[^255..];
        if (content.Length == 0) return EditResult.Invalid(new FieldError("file", $"{name} : fichier vide."));
        if (content.Length > MaxMinutesBytes)
            return EditResult.Invalid(new FieldError("file", $"{name} : {content.Length / 1024.0 / 1024.0:0.0} Mo, au-delà de la taille maximale de {MaxMinutesBytes / 1024 / 1024} Mo."));
        var check = await PdfInspector.InspectAsync(content, ct);
        if (!check.IsPdf) return EditResult.Invalid(new FieldError("file", $"{name} : {check.Error} Seuls les PDF lisibles sont acceptés."));
        if (check.PageCount > MaxMinutesPages)
            return EditResult.Invalid(new FieldError("file", $"{name} : {check.PageCount} pages, au plus {MaxMinutesPages} pour un compte rendu."));
        var minutes = await db.CommitteeMinutes.FirstOrDefaultAsync(x => x.MeetingId == id, ct);
        if (minutes is null) db.CommitteeMinutes.Add(new CommitteeMinutes { MeetingId = id, Content = content });
        else minutes.Content = content;
        m.MinutesFileName = name;
        m.MinutesSize = content.Length;
        m.MinutesPageCount = check.PageCount;
        m.MinutesSha256 = Convert.ToHexStringLower(SHA256.HashData(content));
        m.MinutesUploadedBy = caller.UserName;
        m.MinutesUploadedAt = clock.GetUtcNow();
        return await SaveAsync("committee_meeting", m, ct);
    }

    public async Task<EditResult> SaveMemberAsync(Caller caller, string? id, MemberInput input, int? expectedVersion, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(input);
        if (!MayManage(caller)) return EditResult.Forbidden;
        CommitteeMember? m = null;
        if (id is not null)
        {
            m = await db.CommitteeMembers.FirstOrDefaultAsync(x => x.Id == id, ct);
            if (m is null) return EditResult.NotFound;
            if (!Versioning.Expect(db, m, expectedVersion)) return await StaleAsync("committee_member", id, ct);
        }
        var errors = new List<FieldError>();
        var name = EditResult.Text(errors, "name", "Nom", input.Name, 200, required: true);
        var organisation = EditResult.Text(errors, "organisation", "Organisme", input.Organisation, 200, required: false);
        var userName = EditResult.Text(errors, "user_name", "Compte", input.UserName, 256, required: false);
        var seat = input.Seat ?? CommitteeSeat.Member;
        var college = input.College ?? (seat == CommitteeSeat.Member ? null : CommitteeCollege.QualifiedPersonality);
        if (college is null) errors.Add(new FieldError("college", "Collège représenté : obligatoire."));
        if (seat != CommitteeSeat.Member && input.AppointedBy is null)
            errors.Add(new FieldError("appointed_by", $"{seat.Label()} : indiquez la direction qui l'a désigné (DGOS ou DGRI) — {CommitteeRules.Source}."));
        if (input.From is not { } from) errors.Add(new FieldError("from", "Début du mandat : obligatoire."));
        else if (input.To is { } to && to < from) errors.Add(new FieldError("to", "Fin du mandat : avant son début."));
        if (userName is not null && !await db.Users.AnyAsync(u => u.UserName == userName && u.Role == UserRole.FollowUpCommittee, ct))
            errors.Add(new FieldError("user_name", $"Compte « {userName} » : aucun compte du rôle « comité de suivi » ne porte ce nom."));
        if (errors.Count > 0) return EditResult.Invalid(errors);
        if (seat != CommitteeSeat.Member)
        {
            // One president and one vice-president at a time (their mandates must not overlap).
            var from2 = input.From!.Value;
            var to2 = input.To ?? DateOnly.MaxValue;
            var overlapping = await db.CommitteeMembers.AsNoTracking().Where(x => x.Seat == seat && x.Id != id && x.From <= to2 && (x.To == null || x.To >= from2))
                .Select(x => x.Name).FirstOrDefaultAsync(ct);
            if (overlapping is not null) return EditResult.Conflict("seat", $"{seat.Label()} : {overlapping} occupe déjà ce siège sur cette période.");
        }
        if (m is null)
        {
            m = new CommitteeMember { Id = await SequentialIds.NextAsync(db.CommitteeMembers.Select(x => x.Id), "MBR-", "0000", ct), Name = name! };
            db.CommitteeMembers.Add(m);
        }
        m.Name = name!;
        m.Organisation = organisation;
        m.Seat = seat;
        m.College = college!.Value;
        m.AppointedBy = seat == CommitteeSeat.Member ? null : input.AppointedBy;
        m.UserName = userName;
        m.From = input.From!.Value;
        m.To = input.To;
        return await SaveAsync("committee_member", m, ct);
    }

    // ---------------------------------------------------------------- the register of opinions

    /// <summary>
    /// Records an opinion of the committee on a dossier, entered by a member or by the secretariat. A member may only give
    /// one on a dossier referred to the committee. When the dossier is waiting for the committee's opinion and the subject
    /// is the one its procedure asks for (a succession, a labelling decision), the same write records the procedure's
    /// step « avis du comité de suivi » (the dossier then waits for the decision); both or neither are saved.
    /// <paramref name="expectedDossierVersion"/> is the dossier's version read (null accepts any).
    /// </summary>
    public async Task<EditResult> RecordOpinionAsync(Caller caller, CommitteeOpinionInput input, int? expectedDossierVersion, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(input);
        if (!MayRead(caller)) return EditResult.Forbidden;
        var errors = new List<FieldError>();
        var dossierId = EditResult.Text(errors, "dossier_id", "Dossier", input.DossierId, 24, required: true);
        var reasons = EditResult.Text(errors, "reasons", "Motifs", input.Reasons, 8000, required: false);
        if (input.Value is not { } value) { errors.Add(new FieldError("value", "Avis : obligatoire.")); value = default; }
        if (errors.Count > 0) return EditResult.Invalid(errors);
        var d = await db.Set<Dossier>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == dossierId, ct);
        // A member learns nothing of a dossier that was not referred: same answer as an unknown one would be a leak of
        // its existence only; refuse it as forbidden, like the dossier page does.
        if (d is null) return caller.Role == UserRole.NationalAdmin ? EditResult.Invalid(new FieldError("dossier_id", $"Dossier « {dossierId} » inconnu.")) : EditResult.Forbidden;
        if (caller.Role != UserRole.NationalAdmin && !await IsReferredAsync(db, d, ct)) return EditResult.Forbidden;
        var subject = input.Subject ?? CommitteeRules.DefaultSubject(d.Kind);
        errors.AddRange(OpinionRules.Validate(value, reasons, null));
        var meetingId = EditResult.Text(errors, "meeting_id", "Réunion", input.MeetingId, 24, required: false);
        DateOnly? meetingDate = null;
        if (meetingId is not null)
        {
            meetingDate = await db.CommitteeMeetings.AsNoTracking().Where(x => x.Id == meetingId).Select(x => (DateOnly?)x.Date).FirstOrDefaultAsync(ct);
            if (meetingDate is null) errors.Add(new FieldError("meeting_id", $"Réunion « {meetingId} » inconnue."));
        }
        var givenOn = input.GivenOn ?? meetingDate ?? Today;
        if (givenOn > Today) errors.Add(new FieldError("given_on", "Date de l'avis : dans le futur."));
        if (errors.Count > 0) return EditResult.Invalid(errors);

        var stepsProcedure = d.State == DossierState.CommitteeReview && subject == CommitteeRules.DefaultSubject(d.Kind);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (stepsProcedure)
        {
            var step = await procedures.TransitionAsync(caller, d.Id, DossierAction.RecordCommitteeOpinion, reasons, value, expectedDossierVersion, ct);
            switch (step.Status)
            {
                case ProcedureStatus.Ok: break;
                case ProcedureStatus.Stale: return EditResult.Stale(d.Id, step.Errors[0].Message, step.CurrentVersion ?? 0);
                case ProcedureStatus.Forbidden: return EditResult.Forbidden;
                case ProcedureStatus.NotFound: return EditResult.NotFound;
                case ProcedureStatus.Invalid: return EditResult.Invalid(step.Errors);
                case ProcedureStatus.Conflict: return new EditResult(EditStatus.Conflict, step.Errors);
            }
        }
        else if (expectedDossierVersion is { } ev && ev != d.Version)
        {
            return EditResult.Stale(d.Id, await versions.StaleMessageAsync("dossier", d.Id, d.Version, ct), d.Version);
        }
        var o = new CommitteeOpinion
        {
            Id = await SequentialIds.NextAsync(db.CommitteeOpinions.Select(x => x.Id), $"AVC-{givenOn.Year:0000}-", "0000", ct),
            DossierId = d.Id, MeetingId = meetingId, Subject = subject, Value = value, Reasons = reasons, GivenOn = givenOn,
            EnteredBy = caller.UserName!, EnteredAt = clock.GetUtcNow(),
        };
        db.CommitteeOpinions.Add(o);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return EditResult.Ok(o.Id, o.Version);
    }

    private async Task<EditResult> SaveAsync<T>(string entity, T item, CancellationToken ct) where T : class, Domain.Registry.IVersioned
    {
        var id = (string)db.Entry(item).Property("Id").CurrentValue!;
        var added = db.Entry(item).State == EntityState.Added;
        try
        {
            await db.SaveChangesAsync(ct);
            return EditResult.Ok(id, item.Version);
        }
        catch (DbUpdateConcurrencyException) when (!added)
        {
            db.ChangeTracker.Clear();
            return await StaleAsync(entity, id, ct);
        }
    }

    private async Task<EditResult> StaleAsync(string entity, string id, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        var current = entity switch
        {
            "committee_meeting" => await db.CommitteeMeetings.AsNoTracking().Where(x => x.Id == id).Select(x => x.Version).FirstOrDefaultAsync(ct),
            _ => await db.CommitteeMembers.AsNoTracking().Where(x => x.Id == id).Select(x => x.Version).FirstOrDefaultAsync(ct),
        };
        return EditResult.Stale(id, await versions.StaleMessageAsync(entity, id, current, ct), current);
    }
}
