using Maillage.Core.Features.FiliereReports;
using Maillage.Domain.Filieres;
using Maillage.Domain.Reports;

namespace Maillage.Web.Api.Filieres;

/// <summary>The eight mission texts of a filière's report (null = not filled; at most 4,000 characters each).</summary>
public sealed record FiliereReportTextsDto(string? Coordination, string? CarePathways, string? Diagnosis, string? Research, string? Training,
    string? Information, string? Ern, string? Data)
{
    public FiliereReportInput ToInput() => new(new Dictionary<FsmrMission, string?>
    {
        [FsmrMission.Coordination] = Coordination, [FsmrMission.CarePathways] = CarePathways, [FsmrMission.Diagnosis] = Diagnosis,
        [FsmrMission.Research] = Research, [FsmrMission.Training] = Training, [FsmrMission.Information] = Information,
        [FsmrMission.Ern] = Ern, [FsmrMission.Data] = Data,
    });

    public static FiliereReportTextsDto From(FiliereReport r) =>
        new(r.Coordination, r.CarePathways, r.Diagnosis, r.Research, r.Training, r.Information, r.Ern, r.Data);
}

/// <summary>A filière's annual report: its texts, status, deadline, stamps and the actions the caller may take.</summary>
public sealed record FiliereReportDto(string Filiere, string FiliereName, int Year, string Campaign, string Status, bool Saved, string Deadline,
    bool DeadlinePassed, FiliereReportTextsDto Texts, IReadOnlyList<string> AllowedActions, string? UpdatedBy, DateTimeOffset? UpdatedAt,
    string? SubmittedBy, DateTimeOffset? SubmittedAt, string? ReceivedBy, DateTimeOffset? ReceivedAt, string? ReopenedBy, DateTimeOffset? ReopenedAt,
    string? LastReason, bool Fictitious, int Version)
{
    public static FiliereReportDto From(FiliereReportView v)
    {
        ArgumentNullException.ThrowIfNull(v);
        var r = v.Report;
        return new(v.Filiere.Acronym, v.Filiere.Name, r.Year, r.Campaign, r.Status.Code(), v.Stored, v.Deadline.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            v.PastDeadline, FiliereReportTextsDto.From(r), v.Allowed.Select(a => a.Code()).ToList(), v.Stored ? r.UpdatedBy : null, v.Stored ? r.UpdatedAt : null,
            r.SubmittedBy, r.SubmittedAt, r.ReceivedBy, r.ReceivedAt, r.ReopenedBy, r.ReopenedAt, r.LastReason, r.Fictitious, v.Stored ? r.Version : 0);
    }
}

public sealed record FiliereReportRowDto(string Filiere, int Year, string Status, DateTimeOffset? SubmittedAt, DateTimeOffset? ReceivedAt, bool Fictitious)
{
    public static FiliereReportRowDto From(FiliereReportRow r) => new(r.Filiere, r.Year, r.Status.Code(), r.SubmittedAt, r.ReceivedAt, r.Fictitious);
}

/// <summary>A workflow action on a filière's report: <c>submit</c>, <c>mark_received</c>, <c>reopen</c> (reason required).</summary>
public sealed record FiliereReportTransitionInput(string? Action, string? Reason);

public sealed record MilestoneDto(string Title, DateOnly Due, bool Reached);

public sealed record ActionReviewDto(int Year, string Status, string? Comment);

/// <summary>An action as written: mission and status are codes (see docs/filieres-reports.md); plan_start is the plan's first year.</summary>
public sealed record ActionBodyDto(string? Title, string? Mission, string? Owner, string? Status, int PlanStart, IReadOnlyList<MilestoneDto>? Milestones)
{
    public ActionInput ToInput() => new(Title, Mission, Owner, Status, PlanStart, Milestones?.Select(m => new Milestone(m.Title ?? "", m.Due, m.Reached)).ToList());
}

public sealed record ActionReviewBodyDto(string? Status, string? Comment);

public sealed record ActionDto(string Id, string Filiere, int PlanStart, int PlanEnd, string Title, string Mission, string Owner, string Status,
    IReadOnlyList<MilestoneDto> Milestones, IReadOnlyList<ActionReviewDto> Reviews, bool Fictitious, int Version)
{
    public static ActionDto From(ActionView v)
    {
        ArgumentNullException.ThrowIfNull(v);
        var a = v.Action;
        return new(a.Id, a.FiliereAcronym, a.PlanStart, a.PlanEnd, a.Title, FiliereActivityCodes.Missions.Code(a.Mission), a.Owner,
            FiliereActivityCodes.ActionStatuses.Code(a.Status), v.Milestones.Select(m => new MilestoneDto(m.Title, m.Due, m.Reached)).ToList(),
            v.Reviews.Select(r => new ActionReviewDto(r.Year, r.Status, r.Comment)).ToList(), a.Fictitious, a.Version);
    }
}

public sealed record ActionPlanDto(string Filiere, int? PlanStart, int? PlanEnd, IReadOnlyList<int> Plans, IReadOnlyList<ActionDto> Actions, bool CanEdit);

public sealed record TrainingDto(string Id, string Kind, string Title, int Year, string? Link, bool Fictitious, int Version)
{
    public static TrainingDto From(FiliereTraining t) => new(t.Id, FiliereActivityCodes.TrainingKinds.Code(t.Kind), t.Title, t.Year, t.Link, t.Fictitious, t.Version);
}

public sealed record LaboratoryDto(string Id, string Kind, string Name, string Establishment, string? EstablishmentFiness, bool Fictitious, int Version)
{
    public static LaboratoryDto From(FiliereLaboratory l) => new(l.Id, FiliereActivityCodes.LaboratoryKinds.Code(l.Kind), l.Name, l.Establishment, l.EstablishmentFiness, l.Fictitious, l.Version);
}

public sealed record RegistryDto(string Id, string NetworkId, string NetworkName, string Kind, string Name, int? StartYear, string? Link, bool Fictitious, int Version)
{
    public static RegistryDto From(RegistryRow r) => new(r.Registry.Id, r.Registry.NetworkId, r.NetworkName, FiliereActivityCodes.CohortKinds.Code(r.Registry.Kind),
        r.Registry.Name, r.Registry.StartYear, r.Registry.Link, r.Registry.Fictitious, r.Registry.Version);
}

/// <summary>A filière's census with counts per kind.</summary>
public sealed record CensusDto(string Filiere, IReadOnlyDictionary<string, int> Counts, IReadOnlyList<TrainingDto> Trainings, IReadOnlyList<LaboratoryDto> Laboratories,
    IReadOnlyList<RegistryDto> Registries, bool CanEdit)
{
    public static CensusDto From(CensusView v)
    {
        ArgumentNullException.ThrowIfNull(v);
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var k in FiliereActivityCodes.TrainingKinds.Values) counts[FiliereActivityCodes.TrainingKinds.Code(k)] = v.Trainings.Count(t => t.Kind == k);
        foreach (var k in FiliereActivityCodes.LaboratoryKinds.Values) counts["laboratory_" + FiliereActivityCodes.LaboratoryKinds.Code(k)] = v.Laboratories.Count(t => t.Kind == k);
        foreach (var k in FiliereActivityCodes.CohortKinds.Values) counts[FiliereActivityCodes.CohortKinds.Code(k)] = v.Registries.Count(t => t.Registry.Kind == k);
        return new(v.Filiere.Acronym, counts, v.Trainings.Select(TrainingDto.From).ToList(), v.Laboratories.Select(LaboratoryDto.From).ToList(),
            v.Registries.Select(RegistryDto.From).ToList(), v.CanEdit);
    }
}

public sealed record TrainingBodyDto(string? Kind, string? Title, int Year, string? Link)
{
    public TrainingInput ToInput() => new(Kind, Title, Year, Link);
}

public sealed record LaboratoryBodyDto(string? Kind, string? Name, string? Establishment, string? EstablishmentFiness)
{
    public LaboratoryInput ToInput() => new(Kind, Name, Establishment, EstablishmentFiness);
}

public sealed record RegistryBodyDto(string? NetworkId, string? Kind, string? Name, int? StartYear, string? Link)
{
    public RegistryInput ToInput() => new(NetworkId, Kind, Name, StartYear, Link);
}

/// <summary>The id and version of a created census line or action.</summary>
public sealed record CreatedDto(string Id, int Version);
