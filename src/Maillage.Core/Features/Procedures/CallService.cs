using System.Globalization;
using Maillage.Core.Data;
using Maillage.Core.Infrastructure.Campaigns;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain;
using Maillage.Domain.Procedures;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Core.Features.Procedures;

/// <summary>What the ministry enters to open a call.</summary>
public sealed record CallInput(
    CallKind? Kind,
    string? Title,
    string? Description,
    DateOnly? OpensOn,
    DateOnly? Deadline,
    DateOnly? JurySessionOn,
    string? ReferentialCampaign,
    string? PeriodId,
    DateOnly? PeriodStart,
    DateOnly? PeriodEnd);

/// <summary>A jury member as the ministry appoints him or her.</summary>
public sealed record JuryMemberInput(string? UserName, string? DisplayName, JurySeat? Seat, bool IsChair, string? Finess, string? FiliereAcronym, string? Email);

/// <summary>A jury member's assignment to a dossier, with his or her review once given.</summary>
public sealed record AssignmentView(JuryMember Member, DossierReview? Review);

/// <summary>
/// The calls (labelling campaign, platforms' call for projects) and their juries: the ministry opens a call and appoints
/// its jury; each member files a declaration of interests (and signs the ethics charter); the ministry assigns members
/// to dossiers, never a member to a dossier of his or her own establishment or filière; assigned members review.
/// </summary>
public sealed class CallService(MaillageDbContext db, TimeProvider clock)
{
    private DateOnly Today => DateOnly.FromDateTime(clock.GetLocalNow().Date);

    public async Task<IReadOnlyList<Call>> ListAsync(CancellationToken ct = default) =>
        (await db.Set<Call>().AsNoTracking().ToListAsync(ct)).OrderByDescending(c => c.OpensOn).ThenBy(c => c.Id, StringComparer.Ordinal).ToList();

    public async Task<Call?> GetAsync(string id, CancellationToken ct = default)
    {
        var call = await db.Set<Call>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct);
        if (call is null) return null;
        call.Jury = await db.Set<JuryMember>().AsNoTracking().Where(m => m.CallId == id).OrderBy(m => m.Id).ToListAsync(ct);
        return call;
    }

    public async Task<IReadOnlyList<Dossier>> DossiersAsync(string callId, CancellationToken ct = default) =>
        (await db.Set<Dossier>().AsNoTracking().Include(d => d.Sites).Where(d => d.CallId == callId).ToListAsync(ct))
            .OrderBy(d => d.Id, StringComparer.Ordinal).ToList();

    public async Task<ProcedureResult> CreateAsync(Caller caller, CallInput input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (caller.Role != UserRole.NationalAdmin) return ProcedureResult.Forbidden;
        var errors = new List<FieldError>();
        if (input.Kind is null) errors.Add(new FieldError("kind", "Type d'appel requis (labelling_campaign ou platform_call)."));
        if (string.IsNullOrWhiteSpace(input.Title)) errors.Add(new FieldError("title", "Intitulé requis."));
        else if (input.Title.Length > 300) errors.Add(new FieldError("title", "Intitulé de plus de 300 caractères."));
        if (input.Description is { Length: > 8000 }) errors.Add(new FieldError("description", "Description de plus de 8000 caractères."));
        if (input.OpensOn is null) errors.Add(new FieldError("opens_on", "Date d'ouverture requise."));
        if (input.Deadline is null) errors.Add(new FieldError("deadline", "Date limite de dépôt requise."));
        if (input.OpensOn is { } o && input.Deadline is { } dl && dl < o)
            errors.Add(new FieldError("deadline", $"La date limite ({French.Date(dl)}) précède l'ouverture ({French.Date(o)})."));
        if (input.JurySessionOn is { } js && input.Deadline is { } dl2 && js <= dl2)
            errors.Add(new FieldError("jury_session_on", $"Le jury se réunit après la date limite de dépôt ({French.Date(dl2)})."));
        if (input.ReferentialCampaign is { Length: > 0 } r && !CampaignCatalogue.Shipped.Contains(r))
            errors.Add(new FieldError("referential_campaign", $"Référentiel « {r} » inconnu. Référentiels : {string.Join(", ", CampaignCatalogue.Shipped.Ids)}."));
        if (input.Kind == CallKind.LabellingCampaign)
        {
            if (string.IsNullOrWhiteSpace(input.ReferentialCampaign))
                errors.Add(new FieldError("referential_campaign", "Une campagne de labellisation applique un référentiel (seuils et règles)."));
            if (string.IsNullOrWhiteSpace(input.PeriodId)) errors.Add(new FieldError("period_id", "Identifiant de la période de labellisation ouverte requis (ex. 2029-2033)."));
            else if (input.PeriodId.Length > 32) errors.Add(new FieldError("period_id", "Identifiant de période de plus de 32 caractères."));
            if (input.PeriodStart is null) errors.Add(new FieldError("period_start", "Début de la période de labellisation requis."));
            if (input.PeriodEnd is null) errors.Add(new FieldError("period_end", "Fin de la période de labellisation requise."));
            if (input.PeriodStart is { } ps && input.PeriodEnd is { } pe && pe <= ps)
                errors.Add(new FieldError("period_end", "La fin de la période doit suivre son début."));
            if (input.PeriodStart is { } ps2 && input.Deadline is { } dl3 && ps2 <= dl3)
                errors.Add(new FieldError("period_start", "La période de labellisation commence après la date limite de dépôt."));
            if (input.PeriodId is { Length: > 0 } pid && await db.LabellingPeriods.AnyAsync(p => p.Id == pid, ct))
                errors.Add(new FieldError("period_id", $"La période « {pid} » existe déjà dans le registre."));
        }
        if (errors.Count > 0) return ProcedureResult.Invalid(errors);
        var kind = input.Kind!.Value;
        var year = input.Deadline!.Value.Year.ToString(CultureInfo.InvariantCulture);
        var prefix = kind == CallKind.LabellingCampaign ? $"LAB-{year}" : $"AAP-PEMR-{year}";
        var id = prefix;
        for (var n = 2; await db.Set<Call>().AnyAsync(c => c.Id == id, ct); n++) id = $"{prefix}-{n.ToString(CultureInfo.InvariantCulture)}";
        db.Set<Call>().Add(new Call
        {
            Id = id, Kind = kind, Title = input.Title!.Trim(), Description = string.IsNullOrWhiteSpace(input.Description) ? null : input.Description.Trim(),
            OpensOn = input.OpensOn!.Value, Deadline = input.Deadline!.Value, JurySessionOn = input.JurySessionOn,
            ReferentialCampaign = string.IsNullOrWhiteSpace(input.ReferentialCampaign) ? null : input.ReferentialCampaign,
            PeriodId = kind == CallKind.LabellingCampaign ? input.PeriodId!.Trim() : null,
            PeriodStart = kind == CallKind.LabellingCampaign ? input.PeriodStart : null,
            PeriodEnd = kind == CallKind.LabellingCampaign ? input.PeriodEnd : null,
            CreatedBy = caller.UserName!, CreatedAt = clock.GetUtcNow(),
        });
        await db.SaveChangesAsync(ct);
        return ProcedureResult.Ok(id);
    }

    // ---------------------------------------------------------------- jury

    public async Task<ProcedureResult> AddMemberAsync(Caller caller, string callId, JuryMemberInput input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var call = await db.Set<Call>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == callId, ct);
        if (call is null) return ProcedureResult.NotFound;
        if (caller.Role != UserRole.NationalAdmin) return ProcedureResult.Forbidden;
        if (call.PublishedAt is not null) return ProcedureResult.Conflict("call", "Les résultats de l'appel sont publiés : le jury ne change plus.");
        var errors = new List<FieldError>();
        var user = input.UserName is { Length: > 0 } un ? await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.UserName == un, ct) : null;
        if (string.IsNullOrWhiteSpace(input.UserName)) errors.Add(new FieldError("user_name", "Compte du membre requis (il y dépose sa déclaration et ses évaluations)."));
        else if (user is null) errors.Add(new FieldError("user_name", $"Compte « {input.UserName} » inconnu."));
        if (input.Seat is not { } seat) errors.Add(new FieldError("seat", $"Siège requis : {string.Join(", ", JuryRules.SeatsFor(call.Kind).Select(s => s.Code()))}."));
        else if (!JuryRules.SeatsFor(call.Kind).Contains(seat))
            errors.Add(new FieldError("seat", $"Siège « {seat.Code()} » inconnu pour ce type d'appel : {string.Join(", ", JuryRules.SeatsFor(call.Kind).Select(s => s.Code()))}."));
        else if (call.Kind == CallKind.PlatformCall && await db.Set<JuryMember>().AnyAsync(m => m.CallId == callId && m.Seat == seat, ct))
            errors.Add(new FieldError("seat", $"Le siège « {seat.Label()} » est déjà pourvu : le jury compte un membre par siège (note DGOS/MMR/2020/221 §VIII)."));
        if (input.Finess is { Length: > 0 } f && !await db.Establishments.AnyAsync(e => e.Finess == f, ct))
            errors.Add(new FieldError("finess", $"Établissement « {f} » inconnu du registre."));
        if (input.FiliereAcronym is { Length: > 0 } fa && !await db.Filieres.AnyAsync(x => x.Acronym == fa, ct))
            errors.Add(new FieldError("filiere", $"Filière « {fa} » inconnue."));
        if (input.IsChair && call.Kind == CallKind.PlatformCall && input.Seat != JurySeat.Dgos)
            errors.Add(new FieldError("is_chair", "Le jury d'un appel à projets est présidé par la DGOS."));
        if (input.IsChair && await db.Set<JuryMember>().AnyAsync(m => m.CallId == callId && m.IsChair, ct))
            errors.Add(new FieldError("is_chair", "Le jury a déjà un président."));
        if (user is not null && await db.Set<JuryMember>().AnyAsync(m => m.CallId == callId && m.UserName == user.UserName, ct))
            errors.Add(new FieldError("user_name", $"« {user.UserName} » est déjà membre de ce jury."));
        if (errors.Count > 0) return ProcedureResult.Invalid(errors);
        // The establishment and filière default to the account's own scope, so that conflicts are found without re-entry.
        var finess = input.Finess is { Length: > 0 } ? input.Finess : user!.Role == UserRole.Establishment ? user.ScopeId : null;
        var filiere = input.FiliereAcronym is { Length: > 0 } ? input.FiliereAcronym : user!.Role == UserRole.FiliereCoordinator ? user.ScopeId : null;
        if (user!.Role == UserRole.CentreHead && user.ScopeId is { } centreId)
        {
            var centre = await db.Centres.AsNoTracking().Include(c => c.Network).Include(c => c.Attachments).FirstOrDefaultAsync(c => c.Id == centreId, ct);
            finess ??= centre?.EstablishmentFiness;
            filiere ??= centre?.Network?.FiliereAcronym;
        }
        var member = new JuryMember
        {
            CallId = callId, UserName = user.UserName!, DisplayName = string.IsNullOrWhiteSpace(input.DisplayName) ? user.DisplayName ?? user.UserName! : input.DisplayName.Trim(),
            Seat = input.Seat!.Value, IsChair = input.IsChair, Finess = finess, FiliereAcronym = filiere,
            Email = string.IsNullOrWhiteSpace(input.Email) ? user.Email : input.Email.Trim(),
        };
        db.Set<JuryMember>().Add(member);
        // Mon espace: the person named is told, in the application and by e-mail (through the outbox).
        db.Set<Notification>().Add(ToMember(member, null, JuryMemberReason, $"[Maillage] Vous êtes membre du jury : {call.Title}",
            $"La DGOS vous a nommé(e) membre du jury de l'appel « {call.Title} » ({member.Seat.Label()}{(member.IsChair ? ", président(e)" : "")}). "
            + (call.Kind == CallKind.PlatformCall ? "Remettez votre déclaration d'intérêts et signez la charte de déontologie" : "Remettez votre déclaration d'intérêts")
            + (call.JurySessionOn is { } js ? $" avant la séance du jury du {Maillage.Domain.French.Date(js)}." : ".")));
        await db.SaveChangesAsync(ct);
        return ProcedureResult.Ok(member.Id.ToString(CultureInfo.InvariantCulture));
    }

    public async Task<ProcedureResult> RemoveMemberAsync(Caller caller, string callId, int memberId, CancellationToken ct = default)
    {
        if (caller.Role != UserRole.NationalAdmin) return ProcedureResult.Forbidden;
        var member = await db.Set<JuryMember>().FirstOrDefaultAsync(m => m.CallId == callId && m.Id == memberId, ct);
        if (member is null) return ProcedureResult.NotFound;
        if (await db.Set<DossierReview>().AnyAsync(r => r.MemberId == memberId, ct))
            return ProcedureResult.Conflict("member", "Ce membre a déjà évalué des dossiers : il ne peut plus être retiré du jury.");
        db.Set<JuryMember>().Remove(member);
        await db.SaveChangesAsync(ct);
        return ProcedureResult.Ok(callId);
    }

    /// <summary>The member files (or updates) his or her declaration of interests and, if asked, signs the ethics charter.</summary>
    public async Task<ProcedureResult> DeclareAsync(Caller caller, string callId, string? declaration, bool signCharter, CancellationToken ct = default)
    {
        if (!caller.IsAuthenticated) return ProcedureResult.Forbidden;
        var call = await db.Set<Call>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == callId, ct);
        if (call is null) return ProcedureResult.NotFound;
        var member = await db.Set<JuryMember>().FirstOrDefaultAsync(m => m.CallId == callId && m.UserName == caller.UserName, ct);
        if (member is null) return ProcedureResult.Forbidden;
        if (string.IsNullOrWhiteSpace(declaration))
            return ProcedureResult.Invalid(new FieldError("declaration", "La déclaration d'intérêts ne peut pas être vide (écrivez « Aucun lien d'intérêts » le cas échéant)."));
        if (declaration.Length > 8000) return ProcedureResult.Invalid(new FieldError("declaration", "La déclaration dépasse 8000 caractères."));
        member.InterestsDeclaration = declaration.Trim();
        member.DeclaredAt = clock.GetUtcNow();
        if (signCharter) member.CharterSignedAt ??= clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return ProcedureResult.Ok(callId);
    }

    /// <summary>The establishments (legal entities) and filières a dossier involves, for the conflict-of-interest rule.</summary>
    public async Task<DossierParties> PartiesAsync(Dossier d, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(d);
        var finess = new HashSet<string>(StringComparer.Ordinal) { d.SeatFiness };
        if (d.OtherFiness is not null) finess.Add(d.OtherFiness);
        var siteIds = d.Sites.Count > 0 ? d.Sites.Select(s => s.CentreId).ToList()
            : await db.Set<DossierSite>().AsNoTracking().Where(s => s.DossierId == d.Id).Select(s => s.CentreId).ToListAsync(ct);
        foreach (var f in await db.Centres.AsNoTracking().Where(c => siteIds.Contains(c.Id)).Select(c => c.EstablishmentFiness).ToListAsync(ct)) finess.Add(f);
        var legal = await db.Establishments.AsNoTracking().Where(e => finess.Contains(e.Finess)).Select(e => e.LegalEntityFiness ?? e.Finess).ToListAsync(ct);
        var entities = legal.Concat(finess).ToHashSet(StringComparer.Ordinal);
        // A platform's jury sits a filière coordinator by design (note DGOS/MMR/2020/221 du 7 décembre 2020, §VIII): the filière rule applies to the labelling jury.
        var filieres = d.Kind == ProcedureKind.LabellingApplication && d.FiliereAcronym is { } fa ? new[] { fa } : [];
        return new DossierParties(entities, filieres);
    }

    private async Task<JurorProfile> ProfileAsync(JuryMember m, CancellationToken ct)
    {
        var ej = m.Finess is null ? null
            : await db.Establishments.AsNoTracking().Where(e => e.Finess == m.Finess).Select(e => e.LegalEntityFiness ?? e.Finess).FirstOrDefaultAsync(ct);
        return new JurorProfile(m.Seat, ej, m.FiliereAcronym, m.DeclaredAt is not null, m.CharterSignedAt is not null);
    }

    /// <summary>Is the call's jury complete and ready (seats, declarations, charter)? The problems, in French.</summary>
    public async Task<IReadOnlyList<string>> ReadinessAsync(Call call, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(call);
        var members = await db.Set<JuryMember>().AsNoTracking().Where(m => m.CallId == call.Id).ToListAsync(ct);
        var profiles = new List<JurorProfile>();
        foreach (var m in members) profiles.Add(await ProfileAsync(m, ct));
        return JuryRules.ReadinessProblems(call.Kind, profiles);
    }

    /// <summary>Why each member of the call may not assess the dossier (null when he or she may).</summary>
    public async Task<IReadOnlyList<(JuryMember Member, string? Exclusion)>> EligibleReviewersAsync(Dossier d, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(d);
        if (d.CallId is null) return [];
        var call = await db.Set<Call>().AsNoTracking().FirstAsync(c => c.Id == d.CallId, ct);
        var parties = await PartiesAsync(d, ct);
        var result = new List<(JuryMember, string?)>();
        foreach (var m in await db.Set<JuryMember>().AsNoTracking().Where(m => m.CallId == d.CallId).OrderBy(m => m.Id).ToListAsync(ct))
            result.Add((m, JuryRules.Exclusion(call.Kind, await ProfileAsync(m, ct), parties)));
        return result;
    }

    public async Task<ProcedureResult> AssignAsync(Caller caller, string dossierId, int memberId, CancellationToken ct = default)
    {
        var d = await db.Set<Dossier>().AsNoTracking().Include(x => x.Sites).FirstOrDefaultAsync(x => x.Id == dossierId, ct);
        if (d is null) return ProcedureResult.NotFound;
        if (caller.Role != UserRole.NationalAdmin) return ProcedureResult.Forbidden;
        if (d.CallId is null) return ProcedureResult.Conflict("dossier", "Ce dossier ne relève pas d'un appel : il n'a pas de jury.");
        if (d.State is not (DossierState.Submitted or DossierState.JuryReview))
            return ProcedureResult.Conflict("state", $"Le dossier est « {d.State.Label()} » : seuls les dossiers déposés ou en évaluation reçoivent des évaluateurs.");
        var member = await db.Set<JuryMember>().AsNoTracking().FirstOrDefaultAsync(m => m.Id == memberId && m.CallId == d.CallId, ct);
        if (member is null) return ProcedureResult.Invalid(new FieldError("member_id", $"Membre {memberId} inconnu du jury de l'appel {d.CallId}."));
        var call = await db.Set<Call>().AsNoTracking().FirstAsync(c => c.Id == d.CallId, ct);
        if (JuryRules.Exclusion(call.Kind, await ProfileAsync(member, ct), await PartiesAsync(d, ct)) is { } why)
            return ProcedureResult.Conflict("member_id", $"{member.DisplayName} ne peut pas évaluer ce dossier. {why}");
        if (await db.Set<JuryAssignment>().AnyAsync(a => a.DossierId == dossierId && a.MemberId == memberId, ct))
            return ProcedureResult.Ok(dossierId);
        db.Set<JuryAssignment>().Add(new JuryAssignment { DossierId = dossierId, MemberId = memberId, AssignedBy = caller.UserName!, AssignedAt = clock.GetUtcNow() });
        AddEvent(dossierId, caller, "jury_assigned", $"Évaluateur désigné : {member.DisplayName} ({member.Seat.Label()})");
        // Mon espace: the member assigned is told, in the application and by e-mail (through the outbox).
        db.Set<Notification>().Add(ToMember(member, dossierId, JuryAssignedReason, $"[Maillage] Dossier à évaluer : {d.Title}",
            $"La DGOS vous a désigné(e) pour évaluer le dossier « {d.Title} » de l'appel « {call.Title} ». Donnez votre évaluation (note sur 20 et avis motivé)"
            + (call.JurySessionOn is { } js ? $" avant la séance du jury du {Maillage.Domain.French.Date(js)}." : ".")));
        await db.SaveChangesAsync(ct);
        return ProcedureResult.Ok(dossierId);
    }

    public async Task<ProcedureResult> UnassignAsync(Caller caller, string dossierId, int memberId, CancellationToken ct = default)
    {
        if (caller.Role != UserRole.NationalAdmin) return ProcedureResult.Forbidden;
        var a = await db.Set<JuryAssignment>().FirstOrDefaultAsync(x => x.DossierId == dossierId && x.MemberId == memberId, ct);
        if (a is null) return ProcedureResult.NotFound;
        if (await db.Set<DossierReview>().AnyAsync(r => r.DossierId == dossierId && r.MemberId == memberId, ct))
            return ProcedureResult.Conflict("member_id", "Ce membre a déjà rendu son évaluation.");
        db.Set<JuryAssignment>().Remove(a);
        AddEvent(dossierId, caller, "jury_unassigned", $"Évaluateur retiré : membre {memberId}");
        await db.SaveChangesAsync(ct);
        return ProcedureResult.Ok(dossierId);
    }

    /// <summary>An assigned member gives (or revises) his or her review while the dossier is with the jury.</summary>
    public async Task<ProcedureResult> ReviewAsync(Caller caller, string dossierId, int? score, OpinionValue? recommendation, string? comments, CancellationToken ct = default)
    {
        var d = await db.Set<Dossier>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == dossierId, ct);
        if (d is null) return ProcedureResult.NotFound;
        if (!caller.IsAuthenticated || d.CallId is null) return ProcedureResult.Forbidden;
        var member = await db.Set<JuryMember>().AsNoTracking().FirstOrDefaultAsync(m => m.CallId == d.CallId && m.UserName == caller.UserName, ct);
        if (member is null || !await db.Set<JuryAssignment>().AnyAsync(a => a.DossierId == dossierId && a.MemberId == member.Id, ct))
            return ProcedureResult.Forbidden;
        if (d.State != DossierState.JuryReview)
            return ProcedureResult.Conflict("state", $"Le dossier est « {d.State.Label()} » : les évaluations se font pendant l'évaluation par le jury.");
        var errors = JuryRules.ValidateReview(score, recommendation, comments);
        if (errors.Count > 0) return ProcedureResult.Invalid(errors);
        var review = await db.Set<DossierReview>().FirstOrDefaultAsync(r => r.DossierId == dossierId && r.MemberId == member.Id, ct);
        if (review is null)
        {
            review = new DossierReview { DossierId = dossierId, MemberId = member.Id };
            db.Set<DossierReview>().Add(review);
        }
        review.Score = score!.Value;
        review.Recommendation = recommendation!.Value;
        review.Comments = string.IsNullOrWhiteSpace(comments) ? null : comments.Trim();
        review.SubmittedAt = clock.GetUtcNow();
        AddEvent(dossierId, caller, "jury_review", $"Évaluation de {member.DisplayName} : {review.Score}/20, {review.Recommendation.Label()}");
        await db.SaveChangesAsync(ct);
        return ProcedureResult.Ok(dossierId);
    }

    /// <summary>The assignments of a dossier with their reviews.</summary>
    public async Task<IReadOnlyList<AssignmentView>> AssignmentsAsync(string dossierId, CancellationToken ct = default)
    {
        var members = await db.Set<JuryAssignment>().AsNoTracking().Where(a => a.DossierId == dossierId)
            .Join(db.Set<JuryMember>(), a => a.MemberId, m => m.Id, (a, m) => m).OrderBy(m => m.Id).ToListAsync(ct);
        var reviews = await db.Set<DossierReview>().AsNoTracking().Where(r => r.DossierId == dossierId).ToListAsync(ct);
        return members.Select(m => new AssignmentView(m, reviews.FirstOrDefault(r => r.MemberId == m.Id))).ToList();
    }

    /// <summary>Why the jury's assessment of a dossier cannot be closed yet (empty when it can).</summary>
    public async Task<IReadOnlyList<FieldError>> CloseProblemsAsync(string dossierId, CancellationToken ct = default)
    {
        var views = await AssignmentsAsync(dossierId, ct);
        if (views.Count == 0) return [new FieldError("jury", "Aucun membre du jury n'a été désigné pour évaluer ce dossier.")];
        return views.Where(v => v.Review is null)
            .Select(v => new FieldError("jury", $"Évaluation attendue de {v.Member.DisplayName} ({v.Member.Seat.Label()}).")).ToList();
    }

    /// <summary>Is the caller assigned to the dossier as a jury member?</summary>
    public async Task<bool> IsAssignedAsync(Caller caller, string dossierId, CancellationToken ct = default) =>
        caller.IsAuthenticated && await db.Set<JuryAssignment>().AsNoTracking().Where(a => a.DossierId == dossierId)
            .Join(db.Set<JuryMember>(), a => a.MemberId, m => m.Id, (a, m) => m.UserName).AnyAsync(u => u == caller.UserName, ct);

    /// <summary>The dossiers the caller is assigned to as a jury member (<see cref="IsAssignedAsync"/> for every dossier, one query).</summary>
    public async Task<HashSet<string>> AssignedDossiersAsync(Caller caller, CancellationToken ct = default) =>
        caller.IsAuthenticated
            ? (await db.Set<JuryAssignment>().AsNoTracking().Join(db.Set<JuryMember>(), a => a.MemberId, m => m.Id, (a, m) => new { a.DossierId, m.UserName })
                .Where(x => x.UserName == caller.UserName).Select(x => x.DossierId).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal)
            : [];

    /// <summary>The jury member's tasks: declarations to file, dossiers to review.</summary>
    public async Task<IReadOnlyList<TaskItem>> TasksAsync(Caller caller, CancellationToken ct = default)
    {
        if (!caller.IsAuthenticated) return [];
        var tasks = new List<TaskItem>();
        var memberships = await db.Set<JuryMember>().AsNoTracking().Where(m => m.UserName == caller.UserName).ToListAsync(ct);
        foreach (var m in memberships)
        {
            var call = await db.Set<Call>().AsNoTracking().FirstAsync(c => c.Id == m.CallId, ct);
            if (call.PublishedAt is not null) continue;
            if (m.DeclaredAt is null || (call.Kind == CallKind.PlatformCall && m.CharterSignedAt is null))
                tasks.Add(new TaskItem(call.Id, call.Title, "declaration",
                    call.Kind == CallKind.PlatformCall ? "Remettre votre déclaration d'intérêts et signer la charte de déontologie" : "Remettre votre déclaration d'intérêts",
                    call.JurySessionOn, $"/procedures/appels/{Uri.EscapeDataString(call.Id)}#declaration"));
            var assigned = await db.Set<JuryAssignment>().AsNoTracking().Where(a => a.MemberId == m.Id).Select(a => a.DossierId).ToListAsync(ct);
            var reviewed = await db.Set<DossierReview>().AsNoTracking().Where(r => r.MemberId == m.Id).Select(r => r.DossierId).ToListAsync(ct);
            foreach (var d in await db.Set<Dossier>().AsNoTracking().Where(d => assigned.Contains(d.Id) && d.State == DossierState.JuryReview).ToListAsync(ct))
                if (!reviewed.Contains(d.Id))
                    tasks.Add(new TaskItem(d.Id, d.Title, "review", "Évaluer le dossier (note sur 20 et avis motivé)", call.JurySessionOn,
                        $"/procedures/{Uri.EscapeDataString(d.Id)}#evaluation"));
        }
        return tasks;
    }

    /// <summary>The reason of the notification to a person named member of a call's jury (Mon espace).</summary>
    public const string JuryMemberReason = "jury_member";

    /// <summary>The reason of the notification to a jury member assigned a dossier to assess (Mon espace).</summary>
    public const string JuryAssignedReason = "jury_assigned";

    /// <summary>A notification to one jury member's account (and address): seen by that account only.</summary>
    private Notification ToMember(JuryMember member, string? dossierId, string reason, string subject, string body) => new()
    {
        DossierId = dossierId, Reason = reason, RecipientUserName = member.UserName, Email = string.IsNullOrWhiteSpace(member.Email) ? null : member.Email,
        RecipientLabel = member.DisplayName, Subject = subject.Length > 300 ? subject[..300] : subject, Body = body, CreatedAt = clock.GetUtcNow(),
    };

    private void AddEvent(string dossierId, Caller caller, string action, string note) =>
        db.Set<DossierEvent>().Add(new DossierEvent { DossierId = dossierId, At = clock.GetUtcNow(), UserName = caller.UserName ?? "?", Action = action, Note = note });

    /// <summary>The call's state in words, for pages and the API.</summary>
    public static string Status(Call call, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (call.PublishedAt is not null) return "published";
        if (today < call.OpensOn) return "announced";
        return today <= call.Deadline ? "open" : "closed";
    }

    public static string StatusLabel(string status) => status switch
    {
        "published" => "Résultats publiés",
        "announced" => "Annoncé",
        "open" => "Ouvert aux dépôts",
        _ => "Clos (instruction en cours)",
    };

    public string StatusOf(Call call) => Status(call, Today);
}
