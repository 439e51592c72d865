using Maillage.Core.Infrastructure.Auditing;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain.Registry;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Core.Data;

public sealed class MaillageDbContext(DbContextOptions<MaillageDbContext> options) : IdentityDbContext<AppUser>(options), IDataProtectionKeyContext
{
    /// <summary>The ASP.NET Core data-protection key ring (cookies, antiforgery tokens), shared by every node (schema 0014).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<Region> Regions => Set<Region>();
    public DbSet<Departement> Departements => Set<Departement>();
    public DbSet<Establishment> Establishments => Set<Establishment>();
    public DbSet<Ern> Erns => Set<Ern>();
    public DbSet<Filiere> Filieres => Set<Filiere>();
    public DbSet<FiliereErn> FiliereErns => Set<FiliereErn>();
    public DbSet<Network> Networks => Set<Network>();
    public DbSet<NetworkDisease> NetworkDiseases => Set<NetworkDisease>();
    public DbSet<NetworkErn> NetworkErns => Set<NetworkErn>();
    public DbSet<Centre> Centres => Set<Centre>();
    public DbSet<CentreAttachment> CentreAttachments => Set<CentreAttachment>();
    public DbSet<Platform> Platforms => Set<Platform>();
    public DbSet<PlatformEstablishment> PlatformEstablishments => Set<PlatformEstablishment>();
    public DbSet<PlatformCentre> PlatformCentres => Set<PlatformCentre>();
    public DbSet<Person> People => Set<Person>();
    public DbSet<Mandate> Mandates => Set<Mandate>();
    public DbSet<Association> Associations => Set<Association>();
    public DbSet<AssociationConvention> AssociationConventions => Set<AssociationConvention>();
    public DbSet<LabellingPeriod> LabellingPeriods => Set<LabellingPeriod>();
    public DbSet<Label> Labels => Set<Label>();
    public DbSet<OrphaDisease> OrphaDiseases => Set<OrphaDisease>();
    public DbSet<OrphaEdge> OrphaEdges => Set<OrphaEdge>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();
    public DbSet<DataSetInfo> DataSetInfos => Set<DataSetInfo>();
    public DbSet<Features.Activity.ActivityIndicatorRecord> ActivityIndicators => Set<Features.Activity.ActivityIndicatorRecord>();
    public DbSet<Features.Activity.ActivityImportRecord> ActivityImports => Set<Features.Activity.ActivityImportRecord>();
    public DbSet<Features.Activity.Jobs.ActivityImportJob> ActivityImportJobs => Set<Features.Activity.Jobs.ActivityImportJob>();
    public DbSet<Features.Reports.AnnualReport> AnnualReports => Set<Features.Reports.AnnualReport>();
    // MIG budget chain (issue 12 §4, schema 0016)
    public DbSet<Features.Budget.BudgetYear> BudgetYears => Set<Features.Budget.BudgetYear>();
    public DbSet<Features.Budget.BudgetCircular> BudgetCirculars => Set<Features.Budget.BudgetCircular>();
    public DbSet<Features.Budget.BudgetDeclaration> BudgetDeclarations => Set<Features.Budget.BudgetDeclaration>();

    // Filière governance committee (issue 12 §2)
    public DbSet<Features.Filieres.GovernanceCommittee> GovernanceCommittees => Set<Features.Filieres.GovernanceCommittee>();
    public DbSet<Features.Filieres.GovernanceMember> GovernanceMembers => Set<Features.Filieres.GovernanceMember>();
    public DbSet<Features.Filieres.GovernanceMeeting> GovernanceMeetings => Set<Features.Filieres.GovernanceMeeting>();
    public DbSet<Features.Filieres.GovernanceDocument> GovernanceDocuments => Set<Features.Filieres.GovernanceDocument>();
    // Follow-up committee (schema 0018, Features/Committee)
    public DbSet<Features.Committee.CommitteeMember> CommitteeMembers => Set<Features.Committee.CommitteeMember>();
    public DbSet<Features.Committee.CommitteeMeeting> CommitteeMeetings => Set<Features.Committee.CommitteeMeeting>();
    public DbSet<Features.Committee.CommitteeMinutes> CommitteeMinutes => Set<Features.Committee.CommitteeMinutes>();
    public DbSet<Features.Committee.CommitteeOpinion> CommitteeOpinions => Set<Features.Committee.CommitteeOpinion>();
    // Associations' space (schema 0018, Features/Associations)
    public DbSet<Features.Associations.PatientSurvey> PatientSurveys => Set<Features.Associations.PatientSurvey>();
    public DbSet<Features.Associations.SurveyQuestion> SurveyQuestions => Set<Features.Associations.SurveyQuestion>();
    public DbSet<Features.Associations.SurveyResponse> SurveyResponses => Set<Features.Associations.SurveyResponse>();
    public DbSet<Features.Associations.SurveyAnswer> SurveyAnswers => Set<Features.Associations.SurveyAnswer>();
    public DbSet<Features.Associations.CollaborativeAction> CollaborativeActions => Set<Features.Associations.CollaborativeAction>();
    // Filière activity (schema 0019): annual report, action plan, training census, laboratories, registries and cohorts.
    public DbSet<Features.FiliereReports.FiliereReport> FiliereReports => Set<Features.FiliereReports.FiliereReport>();
    public DbSet<Features.FiliereReports.FiliereAction> FiliereActions => Set<Features.FiliereReports.FiliereAction>();
    public DbSet<Features.FiliereReports.FiliereTraining> FiliereTrainings => Set<Features.FiliereReports.FiliereTraining>();
    public DbSet<Features.FiliereReports.FiliereLaboratory> FiliereLaboratories => Set<Features.FiliereReports.FiliereLaboratory>();
    public DbSet<Features.FiliereReports.NetworkRegistry> NetworkRegistries => Set<Features.FiliereReports.NetworkRegistry>();
    // Mon espace (schema 0020, Features/Home): which account has read which notification.
    public DbSet<Features.Home.NotificationRead> NotificationReads => Set<Features.Home.NotificationRead>();

    // Sign-in with ProConnect and Pro Santé Connect (issue 13 §8, schema 0023)
    public DbSet<Features.Accounts.ExternalLogin> ExternalLogins => Set<Features.Accounts.ExternalLogin>();

    // Campaign tracking of the annual reports (schema 0021): the e-mail reminders sent to centres not yet submitted.
    public DbSet<Features.Reports.ReportReminder> ReportReminders => Set<Features.Reports.ReportReminder>();

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        Versioning.Bump(this);
        Infrastructure.Mail.MailOutbox.EnqueueNew(this);
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        Versioning.Bump(this);
        Infrastructure.Mail.MailOutbox.EnqueueNew(this);
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    /// <summary>
    /// The model: one <see cref="IEntityTypeConfiguration{TEntity}"/> class per aggregate under Data/Configuration/
    /// (found by <see cref="ModelBuilder.ApplyConfigurationsFromAssembly"/>), then the provider-dependent import jobs, then
    /// the versions (which need every entity type). Two things are done on every save rather than in the model: the
    /// aggregates' versions are bumped (<see cref="Versioning.Bump"/>) and new notifications are put in the mail outbox
    /// (<see cref="Infrastructure.Mail.MailOutbox.EnqueueNew"/>). The versioned SQL scripts under Data/Migrations build
    /// the same schema (SchemaScriptsTests).
    /// </summary>
    protected override void OnModelCreating(ModelBuilder b)
    {
        base.OnModelCreating(b);
        b.ApplyConfigurationsFromAssembly(typeof(MaillageDbContext).Assembly);
        // The one mapping that depends on the provider (SQLite stores the jobs' instants as Unix milliseconds), so it
        // cannot be a parameterless IEntityTypeConfiguration found in the assembly.
        Configuration.ActivityJobsConfiguration.Apply(b, Database.IsSqlite());
        Versioning.Configure(b);
        SearchText.Configure(b, Database.IsSqlite()); // accent- and case-insensitive search (docs/pickers.md)
    }

    /// <summary>SQLite: the search function <c>maillage_fold</c> on every connection, however the options were built.</summary>
    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder)
    {
        ArgumentNullException.ThrowIfNull(optionsBuilder);
        optionsBuilder.AddInterceptors(SearchText.SqliteFunctions.Instance);
    }
}

/// <summary>Facts about the loaded data: whether it is the fictitious demo set, nomenclature version...</summary>
public sealed class DataSetInfo
{
    public const string DemoKey = "demo";
    public const string OrphanetVersionKey = "orphanet_version";
    public required string Key { get; set; }
    public required string Value { get; set; }

    /// <summary>Whether the database holds the fictitious demo data set (demo accounts work only then).</summary>
    public static Task<bool> IsDemoAsync(MaillageDbContext db, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.DataSetInfos.AnyAsync(x => x.Key == DemoKey && x.Value == "true", ct);
    }
}
