using System.Globalization;
using System.Text.Json;
using Maillage.Domain.Registry;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Maillage.Core.Infrastructure.Auditing;

/// <summary>An aggregate that names itself in the audit trail (entity name and id), without a case here for each one.</summary>
public interface IAuditSubject
{
    string AuditEntity { get; }
    string AuditId { get; }
}

/// <summary>Who is changing data now: the signed-in user (web, API) or the CLI/seed operator.</summary>
public interface IAuditActor
{
    string UserName { get; }
    string Origin { get; }
}

/// <summary>A fixed actor, for the CLI, the seed and tests.</summary>
public sealed class FixedAuditActor(string userName, string origin) : IAuditActor
{
    public string UserName { get; } = userName;
    public string Origin { get; } = origin;
}

/// <summary>
/// Writes one <see cref="AuditEntry"/> per changed registry object in the same SaveChanges (so in the same
/// transaction): who, when, what, and the changed properties before/after. Changes to child rows (perimeter,
/// attachments, ERN links, conventions, labels, mandates) are filed under their parent object so they show in its
/// history.
/// </summary>
public sealed class AuditInterceptor(IAuditActor actor, TimeProvider clock) : SaveChangesInterceptor
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is not null) AddAuditEntries(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is not null) AddAuditEntries(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private void AddAuditEntries(DbContext db)
    {
        db.ChangeTracker.DetectChanges();
        var now = clock.GetUtcNow();
        var entries = new List<AuditEntry>();
        foreach (var e in db.ChangeTracker.Entries())
        {
            if (e.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted)) continue;
            foreach (var (entity, id) in Subjects(e.Entity))
            {
                var (before, after) = Snapshot(e);
                if (e.State == EntityState.Modified && before is null && after is null) continue;
                entries.Add(new AuditEntry
                {
                    At = now,
                    UserName = actor.UserName,
                    Origin = actor.Origin,
                    Entity = entity,
                    EntityId = id,
                    Action = e.State switch
                    {
                        EntityState.Added => "created",
                        EntityState.Deleted => "deleted",
                        _ => "updated",
                    } + (IsChild(e.Entity) ? ":" + ChildName(e.Entity) : ""),
                    Before = before,
                    After = after,
                });
            }
        }
        if (entries.Count > 0) db.Set<AuditEntry>().AddRange(entries);
    }

    private static bool IsChild(object o) => o is NetworkDisease or NetworkErn or FiliereErn or CentreAttachment or PlatformEstablishment
        or PlatformCentre or AssociationConvention or Label or Mandate
        or Features.Procedures.DossierSection or Features.Procedures.DossierDocument or Features.Procedures.DossierOpinion
        or Features.Procedures.IDossierPart or Features.Filieres.IGovernancePart or Features.Budget.BudgetEnvelope or Features.Budget.BudgetDelegation;

    private static string ChildName(object o) => o switch
    {
        NetworkDisease => "perimeter",
        NetworkErn or FiliereErn => "ern",
        CentreAttachment => "attachment",
        PlatformEstablishment => "establishment",
        PlatformCentre => "centre",
        AssociationConvention => "convention",
        Label => "label",
        Mandate => "mandate",
        Features.Procedures.DossierSection => "section",
        Features.Procedures.DossierDocument => "document",
        Features.Procedures.DossierOpinion => "opinion",
        Features.Procedures.IDossierPart x => x.AuditName,
        Features.Filieres.IGovernancePart x => x.AuditName,
        Features.Budget.BudgetEnvelope => "envelope",
        Features.Budget.BudgetDelegation => "delegation",
        _ => "",
    };

    /// <summary>The objects whose history shows a change of this entity (empty for non-audited types).</summary>
    public static IEnumerable<(string Entity, string Id)> Subjects(object o)
    {
        switch (o)
        {
            case Region x: yield return ("region", x.Code); break;
            case Departement x: yield return ("departement", x.Code); break;
            case Establishment x: yield return ("establishment", x.Finess); break;
            case Ern x: yield return ("ern", x.Acronym); break;
            case Filiere x: yield return ("filiere", x.Acronym); break;
            case FiliereErn x: yield return ("filiere", x.FiliereAcronym); break;
            case Network x: yield return ("network", x.Id); break;
            case NetworkDisease x: yield return ("network", x.NetworkId); break;
            case NetworkErn x: yield return ("network", x.NetworkId); break;
            case Centre x: yield return ("centre", x.Id); break;
            case CentreAttachment x: yield return ("centre", x.CentreId); break;
            case Platform x: yield return ("platform", x.Id); break;
            case PlatformEstablishment x: yield return ("platform", x.PlatformId); break;
            case PlatformCentre x: yield return ("platform", x.PlatformId); break;
            case Person x: yield return ("person", x.Id); break;
            case Mandate x:
                yield return ("person", x.PersonId);
                if (x.CentreId is not null) yield return ("centre", x.CentreId);
                if (x.FiliereAcronym is not null) yield return ("filiere", x.FiliereAcronym);
                if (x.PlatformId is not null) yield return ("platform", x.PlatformId);
                break;
            case Association x: yield return ("association", x.Id); break;
            case AssociationConvention x: yield return ("association", x.AssociationId); break;
            case Label x:
                if (x.NetworkId is not null) yield return ("network", x.NetworkId);
                if (x.CentreId is not null) yield return ("centre", x.CentreId);
                if (x.PlatformId is not null) yield return ("platform", x.PlatformId);
                if (x.FiliereAcronym is not null) yield return ("filiere", x.FiliereAcronym);
                break;
            case LabellingPeriod x: yield return ("labelling_period", x.Id); break;
            case Features.Procedures.Dossier x: yield return ("dossier", x.Id); break;
            case IAuditSubject x: yield return (x.AuditEntity, x.AuditId); break;
            case Features.Funding.FundingScenario x: yield return ("funding_scenario", x.Id); break;
            case Features.Procedures.DossierSection x: yield return ("dossier", x.DossierId); break;
            case Features.Procedures.DossierDocument x: yield return ("dossier", x.DossierId); break;
            case Features.Procedures.DossierOpinion x: yield return ("dossier", x.DossierId); break;
            case Features.Procedures.IDossierPart x: yield return ("dossier", x.DossierId); break;
            case Features.Filieres.GovernanceCommittee x: yield return ("governance", x.FiliereAcronym); break;
            case Features.Filieres.IGovernancePart x: yield return ("governance", x.FiliereAcronym); break;
            case Features.Budget.BudgetYear x: yield return ("budget_year", x.Year.ToString(CultureInfo.InvariantCulture)); break;
            case Features.Budget.BudgetEnvelope x: yield return ("budget_year", x.Year.ToString(CultureInfo.InvariantCulture)); break;
            case Features.Budget.BudgetCircular x: yield return ("budget_circular", x.Id); break;
            case Features.Budget.BudgetDelegation x: yield return ("budget_circular", x.CircularId); break;
            case Features.Budget.BudgetDeclaration x: yield return ("budget_declaration", x.Id); break;
            case Features.Reports.AnnualReport x: yield return ("annual_report", Features.Reports.ReportKeys.Of(x.CentreId, x.Year)); break;
            // Filière activity (docs/filieres-reports.md).
            case Features.FiliereReports.FiliereReport x: yield return ("filiere_report", Features.Reports.ReportKeys.Of(x.FiliereAcronym, x.Year)); break;
            case Features.FiliereReports.FiliereAction x: yield return ("filiere_action", x.Id); break;
            case Features.FiliereReports.FiliereTraining x: yield return ("filiere_training", x.Id); break;
            case Features.FiliereReports.FiliereLaboratory x: yield return ("filiere_laboratory", x.Id); break;
            case Features.FiliereReports.NetworkRegistry x: yield return ("network_registry", x.Id); break;
        }
    }

    private static (string? Before, string? After) Snapshot(EntityEntry e)
    {
        var before = new SortedDictionary<string, object?>(StringComparer.Ordinal);
        var after = new SortedDictionary<string, object?>(StringComparer.Ordinal);
        foreach (var p in e.Properties)
        {
            var name = p.Metadata.Name;
            // The optimistic-concurrency version says nothing of the change itself (Data/Versioning.cs).
            if (name == Data.Versioning.Property && e.Entity is IVersioned) continue;
            // A store-generated key has only a temporary value before the insert: it says nothing, leave it out.
            if (p.IsTemporary || (e.State == EntityState.Added && p.Metadata.IsPrimaryKey() && p.Metadata.ValueGenerated != Microsoft.EntityFrameworkCore.Metadata.ValueGenerated.Never && p.Metadata.ClrType == typeof(int))) continue;
            switch (e.State)
            {
                case EntityState.Added:
                    after[name] = Plain(p.CurrentValue);
                    break;
                case EntityState.Deleted:
                    before[name] = Plain(p.OriginalValue);
                    break;
                default:
                    if (p.IsModified && !Equals(p.OriginalValue, p.CurrentValue))
                    {
                        before[name] = Plain(p.OriginalValue);
                        after[name] = Plain(p.CurrentValue);
                    }
                    break;
            }
        }
        return (before.Count == 0 ? null : JsonSerializer.Serialize(before, Json), after.Count == 0 ? null : JsonSerializer.Serialize(after, Json));
    }

    private static object? Plain(object? v) => v switch
    {
        null => null,
        Enum en => en.ToString(),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTimeOffset d => d.ToString("O", CultureInfo.InvariantCulture),
        // File contents are not copied into the audit trail: their size, name and SHA-256 are.
        byte[] bytes => $"({bytes.Length} octets)",
        _ => v,
    };
}
