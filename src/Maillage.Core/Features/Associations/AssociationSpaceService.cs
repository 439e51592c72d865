using Maillage.Core.Data;
using Maillage.Core.Features.Procedures;
using Maillage.Core.Infrastructure.Security;
using Maillage.Core.Infrastructure.Validation;
using Maillage.Domain.Associations;
using Maillage.Domain.Procedures;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Core.Features.Associations;

/// <summary>What an association is asked for in one dossier: a support letter (document) or an opinion, expected or received.</summary>
public sealed record AskedItem(string DossierId, string DossierTitle, ProcedureKind Kind, DossierState State, string ItemId, string Label, ItemType Type,
    bool Required, bool Received, DateOnly? Deadline);

public sealed record SurveyRow(string Id, string AssociationId, string Title, PartnerKind PartnerKind, string PartnerId, string PartnerName, SurveyStatus Status,
    DateOnly? OpensOn, DateOnly? ClosesOn);

/// <summary>An association's page: what it is asked for across procedures, its surveys and its collaborative actions.</summary>
public sealed record AssociationSpace(string AssociationId, string AssociationName, IReadOnlyList<AskedItem> Asked, IReadOnlyList<SurveyRow> Surveys,
    IReadOnlyList<CollaborativeAction> Actions, IReadOnlyDictionary<string, string> PartnerNames, bool CanEdit);

/// <summary>One question's results as the caller may see them (suppressed under the small-count threshold).</summary>
public sealed record QuestionResult(SurveyQuestion Question, IReadOnlyList<string> Choices, QuestionAggregate Aggregate);

/// <summary>A survey with its questions and aggregated results. <see cref="Respondents"/> is null under the threshold.</summary>
public sealed record SurveyView(PatientSurvey Survey, string AssociationName, string PartnerName, int? Respondents, IReadOnlyList<QuestionResult> Results,
    bool CanEdit);

public sealed record QuestionInput(string? Text, AnswerScale? Scale);

public sealed record SurveyInput(string? AssociationId, string? Title, string? Introduction, PartnerKind? PartnerKind, string? PartnerId, SurveyStatus? Status,
    DateOnly? OpensOn, DateOnly? ClosesOn, IReadOnlyList<QuestionInput>? Questions);

public sealed record ActionInput(string? AssociationId, string? Title, string? Description, PartnerKind? PartnerKind, string? PartnerId,
    ActionInitiative? Initiative, DateOnly? StartsOn, DateOnly? EndsOn, ActionStatus? Status);

/// <summary>
/// The associations' space (Alliance maladies rares, fiche pratique « Centres de référence et de compétence », mai 2022,
/// « Comment être acteur de la labellisation ? », annexes 1 and 3): the support letters and opinions each association is
/// asked for across procedures, surveys of patients' experience run with a centre or a filière, and collaborative
/// actions. An association reads and edits only its own; the national administration everything; a centre head (or a
/// filière coordinator) reads the surveys run with his or her centre (filière) once opened, results aggregated and
/// small counts suppressed (<see cref="SurveyAggregation"/>). docs/associations.md.
/// </summary>
public sealed class AssociationSpaceService(MaillageDbContext db, TimeProvider clock, Versions versions, ProcedureService procedures)
{
    public const int MaxQuestions = 30;
    public const int MaxResponsesPerCall = 2000;
    public const string SpaceRefused = "Réservé à l'association elle-même et à l'administration nationale.";

    private DateOnly Today => DateOnly.FromDateTime(clock.GetLocalNow().Date);

    private static bool IsOwnerOrNational(Caller caller, string associationId) =>
        caller.IsAuthenticated && (caller.Role == UserRole.NationalAdmin
            || (caller.Role == UserRole.Association && string.Equals(caller.ScopeId, associationId, StringComparison.Ordinal)));

    /// <summary>A partner reads a survey run with its centre (centre head) or filière (coordinator), once it is no longer a draft.</summary>
    private static bool IsPartner(Caller caller, PatientSurvey s) =>
        caller.IsAuthenticated && s.Status != SurveyStatus.Draft && !string.IsNullOrEmpty(caller.ScopeId) && (s.PartnerKind, caller.Role) switch
        {
            (PartnerKind.Centre, UserRole.CentreHead) => string.Equals(caller.ScopeId, s.PartnerId, StringComparison.Ordinal),
            (PartnerKind.Filiere, UserRole.FiliereCoordinator) => string.Equals(caller.ScopeId, s.PartnerId, StringComparison.Ordinal),
            _ => false,
        };

    // ---------------------------------------------------------------- reads

    public async Task<AssociationSpace?> SpaceAsync(Caller caller, string associationId, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(associationId);
        if (!IsOwnerOrNational(caller, associationId)) throw new AccessRefusedException(caller, SpaceRefused);
        var a = await db.Associations.AsNoTracking().FirstOrDefaultAsync(x => x.Id == associationId, ct);
        if (a is null) return null;
        var asked = new List<AskedItem>();
        foreach (var d in await procedures.ListAsync(caller, null, ct))
        {
            var items = (await procedures.RequirementsAsync(d, ct)).Items.Where(i => i.Party == Party.Association && i.TargetId == associationId);
            foreach (var i in items)
                asked.Add(new AskedItem(d.Id, d.Title, d.Kind, d.State, i.Id, i.Label, i.Type, i.Required,
                    d.Documents.Any(x => x.ItemId == i.Id) || d.Opinions.Any(o => o.ItemId == i.Id), d.Deadline));
        }
        var surveys = await SurveyRowsAsync(db.PatientSurveys.AsNoTracking().Where(s => s.AssociationId == associationId), ct);
        var actions = (await db.CollaborativeActions.AsNoTracking().Where(x => x.AssociationId == associationId).ToListAsync(ct))
            .OrderByDescending(x => x.StartsOn).ThenBy(x => x.Id, StringComparer.Ordinal).ToList();
        var names = await PartnerNamesAsync(actions.Select(x => (x.PartnerKind, x.PartnerId)), ct);
        return new AssociationSpace(a.Id, a.Name, asked, surveys, actions, names, true);
    }

    /// <summary>Whether <see cref="SurveysAsync"/> can list anything for this caller's role (the roles of its switch that
    /// are not "nothing"): the menus show the surveys only then (<see cref="PageAccess"/>).</summary>
    public static bool HasSurveys(Caller caller) =>
        caller.IsAuthenticated && caller.Role is UserRole.NationalAdmin or UserRole.Association or UserRole.CentreHead or UserRole.FiliereCoordinator;

    /// <summary>The surveys the caller may read: its own (association), its centre's or filière's (once opened), all (national).</summary>
    public async Task<IReadOnlyList<SurveyRow>> SurveysAsync(Caller caller, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (!caller.IsAuthenticated) throw new AccessRefusedException(caller, "Connectez-vous pour voir les enquêtes.");
        var q = db.PatientSurveys.AsNoTracking();
        var scope = caller.ScopeId ?? "";
        q = caller.Role switch
        {
            UserRole.NationalAdmin => q,
            UserRole.Association => q.Where(s => s.AssociationId == scope),
            UserRole.CentreHead => q.Where(s => s.PartnerKind == PartnerKind.Centre && s.PartnerId == scope && s.Status != SurveyStatus.Draft),
            UserRole.FiliereCoordinator => q.Where(s => s.PartnerKind == PartnerKind.Filiere && s.PartnerId == scope && s.Status != SurveyStatus.Draft),
            _ => q.Where(_ => false),
        };
        return await SurveyRowsAsync(q, ct);
    }

    private async Task<List<SurveyRow>> SurveyRowsAsync(IQueryable<PatientSurvey> q, CancellationToken ct)
    {
        var list = await q.ToListAsync(ct);
        var names = await PartnerNamesAsync(list.Select(s => (s.PartnerKind, s.PartnerId)), ct);
        return list.OrderByDescending(s => s.OpensOn).ThenBy(s => s.Id, StringComparer.Ordinal)
            .Select(s => new SurveyRow(s.Id, s.AssociationId, s.Title, s.PartnerKind, s.PartnerId, names.GetValueOrDefault(Key(s.PartnerKind, s.PartnerId), s.PartnerId),
                s.Status, s.OpensOn, s.ClosesOn)).ToList();
    }

    /// <summary>A survey with its results as the caller may see them; null when unknown; refused when out of scope.</summary>
    public async Task<SurveyView?> SurveyAsync(Caller caller, string id, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var s = await db.PatientSurveys.AsNoTracking().Include(x => x.Questions).FirstOrDefaultAsync(x => x.Id == id, ct);
        if (s is null)
        {
            if (!caller.IsAuthenticated) throw new AccessRefusedException(caller, "Connectez-vous pour voir les enquêtes.");
            return null;
        }
        var owner = IsOwnerOrNational(caller, s.AssociationId);
        if (!owner && !IsPartner(caller, s))
            throw new AccessRefusedException(caller, "Réservé à l'association qui mène l'enquête, au centre ou à la filière avec qui elle la mène, et à l'administration nationale.");
        s.Questions = s.Questions.OrderBy(x => x.Position).ToList();
        var respondents = await db.SurveyResponses.AsNoTracking().CountAsync(r => r.SurveyId == id, ct);
        var counts = await db.SurveyAnswers.AsNoTracking().Where(x => db.SurveyResponses.Any(r => r.Id == x.ResponseId && r.SurveyId == id))
            .GroupBy(x => new { x.QuestionId, x.Choice }).Select(g => new { g.Key.QuestionId, g.Key.Choice, Count = g.Count() }).ToListAsync(ct);
        var results = s.Questions.Select(q =>
        {
            var choices = q.Scale.Choices();
            var perChoice = Enumerable.Range(0, choices.Count).Select(i => counts.Where(c => c.QuestionId == q.Id && c.Choice == i).Sum(c => c.Count)).ToList();
            return new QuestionResult(q, choices, SurveyAggregation.Aggregate(perChoice));
        }).ToList();
        var association = await db.Associations.AsNoTracking().Where(a => a.Id == s.AssociationId).Select(a => a.Name).FirstOrDefaultAsync(ct) ?? s.AssociationId;
        var partner = (await PartnerNamesAsync([(s.PartnerKind, s.PartnerId)], ct)).GetValueOrDefault(Key(s.PartnerKind, s.PartnerId), s.PartnerId);
        return new SurveyView(s, association, partner, respondents >= SurveyAggregation.Threshold ? respondents : null, results, owner);
    }

    public async Task<CollaborativeAction?> ActionAsync(Caller caller, string id, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var a = await db.CollaborativeActions.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (a is not null && !IsOwnerOrNational(caller, a.AssociationId)) throw new AccessRefusedException(caller, SpaceRefused);
        if (a is null && !caller.IsAuthenticated) throw new AccessRefusedException(caller, SpaceRefused);
        return a;
    }

    private static string Key(PartnerKind kind, string id) => kind.Code() + ":" + id;

    private async Task<Dictionary<string, string>> PartnerNamesAsync(IEnumerable<(PartnerKind Kind, string Id)> partners, CancellationToken ct)
    {
        var list = partners.ToList();
        var centreIds = list.Where(p => p.Kind == PartnerKind.Centre).Select(p => p.Id).Distinct().ToList();
        var filiereIds = list.Where(p => p.Kind == PartnerKind.Filiere).Select(p => p.Id).Distinct().ToList();
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var c in await db.Centres.AsNoTracking().Where(c => centreIds.Contains(c.Id)).Select(c => new { c.Id, c.Name }).ToListAsync(ct))
            names[Key(PartnerKind.Centre, c.Id)] = c.Name;
        foreach (var f in await db.Filieres.AsNoTracking().Where(f => filiereIds.Contains(f.Acronym)).Select(f => new { f.Acronym, f.Name }).ToListAsync(ct))
            names[Key(PartnerKind.Filiere, f.Acronym)] = $"{f.Acronym} – {f.Name}";
        return names;
    }

    /// <summary>The partner's display name (for pages): « centre:ID » or « filiere:ACRONYM » keys.</summary>
    public static string PartnerName(IReadOnlyDictionary<string, string> names, PartnerKind kind, string id)
    {
        ArgumentNullException.ThrowIfNull(names);
        return names.GetValueOrDefault(Key(kind, id), id);
    }

    // ---------------------------------------------------------------- writes

    private async Task<FieldError?> CheckPartnerAsync(PartnerKind? kind, string? id, CancellationToken ct)
    {
        if (kind is null) return new FieldError("partner_kind", "Partenaire : indiquez « centre » ou « filiere ».");
        if (string.IsNullOrWhiteSpace(id) || id.Length > 40) return new FieldError("partner_id", "Partenaire : identifiant du centre ou sigle de la filière obligatoire (40 caractères au plus).");
        var exists = kind == PartnerKind.Centre ? await db.Centres.AnyAsync(c => c.Id == id, ct) : await db.Filieres.AnyAsync(f => f.Acronym == id, ct);
        return exists ? null : new FieldError("partner_id", $"{kind.Value.Label()} « {id} » inconnu(e) du registre.");
    }

    /// <summary>Creates (id null) or changes a survey. Questions change only while it is a draft; the status goes draft → open → closed.</summary>
    public async Task<EditResult> SaveSurveyAsync(Caller caller, string? id, SurveyInput input, int? expectedVersion, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(input);
        PatientSurvey? s = null;
        string associationId;
        if (id is not null)
        {
            s = await db.PatientSurveys.Include(x => x.Questions).FirstOrDefaultAsync(x => x.Id == id, ct);
            if (s is null) return caller.IsAuthenticated ? EditResult.NotFound : EditResult.Forbidden;
            if (!IsOwnerOrNational(caller, s.AssociationId)) return EditResult.Forbidden;
            if (!Versioning.Expect(db, s, expectedVersion)) return await StaleAsync("survey", s.Id, ct);
            associationId = s.AssociationId;
        }
        else
        {
            // An association creates for itself: naming another association is refused, not silently replaced (the
            // result of the write would not be what the caller asked for).
            if (caller.Role == UserRole.Association && !string.IsNullOrWhiteSpace(input.AssociationId)
                && !string.Equals(input.AssociationId.Trim(), caller.ScopeId, StringComparison.Ordinal)) return EditResult.Forbidden;
            associationId = (caller.Role == UserRole.Association ? caller.ScopeId : input.AssociationId?.Trim()) ?? "";
            if (!IsOwnerOrNational(caller, associationId)) return EditResult.Forbidden;
            if (!await db.Associations.AnyAsync(a => a.Id == associationId, ct))
                return EditResult.Invalid(new FieldError("association_id", $"Association « {associationId} » inconnue."));
        }
        var errors = new List<FieldError>();
        var title = EditResult.Text(errors, "title", "Intitulé", input.Title, 200, required: true);
        var intro = EditResult.Text(errors, "introduction", "Présentation", input.Introduction, 4000, required: false);
        if (await CheckPartnerAsync(input.PartnerKind, input.PartnerId?.Trim(), ct) is { } partnerError) errors.Add(partnerError);
        if (input.OpensOn is { } o && input.ClosesOn is { } c && c < o) errors.Add(new FieldError("closes_on", "Clôture : avant l'ouverture."));
        var status = input.Status ?? s?.Status ?? SurveyStatus.Draft;
        var current = s?.Status ?? SurveyStatus.Draft;
        if (status < current) errors.Add(new FieldError("status", $"Une enquête « {current.Label()} » ne revient pas à « {status.Label()} »."));
        var draftQuestions = current == SurveyStatus.Draft;
        var questions = new List<SurveyQuestion>();
        if (input.Questions is { } qs && draftQuestions)
        {
            if (qs.Count > MaxQuestions) errors.Add(new FieldError("questions", $"{qs.Count} questions, au plus {MaxQuestions}."));
            else
                for (var i = 0; i < qs.Count; i++)
                {
                    var text = EditResult.Text(errors, $"questions[{i + 1}].text", $"Question {i + 1}", qs[i].Text, 500, required: true);
                    if (qs[i].Scale is not { } scale) { errors.Add(new FieldError($"questions[{i + 1}].scale", $"Question {i + 1} : échelle de réponse obligatoire.")); continue; }
                    if (text is not null) questions.Add(new SurveyQuestion { SurveyId = "", Position = i + 1, Text = text, Scale = scale });
                }
        }
        else if (input.Questions is { Count: > 0 } && !draftQuestions && QuestionsChanged(s!, input.Questions))
            errors.Add(new FieldError("questions", "Les questions ne changent plus une fois l'enquête ouverte : les réponses déjà reçues porteraient sur d'autres questions."));
        var finalQuestionCount = draftQuestions && input.Questions is not null ? questions.Count : s?.Questions.Count ?? 0;
        if (status != SurveyStatus.Draft && finalQuestionCount == 0) errors.Add(new FieldError("questions", "Une enquête sans question ne peut pas être ouverte."));
        if (errors.Count > 0) return EditResult.Invalid(errors);
        if (s is null)
        {
            s = new PatientSurvey
            {
                Id = await SequentialIds.NextAsync(db.PatientSurveys.Select(x => x.Id), $"ENQ-{Today.Year:0000}-", "0000", ct),
                AssociationId = associationId, Title = title!, PartnerId = "", CreatedBy = caller.UserName!, CreatedAt = clock.GetUtcNow(),
            };
            db.PatientSurveys.Add(s);
        }
        s.Title = title!;
        s.Introduction = intro;
        s.PartnerKind = input.PartnerKind!.Value;
        s.PartnerId = input.PartnerId!.Trim();
        s.Status = status;
        s.OpensOn = input.OpensOn ?? (status == SurveyStatus.Open ? s.OpensOn ?? Today : s.OpensOn);
        s.ClosesOn = input.ClosesOn ?? (status == SurveyStatus.Closed ? s.ClosesOn ?? Today : s.ClosesOn);
        if (draftQuestions && input.Questions is not null)
        {
            s.Questions.Clear();
            foreach (var q in questions) { q.SurveyId = s.Id; s.Questions.Add(q); }
        }
        db.Entry(s).State = db.Entry(s).State == EntityState.Added ? EntityState.Added : EntityState.Modified; // a questions-only change still bumps the version
        return await SaveAsync("survey", s, ct);
    }

    private static bool QuestionsChanged(PatientSurvey s, IReadOnlyList<QuestionInput> input)
    {
        var current = s.Questions.OrderBy(q => q.Position).ToList();
        return current.Count != input.Count
            || current.Where((q, i) => !string.Equals(q.Text, input[i].Text?.Trim(), StringComparison.Ordinal) || q.Scale != input[i].Scale).Any();
    }

    /// <summary>
    /// Adds anonymous responses to an open survey (entered by the association from its questionnaires). Each response gives
    /// one choice per question, in order, or null when unanswered; a choice is the rank of the scale's value (1 = first);
    /// it is stored as its index (0 = first).
    /// All or nothing.
    /// </summary>
    public async Task<EditResult> AddResponsesAsync(Caller caller, string id, IReadOnlyList<IReadOnlyList<int?>> responses, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(responses);
        var s = await db.PatientSurveys.Include(x => x.Questions).FirstOrDefaultAsync(x => x.Id == id, ct);
        if (s is null) return caller.IsAuthenticated ? EditResult.NotFound : EditResult.Forbidden;
        if (!IsOwnerOrNational(caller, s.AssociationId)) return EditResult.Forbidden;
        if (s.Status != SurveyStatus.Open) return EditResult.Conflict("status", $"L'enquête est « {s.Status.Label()} » : elle ne reçoit des réponses qu'ouverte.");
        if (responses.Count == 0) return EditResult.Invalid(new FieldError("responses", "Aucune réponse."));
        if (responses.Count > MaxResponsesPerCall) return EditResult.Invalid(new FieldError("responses", $"{responses.Count} réponses, au plus {MaxResponsesPerCall} par envoi."));
        var questions = s.Questions.OrderBy(q => q.Position).ToList();
        var errors = new List<FieldError>();
        var now = clock.GetUtcNow();
        var rows = new List<SurveyResponse>();
        for (var r = 0; r < responses.Count && errors.Count < 20; r++)
        {
            var answers = responses[r];
            if (answers is null || answers.Count != questions.Count)
            {
                errors.Add(new FieldError($"responses[{r + 1}]", $"Réponse {r + 1} : {answers?.Count ?? 0} valeurs, {questions.Count} attendues (une par question, vide si sans réponse)."));
                continue;
            }
            var row = new SurveyResponse { SurveyId = s.Id, EnteredAt = now };
            for (var i = 0; i < questions.Count; i++)
            {
                if (answers[i] is not { } choice) continue;
                var max = questions[i].Scale.Choices().Count;
                if (choice < 1 || choice > max)
                    errors.Add(new FieldError($"responses[{r + 1}][{i + 1}]", $"Réponse {r + 1}, question {i + 1} : {choice} hors de l'échelle (1 à {max})."));
                else row.Answers.Add(new SurveyAnswer { QuestionId = questions[i].Id, Choice = choice - 1 });
            }
            rows.Add(row);
        }
        if (errors.Count > 0) return EditResult.Invalid(errors);
        db.SurveyResponses.AddRange(rows);
        await db.SaveChangesAsync(ct);
        return EditResult.Ok(s.Id, s.Version);
    }

    public async Task<EditResult> SaveActionAsync(Caller caller, string? id, ActionInput input, int? expectedVersion, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(input);
        CollaborativeAction? a = null;
        string associationId;
        if (id is not null)
        {
            a = await db.CollaborativeActions.FirstOrDefaultAsync(x => x.Id == id, ct);
            if (a is null) return caller.IsAuthenticated ? EditResult.NotFound : EditResult.Forbidden;
            if (!IsOwnerOrNational(caller, a.AssociationId)) return EditResult.Forbidden;
            if (!Versioning.Expect(db, a, expectedVersion)) return await StaleAsync("collaborative_action", a.Id, ct);
            associationId = a.AssociationId;
        }
        else
        {
            // An association creates for itself: naming another association is refused, not silently replaced (the
            // result of the write would not be what the caller asked for).
            if (caller.Role == UserRole.Association && !string.IsNullOrWhiteSpace(input.AssociationId)
                && !string.Equals(input.AssociationId.Trim(), caller.ScopeId, StringComparison.Ordinal)) return EditResult.Forbidden;
            associationId = (caller.Role == UserRole.Association ? caller.ScopeId : input.AssociationId?.Trim()) ?? "";
            if (!IsOwnerOrNational(caller, associationId)) return EditResult.Forbidden;
            if (!await db.Associations.AnyAsync(x => x.Id == associationId, ct))
                return EditResult.Invalid(new FieldError("association_id", $"Association « {associationId} » inconnue."));
        }
        var errors = new List<FieldError>();
        var title = EditResult.Text(errors, "title", "Intitulé", input.Title, 200, required: true);
        var description = EditResult.Text(errors, "description", "Description", input.Description, 4000, required: false);
        if (await CheckPartnerAsync(input.PartnerKind, input.PartnerId?.Trim(), ct) is { } partnerError) errors.Add(partnerError);
        if (input.StartsOn is not { } starts) errors.Add(new FieldError("starts_on", "Début : obligatoire."));
        else if (input.EndsOn is { } ends && ends < starts) errors.Add(new FieldError("ends_on", "Fin : avant le début."));
        if (errors.Count > 0) return EditResult.Invalid(errors);
        if (a is null)
        {
            a = new CollaborativeAction
            {
                Id = await SequentialIds.NextAsync(db.CollaborativeActions.Select(x => x.Id), $"ACT-{Today.Year:0000}-", "0000", ct),
                AssociationId = associationId, Title = title!, PartnerId = "",
            };
            db.CollaborativeActions.Add(a);
        }
        a.Title = title!;
        a.Description = description;
        a.PartnerKind = input.PartnerKind!.Value;
        a.PartnerId = input.PartnerId!.Trim();
        a.Initiative = input.Initiative ?? ActionInitiative.Joint;
        a.StartsOn = input.StartsOn!.Value;
        a.EndsOn = input.EndsOn;
        a.Status = input.Status ?? ActionStatus.Planned;
        return await SaveAsync("collaborative_action", a, ct);
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
            return await StaleAsync(entity, id, ct);
        }
    }

    private async Task<EditResult> StaleAsync(string entity, string id, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        var current = entity == "survey"
            ? await db.PatientSurveys.AsNoTracking().Where(x => x.Id == id).Select(x => x.Version).FirstOrDefaultAsync(ct)
            : await db.CollaborativeActions.AsNoTracking().Where(x => x.Id == id).Select(x => x.Version).FirstOrDefaultAsync(ct);
        return EditResult.Stale(id, await versions.StaleMessageAsync(entity, id, current, ct), current);
    }
}
