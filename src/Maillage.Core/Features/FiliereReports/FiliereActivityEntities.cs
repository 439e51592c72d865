using Maillage.Domain.Filieres;
using Maillage.Domain.Registry;
using Maillage.Domain.Reports;

namespace Maillage.Core.Features.FiliereReports;

/// <summary>
/// A filière's (FSMR) annual activity report to the DGOS and the ARS (table <c>filiere_reports</c>, key filière + year):
/// one text per mission of the 2018 note (<see cref="FsmrMission"/>), the workflow's stamps (the same
/// <see cref="ReportWorkflow"/> as the centres' reports, subject <see cref="ReportSubject.Filiere"/>) and the campaign
/// whose reporting calendar gives the deadline. docs/filieres-reports.md.
/// </summary>
public sealed class FiliereReport : IVersioned
{
    /// <inheritdoc />
    public int Version { get; set; }

    public required string FiliereAcronym { get; set; }
    public int Year { get; set; }
    public ReportStatus Status { get; set; }
    /// <summary>The campaign referential whose reporting calendar applies to the year.</summary>
    public required string Campaign { get; set; }

    public string? Coordination { get; set; }
    public string? CarePathways { get; set; }
    public string? Diagnosis { get; set; }
    public string? Research { get; set; }
    public string? Training { get; set; }
    public string? Information { get; set; }
    public string? Ern { get; set; }
    public string? Data { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
    public required string UpdatedBy { get; set; }
    public string? SubmittedBy { get; set; }
    public DateTimeOffset? SubmittedAt { get; set; }
    public string? ReceivedBy { get; set; }
    public DateTimeOffset? ReceivedAt { get; set; }
    public string? ReopenedBy { get; set; }
    public DateTimeOffset? ReopenedAt { get; set; }
    /// <summary>The reason of the last reopening by the ministry.</summary>
    public string? LastReason { get; set; }

    /// <summary>True for the fictitious reports of the demo data set.</summary>
    public bool Fictitious { get; set; }

    /// <summary>The text of one mission.</summary>
    public string? Text(FsmrMission m) => m switch
    {
        FsmrMission.Coordination => Coordination,
        FsmrMission.CarePathways => CarePathways,
        FsmrMission.Diagnosis => Diagnosis,
        FsmrMission.Research => Research,
        FsmrMission.Training => Training,
        FsmrMission.Information => Information,
        FsmrMission.Ern => Ern,
        FsmrMission.Data => Data,
    };

    public void SetText(FsmrMission m, string? value)
    {
        switch (m)
        {
            case FsmrMission.Coordination: Coordination = value; break;
            case FsmrMission.CarePathways: CarePathways = value; break;
            case FsmrMission.Diagnosis: Diagnosis = value; break;
            case FsmrMission.Research: Research = value; break;
            case FsmrMission.Training: Training = value; break;
            case FsmrMission.Information: Information = value; break;
            case FsmrMission.Ern: Ern = value; break;
            case FsmrMission.Data: Data = value; break;
        }
    }
}

/// <summary>A milestone of an action: what, by when, reached or not.</summary>
public sealed record Milestone(string Title, DateOnly Due, bool Reached);

/// <summary>The yearly review of an action: its status that year and a comment.</summary>
public sealed record ActionReview(int Year, string Status, string? Comment);

/// <summary>
/// An action of a filière's 5-year action plan (table <c>filiere_actions</c>): « Une FSMR dispose d'un plan d'actions
/// sur la durée de son mandat, déclinaison opérationnelle des 3 axes constituant ses missions » (note of 19 September
/// 2018, §2 « Evaluation »). Milestones and yearly reviews are JSON columns read and written with their action (as the
/// centres' report lists, ADR 0007).
/// </summary>
public sealed class FiliereAction : IVersioned
{
    /// <inheritdoc />
    public int Version { get; set; }

    /// <summary><c>PA-CARDIOGEN-001</c>.</summary>
    public required string Id { get; set; }
    public required string FiliereAcronym { get; set; }
    /// <summary>First and last year of the plan (the labelling period, 5 years).</summary>
    public int PlanStart { get; set; }
    public int PlanEnd { get; set; }
    public required string Title { get; set; }
    public FsmrMission Mission { get; set; }
    /// <summary>Who carries the action (a person, a working group, a centre).</summary>
    public required string Owner { get; set; }
    public PlanActionStatus Status { get; set; }
    /// <summary>JSON array of <see cref="Milestone"/>.</summary>
    public required string MilestonesJson { get; set; }
    /// <summary>JSON array of <see cref="ActionReview"/>, one per year at most.</summary>
    public required string ReviewsJson { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public required string UpdatedBy { get; set; }
    public bool Fictitious { get; set; }
}

/// <summary>A line of a filière's training and information census (table <c>filiere_trainings</c>): DU, DIU, e-learning, ETP, PNDS.</summary>
public sealed class FiliereTraining : IVersioned
{
    /// <inheritdoc />
    public int Version { get; set; }

    /// <summary><c>FOR-CARDIOGEN-001</c>.</summary>
    public required string Id { get; set; }
    public required string FiliereAcronym { get; set; }
    public TrainingKind Kind { get; set; }
    public required string Title { get; set; }
    /// <summary>Year of creation, of the session, or of the PNDS's publication or update.</summary>
    public int Year { get; set; }
    public string? Link { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public required string UpdatedBy { get; set; }
    public bool Fictitious { get; set; }
}

/// <summary>A laboratory of a filière (table <c>filiere_laboratories</c>): diagnostic or research, with its establishment.</summary>
public sealed class FiliereLaboratory : IVersioned
{
    /// <inheritdoc />
    public int Version { get; set; }

    /// <summary><c>LAB-CARDIOGEN-001</c>.</summary>
    public required string Id { get; set; }
    public required string FiliereAcronym { get; set; }
    public LaboratoryKind Kind { get; set; }
    public required string Name { get; set; }
    /// <summary>The establishment or research organisation (hospital, university, Inserm unit...).</summary>
    public required string Establishment { get; set; }
    /// <summary>FINESS of the establishment when it is in the registry (optional), which gives the laboratory's region.</summary>
    public string? EstablishmentFiness { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public required string UpdatedBy { get; set; }
    public bool Fictitious { get; set; }
}

/// <summary>A registry or a cohort attached to a network (CRMR) (table <c>network_registries</c>).</summary>
public sealed class NetworkRegistry : IVersioned
{
    /// <inheritdoc />
    public int Version { get; set; }

    /// <summary><c>REG-CARDIOGEN-001</c> (the stem is the network's filière).</summary>
    public required string Id { get; set; }
    public required string NetworkId { get; set; }
    public CohortKind Kind { get; set; }
    public required string Name { get; set; }
    public int? StartYear { get; set; }
    public string? Link { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public required string UpdatedBy { get; set; }
    public bool Fictitious { get; set; }
}
