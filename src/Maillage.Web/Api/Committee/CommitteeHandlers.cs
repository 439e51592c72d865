using Maillage.Core.Features.Committee;
using Maillage.Core.Infrastructure.Security;
using Maillage.Core.Infrastructure.Validation;
using Maillage.Domain.Committee;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Maillage.Web.Api.Committee;

/// <summary>Query of <c>GET /committee</c> and <c>GET /committee/meetings</c>: the year (default: this year).</summary>
public sealed record CommitteeYearFilter
{
    [FromQuery(Name = "year")] public int? Year { get; init; }
}

/// <summary>Query of <c>GET /committee/members</c>: <c>all=true</c> includes past mandates.</summary>
public sealed record CommitteeMembersFilter
{
    [FromQuery(Name = "all")] public bool? All { get; init; }
}

/// <summary>Query of <c>GET /committee/opinions</c>: one dossier's opinions.</summary>
public sealed record CommitteeRegisterFilter
{
    [FromQuery(Name = "dossier")] public string? Dossier { get; init; }
}

/// <summary>Query of <c>PUT /committee/meetings/{id}/minutes</c>: the file's name.</summary>
public sealed record MinutesFilter
{
    [FromQuery(Name = "file_name")] public string? FileName { get; init; }
}

/// <summary>The committee API's handlers: parse, call <see cref="CommitteeService"/> with the caller, map.</summary>
public static class CommitteeHandlers
{
    private const string What = "le comité de suivi de la labellisation";

    private static int ThisYear(TimeProvider clock) => clock.GetLocalNow().Year;

    [EndpointName("GetCommittee")]
    [EndpointSummary("Le comité de suivi pour une année : membres en fonction, réunions (avertissement si moins de deux prévues), dossiers saisis, registre des avis")]
    [ProducesProblem(StatusCodes.Status400BadRequest), ProducesProblem(StatusCodes.Status401Unauthorized), ProducesProblem(StatusCodes.Status403Forbidden)]
    public static async Task<Results<Ok<CommitteeOverviewDto>, ProblemHttpResult>> Overview(CommitteeService s, TimeProvider clock, HttpContext http,
        [AsParameters] CommitteeYearFilter filter, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(filter);
        var year = filter.Year ?? ThisYear(clock);
        if (year is < 2018 or > 2100) return ApiResults.Invalid("Paramètre « year » : entre 2018 et 2100.");
        try
        {
            var o = await s.OverviewAsync(Caller.From(http?.User), year, ct);
            return TypedResults.Ok(new CommitteeOverviewDto(o.Year, CommitteeRules.MinimumMeetingsPerYear, o.MeetingsWarning,
                o.Members.Select(CommitteeMemberDto.Of).ToList(), o.Meetings.Select(MeetingRowDto.From).ToList(),
                o.Referred.Select(ReferredDossierDto.From).ToList(), o.Register.Select(RegisterEntryDto.From).ToList()));
        }
        catch (AccessRefusedException e) { return ApiResults.Refused(e); }
    }

    [EndpointName("ListCommitteeMembers")]
    [EndpointSummary("Membres du comité de suivi (en fonction ; all=true : tous les mandats)")]
    [ProducesProblem(StatusCodes.Status401Unauthorized), ProducesProblem(StatusCodes.Status403Forbidden)]
    public static async Task<Results<Ok<IReadOnlyList<CommitteeMemberDto>>, ProblemHttpResult>> Members(CommitteeService s, HttpContext http,
        [AsParameters] CommitteeMembersFilter filter, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(filter);
        try
        {
            var list = await s.MembersAsync(Caller.From(http?.User), filter.All == true, ct);
            return TypedResults.Ok<IReadOnlyList<CommitteeMemberDto>>(list.Select(CommitteeMemberDto.Of).ToList());
        }
        catch (AccessRefusedException e) { return ApiResults.Refused(e); }
    }

    [EndpointName("CreateCommitteeMember")]
    [EndpointSummary("Ajoute un membre (secrétariat : administration nationale) ; président et vice-président désignés par la DGOS ou la DGRI, un seul à la fois")]
    [ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity), ProducesProblem(StatusCodes.Status401Unauthorized),
     ProducesProblem(StatusCodes.Status403Forbidden), ProducesProblem(StatusCodes.Status409Conflict)]
    public static Task<Results<Created<CommitteeMemberDto>, Ok<CommitteeMemberDto>, ProblemHttpResult>> CreateMember(CommitteeService s, HttpContext http,
        MemberBody body, CancellationToken ct) => SaveMemberAsync(s, http, null, body, ct);

    [EndpointName("UpdateCommitteeMember")]
    [EndpointSummary("Modifie un membre (secrétariat) ; If-Match : la version lue (ETag), 412 si elle a changé")]
    [ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity), ProducesProblem(StatusCodes.Status400BadRequest), ProducesProblem(StatusCodes.Status401Unauthorized),
     ProducesProblem(StatusCodes.Status403Forbidden), ProducesProblem(StatusCodes.Status404NotFound), ProducesProblem(StatusCodes.Status409Conflict),
     ProducesProblem(StatusCodes.Status412PreconditionFailed)]
    public static Task<Results<Created<CommitteeMemberDto>, Ok<CommitteeMemberDto>, ProblemHttpResult>> UpdateMember(CommitteeService s, HttpContext http,
        string id, MemberBody body, CancellationToken ct) => SaveMemberAsync(s, http, id, body, ct);

    private static async Task<Results<Created<CommitteeMemberDto>, Ok<CommitteeMemberDto>, ProblemHttpResult>> SaveMemberAsync(CommitteeService s, HttpContext http,
        string? id, MemberBody body, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(body);
        var caller = Caller.From(http.User);
        if (!ApiResults.TryIfMatch(http, out var ifMatch, out var badTag)) return (ProblemHttpResult)badTag!;
        var r = await s.SaveMemberAsync(caller, id, new MemberInput(body.Name, body.Organisation, body.Seat, body.College, body.AppointedBy, body.UserName, body.From, body.To),
            ifMatch, ct);
        if (r.Status != EditStatus.Ok) return EditResults.Problem(r, caller, What);
        var dto = (await s.MembersAsync(caller, true, ct)).Where(m => m.Id == r.Id).Select(CommitteeMemberDto.Of).Single();
        EditResults.SetETag(http, dto.Version);
        return id is null ? TypedResults.Created($"{Routes.Api.Committee}/members/{dto.Id}", dto) : TypedResults.Ok(dto);
    }

    [EndpointName("ListCommitteeMeetings")]
    [EndpointSummary("Réunions d'une année (toutes sans year)")]
    [ProducesProblem(StatusCodes.Status400BadRequest), ProducesProblem(StatusCodes.Status401Unauthorized), ProducesProblem(StatusCodes.Status403Forbidden)]
    public static async Task<Results<Ok<IReadOnlyList<MeetingRowDto>>, ProblemHttpResult>> Meetings(CommitteeService s, HttpContext http,
        [AsParameters] CommitteeYearFilter filter, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(filter);
        if (filter.Year is < 2018 or > 2100) return ApiResults.Invalid("Paramètre « year » : entre 2018 et 2100.");
        try
        {
            var list = await s.MeetingsAsync(Caller.From(http?.User), filter.Year, ct);
            return TypedResults.Ok<IReadOnlyList<MeetingRowDto>>(list.Select(MeetingRowDto.From).ToList());
        }
        catch (AccessRefusedException e) { return ApiResults.Refused(e); }
    }

    [EndpointName("GetCommitteeMeeting")]
    [EndpointSummary("Une réunion : ordre du jour, compte rendu, avis rendus, dossiers en attente d'avis, et les outils du comité (couverture, redondances, simulateur)")]
    [ProducesProblem(StatusCodes.Status401Unauthorized), ProducesProblem(StatusCodes.Status403Forbidden), ProducesProblem(StatusCodes.Status404NotFound)]
    public static async Task<Results<Ok<MeetingDto>, ProblemHttpResult>> Meeting(CommitteeService s, HttpContext http, string id, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(http);
        try
        {
            if (await s.MeetingAsync(Caller.From(http.User), id, ct) is not { } v) return ApiResults.Unknown($"Réunion « {id} » inconnue.");
            EditResults.SetETag(http, v.Meeting.Version);
            return TypedResults.Ok(ToDto(v));
        }
        catch (AccessRefusedException e) { return ApiResults.Refused(e); }
    }

    /// <summary>The committee's tools, one click from a meeting (note of 2018, §5, missions 3 and 4).</summary>
    public static IReadOnlyDictionary<string, string> Tools { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["coverage"] = Routes.Pages.Territory + "/couverture",
        ["redundancies"] = Routes.Pages.Territory + "/redondances",
        ["simulator"] = Routes.Pages.Funding + "/simulateur",
        ["coverage_api"] = Routes.Api.Territory + "/coverage",
        ["redundancies_api"] = Routes.Api.Territory + "/redundancies",
    };

    private static MeetingDto ToDto(MeetingView v)
    {
        var m = v.Meeting;
        var minutes = m.MinutesFileName is null ? null
            : new MinutesDto(m.MinutesFileName, m.MinutesSize ?? 0, m.MinutesPageCount, m.MinutesSha256 ?? "", m.MinutesUploadedBy, m.MinutesUploadedAt,
                $"{Routes.Api.Committee}/meetings/{Uri.EscapeDataString(m.Id)}/minutes");
        return new MeetingDto(m.Id, m.Date, m.Title, m.Status, m.Agenda, minutes, v.Opinions.Select(RegisterEntryDto.From).ToList(),
            v.Awaiting.Select(ReferredDossierDto.From).ToList(), Tools, m.Version);
    }

    [EndpointName("CreateCommitteeMeeting")]
    [EndpointSummary("Prévoit une réunion (secrétariat) : date, intitulé, statut, ordre du jour")]
    [ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity), ProducesProblem(StatusCodes.Status401Unauthorized), ProducesProblem(StatusCodes.Status403Forbidden)]
    public static Task<Results<Created<MeetingDto>, Ok<MeetingDto>, ProblemHttpResult>> CreateMeeting(CommitteeService s, HttpContext http, MeetingBody body,
        CancellationToken ct) => SaveMeetingAsync(s, http, null, body, ct);

    [EndpointName("UpdateCommitteeMeeting")]
    [EndpointSummary("Modifie une réunion (secrétariat) ; If-Match : la version lue (ETag), 412 si elle a changé")]
    [ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity), ProducesProblem(StatusCodes.Status400BadRequest), ProducesProblem(StatusCodes.Status401Unauthorized),
     ProducesProblem(StatusCodes.Status403Forbidden), ProducesProblem(StatusCodes.Status404NotFound), ProducesProblem(StatusCodes.Status412PreconditionFailed)]
    public static Task<Results<Created<MeetingDto>, Ok<MeetingDto>, ProblemHttpResult>> UpdateMeeting(CommitteeService s, HttpContext http, string id,
        MeetingBody body, CancellationToken ct) => SaveMeetingAsync(s, http, id, body, ct);

    private static async Task<Results<Created<MeetingDto>, Ok<MeetingDto>, ProblemHttpResult>> SaveMeetingAsync(CommitteeService s, HttpContext http, string? id,
        MeetingBody body, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(body);
        var caller = Caller.From(http.User);
        if (!ApiResults.TryIfMatch(http, out var ifMatch, out var badTag)) return (ProblemHttpResult)badTag!;
        var r = await s.SaveMeetingAsync(caller, id, new MeetingInput(body.Date, body.Title, body.Status, body.Agenda), ifMatch, ct);
        if (r.Status != EditStatus.Ok) return EditResults.Problem(r, caller, What);
        var dto = ToDto((await s.MeetingAsync(caller, r.Id!, ct))!);
        EditResults.SetETag(http, dto.Version);
        return id is null ? TypedResults.Created($"{Routes.Api.Committee}/meetings/{dto.Id}", dto) : TypedResults.Ok(dto);
    }

    [EndpointName("UploadCommitteeMinutes")]
    [EndpointSummary("Dépose le compte rendu d'une réunion (corps : le PDF, application/pdf ; 20 Mo et 200 pages au plus) ; If-Match : la version lue")]
    [ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity), ProducesProblem(StatusCodes.Status400BadRequest), ProducesProblem(StatusCodes.Status401Unauthorized),
     ProducesProblem(StatusCodes.Status403Forbidden), ProducesProblem(StatusCodes.Status404NotFound), ProducesProblem(StatusCodes.Status412PreconditionFailed),
     ProducesProblem(StatusCodes.Status413PayloadTooLarge)]
    public static async Task<Results<Ok<MeetingDto>, ProblemHttpResult>> UploadMinutes(CommitteeService s, HttpContext http, string id,
        [AsParameters] MinutesFilter filter, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(filter);
        var caller = Caller.From(http.User);
        if (!CommitteeService.MayManage(caller))
            return EditResults.Problem(EditResult.Forbidden, caller, What);
        if (!ApiResults.TryIfMatch(http, out var ifMatch, out var badTag)) return (ProblemHttpResult)badTag!;
        if (http.Request.ContentLength > CommitteeService.MaxMinutesBytes)
            return TypedResults.Problem(statusCode: 413, title: "Fichier trop volumineux", detail: $"Le compte rendu dépasse {CommitteeService.MaxMinutesBytes / 1024 / 1024} Mo.");
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await http.Request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > CommitteeService.MaxMinutesBytes)
                return TypedResults.Problem(statusCode: 413, title: "Fichier trop volumineux", detail: $"Le compte rendu dépasse {CommitteeService.MaxMinutesBytes / 1024 / 1024} Mo.");
            buffer.Write(chunk, 0, read);
        }
        var r = await s.UploadMinutesAsync(caller, id, filter.FileName, buffer.ToArray(), ifMatch, ct);
        if (r.Status != EditStatus.Ok) return EditResults.Problem(r, caller, What);
        var dto = ToDto((await s.MeetingAsync(caller, id, ct))!);
        EditResults.SetETag(http, dto.Version);
        return TypedResults.Ok(dto);
    }

    [EndpointName("DownloadCommitteeMinutes")]
    [EndpointSummary("Le compte rendu (PDF) d'une réunion")]
    [ProducesFile("application/pdf"), ProducesProblem(StatusCodes.Status401Unauthorized), ProducesProblem(StatusCodes.Status403Forbidden),
     ProducesProblem(StatusCodes.Status404NotFound)]
    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> DownloadMinutes(CommitteeService s, HttpContext http, string id, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(s);
        try
        {
            if (await s.MinutesAsync(Caller.From(http?.User), id, ct) is not { } f) return ApiResults.Unknown($"Réunion « {id} » : pas de compte rendu.");
            return TypedResults.File(f.Content, "application/pdf", f.FileName);
        }
        catch (AccessRefusedException e) { return ApiResults.Refused(e); }
    }

    [EndpointName("ListCommitteeDossiers")]
    [EndpointSummary("Les dossiers saisis par le comité (ceux qui attendent son avis d'abord) — ce que ses membres peuvent lire")]
    [ProducesProblem(StatusCodes.Status401Unauthorized), ProducesProblem(StatusCodes.Status403Forbidden)]
    public static async Task<Results<Ok<IReadOnlyList<ReferredDossierDto>>, ProblemHttpResult>> Referred(CommitteeService s, HttpContext http, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(s);
        try
        {
            var list = await s.ReferredAsync(Caller.From(http?.User), ct);
            return TypedResults.Ok<IReadOnlyList<ReferredDossierDto>>(list.Select(ReferredDossierDto.From).ToList());
        }
        catch (AccessRefusedException e) { return ApiResults.Refused(e); }
    }

    [EndpointName("ListCommitteeOpinions")]
    [EndpointSummary("Le registre des avis du comité (tous, ou ceux d'un dossier avec dossier=…)")]
    [ProducesProblem(StatusCodes.Status401Unauthorized), ProducesProblem(StatusCodes.Status403Forbidden)]
    public static async Task<Results<Ok<IReadOnlyList<RegisterEntryDto>>, ProblemHttpResult>> Register(CommitteeService s, HttpContext http,
        [AsParameters] CommitteeRegisterFilter filter, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(filter);
        try
        {
            var list = await s.RegisterAsync(Caller.From(http?.User), ApiResults.Clean(filter.Dossier), ct);
            return TypedResults.Ok<IReadOnlyList<RegisterEntryDto>>(list.Select(RegisterEntryDto.From).ToList());
        }
        catch (AccessRefusedException e) { return ApiResults.Refused(e); }
    }

    [EndpointName("RecordCommitteeOpinion")]
    [EndpointSummary("Inscrit un avis au registre (membre du comité ou secrétariat) sur un dossier saisi ; s'il attendait l'avis du comité, l'étape de la procédure est enregistrée en même temps")]
    [ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity), ProducesProblem(StatusCodes.Status401Unauthorized), ProducesProblem(StatusCodes.Status403Forbidden),
     ProducesProblem(StatusCodes.Status404NotFound), ProducesProblem(StatusCodes.Status409Conflict), ProducesProblem(StatusCodes.Status412PreconditionFailed)]
    public static async Task<Results<Created<RegisterEntryDto>, ProblemHttpResult>> RecordOpinion(CommitteeService s, HttpContext http, OpinionBody body, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(body);
        var caller = Caller.From(http.User);
        var r = await s.RecordOpinionAsync(caller, new CommitteeOpinionInput(body.DossierId, body.MeetingId, body.Subject, body.Value, body.Reasons, body.GivenOn), body.DossierVersion, ct);
        if (r.Status != EditStatus.Ok) return EditResults.Problem(r, caller, What);
        var entry = (await s.RegisterAsync(caller, body.DossierId!.Trim(), ct)).Single(e => e.Opinion.Id == r.Id);
        return TypedResults.Created($"{Routes.Api.Committee}/opinions?dossier={Uri.EscapeDataString(entry.Opinion.DossierId)}", RegisterEntryDto.From(entry));
    }
}
