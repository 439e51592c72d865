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
    public DbSet<Features.Reports.AnnualReport> AnnualReports => Set<Features.Reports.AnnualReport>();

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        Versioning.Bump(this);
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        Versioning.Bump(this);
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    protected override void OnModelCreating(ModelBuilder b)
    {
        base.OnModelCreating(b);
        ActivityModelConfiguration.Apply(b);
        Features.Procedures.ProcedureModelConfiguration.Apply(b);
        Features.Procedures.CallModelConfiguration.Apply(b);
        Features.Procedures.PlatformProjectModelConfiguration.Apply(b);
        ReportsModelConfiguration.Apply(b);
        Features.Funding.FundingSimulator.Configure(b);

        b.Entity<AppUser>(e =>
        {
            e.Property(x => x.Role).HasConversion<string>().HasMaxLength(32);
            e.Property(x => x.ScopeId).HasMaxLength(64);
            e.Property(x => x.DisplayName).HasMaxLength(200);
        });

        b.Entity<Region>(e =>
        {
            e.ToTable("regions");
            e.HasKey(x => x.Code);
            e.Property(x => x.Code).HasMaxLength(3);
            e.Property(x => x.Name).HasMaxLength(100);
            e.Property(x => x.ArsName).HasMaxLength(200);
        });
        b.Entity<Departement>(e =>
        {
            e.ToTable("departements");
            e.HasKey(x => x.Code);
            e.Property(x => x.Code).HasMaxLength(3);
            e.Property(x => x.Name).HasMaxLength(100);
            e.Property(x => x.RegionCode).HasMaxLength(3);
            e.HasOne(x => x.Region).WithMany().HasForeignKey(x => x.RegionCode).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<Establishment>(e =>
        {
            e.ToTable("establishments");
            e.HasKey(x => x.Finess);
            e.Property(x => x.Finess).HasMaxLength(9);
            e.Property(x => x.LegalEntityFiness).HasMaxLength(9);
            e.Property(x => x.Level).HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.Category).HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.Name).HasMaxLength(300);
            e.Property(x => x.Commune).HasMaxLength(100);
            e.Property(x => x.PostalCode).HasMaxLength(5);
            e.Property(x => x.DepartementCode).HasMaxLength(3);
            e.Property(x => x.GroupName).HasMaxLength(200);
            e.HasOne(x => x.LegalEntity).WithMany().HasForeignKey(x => x.LegalEntityFiness).OnDelete(DeleteBehavior.Restrict);
            e.HasOne(x => x.Departement).WithMany().HasForeignKey(x => x.DepartementCode).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(x => x.DepartementCode);
            e.HasIndex(x => x.LegalEntityFiness);
        });
        b.Entity<Ern>(e =>
        {
            e.ToTable("erns");
            e.HasKey(x => x.Acronym);
            e.Property(x => x.Acronym).HasMaxLength(32);
            e.Property(x => x.Name).HasMaxLength(300);
        });
        b.Entity<Filiere>(e =>
        {
            e.ToTable("filieres");
            e.HasKey(x => x.Acronym);
            e.Property(x => x.Acronym).HasMaxLength(32);
            e.Property(x => x.Name).HasMaxLength(300);
            e.Property(x => x.HostFiness).HasMaxLength(9);
            e.Property(x => x.Website).HasMaxLength(300);
            e.HasOne(x => x.Host).WithMany().HasForeignKey(x => x.HostFiness).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(x => x.Erns).WithOne().HasForeignKey(x => x.FiliereAcronym).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<FiliereErn>(e =>
        {
            e.ToTable("filiere_erns");
            e.HasKey(x => new { x.FiliereAcronym, x.ErnAcronym });
            e.Property(x => x.FiliereAcronym).HasMaxLength(32);
            e.Property(x => x.ErnAcronym).HasMaxLength(32);
            e.HasOne<Ern>().WithMany().HasForeignKey(x => x.ErnAcronym).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<Network>(e =>
        {
            e.ToTable("networks");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasMaxLength(40);
            e.Property(x => x.Name).HasMaxLength(300);
            e.Property(x => x.Acronym).HasMaxLength(40);
            e.Property(x => x.FiliereAcronym).HasMaxLength(32);
            e.Property(x => x.Field).HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.AgeValence).HasConversion<string>().HasMaxLength(16);
            e.HasOne(x => x.Filiere).WithMany().HasForeignKey(x => x.FiliereAcronym).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(x => x.Perimeter).WithOne().HasForeignKey(x => x.NetworkId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(x => x.Erns).WithOne().HasForeignKey(x => x.NetworkId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(x => x.Sites).WithOne(x => x.Network).HasForeignKey(x => x.NetworkId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(x => x.FiliereAcronym);
        });
        b.Entity<NetworkDisease>(e =>
        {
            e.ToTable("network_diseases");
            e.HasKey(x => new { x.NetworkId, x.OrphaCode });
            e.Property(x => x.NetworkId).HasMaxLength(40);
            e.HasIndex(x => x.OrphaCode);
        });
        b.Entity<NetworkErn>(e =>
        {
            e.ToTable("network_erns");
            e.HasKey(x => new { x.NetworkId, x.ErnAcronym });
            e.Property(x => x.NetworkId).HasMaxLength(40);
            e.Property(x => x.ErnAcronym).HasMaxLength(32);
            e.HasOne<Ern>().WithMany().HasForeignKey(x => x.ErnAcronym).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<Centre>(e =>
        {
            e.ToTable("centres");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasMaxLength(40);
            e.Property(x => x.Kind).HasConversion<string>().HasMaxLength(24);
            e.Property(x => x.Role).HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.ResourceKind).HasConversion<string>().HasMaxLength(8);
            e.Property(x => x.NetworkId).HasMaxLength(40);
            e.Property(x => x.Name).HasMaxLength(300);
            e.Property(x => x.EstablishmentFiness).HasMaxLength(9);
            e.Property(x => x.PredecessorId).HasMaxLength(40);
            e.Property(x => x.Phone).HasMaxLength(40);
            e.Property(x => x.Email).HasMaxLength(200);
            e.Property(x => x.Website).HasMaxLength(300);
            e.HasOne(x => x.Establishment).WithMany().HasForeignKey(x => x.EstablishmentFiness).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Centre>().WithMany().HasForeignKey(x => x.PredecessorId).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(x => x.Attachments).WithOne().HasForeignKey(x => x.CentreId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(x => x.Kind);
            e.HasIndex(x => x.NetworkId);
            e.HasIndex(x => x.EstablishmentFiness);
        });
        b.Entity<CentreAttachment>(e =>
        {
            e.ToTable("centre_attachments");
            e.HasKey(x => new { x.CentreId, x.NetworkId });
            e.Property(x => x.CentreId).HasMaxLength(40);
            e.Property(x => x.NetworkId).HasMaxLength(40);
            e.HasOne<Network>().WithMany().HasForeignKey(x => x.NetworkId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(x => x.NetworkId);
        });
        b.Entity<Platform>(e =>
        {
            e.ToTable("platforms");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasMaxLength(40);
            e.Property(x => x.Kind).HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.Name).HasMaxLength(300);
            e.Property(x => x.HostFiness).HasMaxLength(9);
            e.Property(x => x.RegionCode).HasMaxLength(3);
            e.HasOne(x => x.Host).WithMany().HasForeignKey(x => x.HostFiness).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Region>().WithMany().HasForeignKey(x => x.RegionCode).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(x => x.Establishments).WithOne().HasForeignKey(x => x.PlatformId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(x => x.Centres).WithOne().HasForeignKey(x => x.PlatformId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<PlatformEstablishment>(e =>
        {
            e.ToTable("platform_establishments");
            e.HasKey(x => new { x.PlatformId, x.Finess });
            e.Property(x => x.PlatformId).HasMaxLength(40);
            e.Property(x => x.Finess).HasMaxLength(9);
            e.HasOne<Establishment>().WithMany().HasForeignKey(x => x.Finess).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<PlatformCentre>(e =>
        {
            e.ToTable("platform_centres");
            e.HasKey(x => new { x.PlatformId, x.CentreId });
            e.Property(x => x.PlatformId).HasMaxLength(40);
            e.Property(x => x.CentreId).HasMaxLength(40);
            e.HasOne<Centre>().WithMany().HasForeignKey(x => x.CentreId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<Person>(e =>
        {
            e.ToTable("people");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasMaxLength(40);
            e.Property(x => x.FirstName).HasMaxLength(100);
            e.Property(x => x.LastName).HasMaxLength(100);
            e.Property(x => x.Title).HasMaxLength(20);
            e.Property(x => x.Rpps).HasMaxLength(11);
            e.Property(x => x.Status).HasConversion<string>().HasMaxLength(24);
            e.Property(x => x.Email).HasMaxLength(200);
            e.Ignore(x => x.DisplayName);
            e.HasIndex(x => x.Rpps).IsUnique();
        });
        b.Entity<Mandate>(e =>
        {
            e.ToTable("mandates");
            e.HasKey(x => x.Id);
            e.Property(x => x.PersonId).HasMaxLength(40);
            e.Property(x => x.Role).HasConversion<string>().HasMaxLength(24);
            e.Property(x => x.CentreId).HasMaxLength(40);
            e.Property(x => x.FiliereAcronym).HasMaxLength(32);
            e.Property(x => x.PlatformId).HasMaxLength(40);
            e.HasOne(x => x.Person).WithMany().HasForeignKey(x => x.PersonId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Centre>().WithMany().HasForeignKey(x => x.CentreId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Filiere>().WithMany().HasForeignKey(x => x.FiliereAcronym).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Platform>().WithMany().HasForeignKey(x => x.PlatformId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(x => x.CentreId);
            e.HasIndex(x => x.PersonId);
        });
        b.Entity<Association>(e =>
        {
            e.ToTable("associations");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasMaxLength(40);
            e.Property(x => x.Name).HasMaxLength(300);
            e.Property(x => x.Acronym).HasMaxLength(40);
            e.Property(x => x.Website).HasMaxLength(300);
            e.Property(x => x.DepartementCode).HasMaxLength(3);
            e.HasMany(x => x.Conventions).WithOne().HasForeignKey(x => x.AssociationId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<AssociationConvention>(e =>
        {
            e.ToTable("association_conventions");
            e.HasKey(x => x.Id);
            e.Property(x => x.AssociationId).HasMaxLength(40);
            e.Property(x => x.TargetKind).HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.TargetId).HasMaxLength(40);
            e.HasIndex(x => new { x.TargetKind, x.TargetId });
        });
        b.Entity<LabellingPeriod>(e =>
        {
            e.ToTable("labelling_periods");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasMaxLength(20);
            e.Property(x => x.Scope).HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.Reference).HasMaxLength(300);
        });
        b.Entity<Label>(e =>
        {
            e.ToTable("labels");
            e.HasKey(x => x.Id);
            e.Property(x => x.PeriodId).HasMaxLength(20);
            e.Property(x => x.NetworkId).HasMaxLength(40);
            e.Property(x => x.CentreId).HasMaxLength(40);
            e.Property(x => x.PlatformId).HasMaxLength(40);
            e.Property(x => x.FiliereAcronym).HasMaxLength(32);
            e.Property(x => x.Decision).HasConversion<string>().HasMaxLength(32);
            e.Property(x => x.Note).HasMaxLength(500);
            e.Ignore(x => x.SubjectId);
            e.HasOne<LabellingPeriod>().WithMany().HasForeignKey(x => x.PeriodId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Network>().WithMany().HasForeignKey(x => x.NetworkId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Centre>().WithMany().HasForeignKey(x => x.CentreId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Platform>().WithMany().HasForeignKey(x => x.PlatformId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Filiere>().WithMany().HasForeignKey(x => x.FiliereAcronym).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(x => x.CentreId);
            e.HasIndex(x => x.NetworkId);
        });
        b.Entity<OrphaDisease>(e =>
        {
            e.ToTable("orpha_diseases");
            e.HasKey(x => x.Code);
            e.Property(x => x.Code).ValueGeneratedNever();
            e.Property(x => x.NameEn).HasMaxLength(500);
            e.Property(x => x.NameFr).HasMaxLength(500);
            e.Property(x => x.Status).HasMaxLength(64);
            e.Property(x => x.ClassificationLevel).HasMaxLength(64);
            e.Property(x => x.DisorderType).HasMaxLength(100);
            e.Ignore(x => x.IsActive);
        });
        b.Entity<OrphaEdge>(e =>
        {
            e.ToTable("orpha_edges");
            e.HasKey(x => new { x.ClassificationId, x.ParentCode, x.ChildCode });
            e.HasIndex(x => x.ChildCode);
            e.HasIndex(x => x.ParentCode);
        });
        b.Entity<AuditEntry>(e =>
        {
            e.ToTable("audit_entries");
            e.HasKey(x => x.Id);
            e.Property(x => x.UserName).HasMaxLength(256);
            e.Property(x => x.Entity).HasMaxLength(40);
            e.Property(x => x.EntityId).HasMaxLength(64);
            e.Property(x => x.Action).HasMaxLength(40);
            e.Property(x => x.Origin).HasMaxLength(16);
            e.HasIndex(x => new { x.Entity, x.EntityId });
        });
        b.Entity<ApiToken>(e =>
        {
            e.ToTable("api_tokens");
            e.HasKey(x => x.Id);
            e.Property(x => x.Name).HasMaxLength(100);
            e.Property(x => x.Prefix).HasMaxLength(16);
            e.Property(x => x.Hash).HasMaxLength(64);
            e.HasIndex(x => x.Hash).IsUnique();
            e.HasOne(x => x.User).WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<DataSetInfo>(e =>
        {
            e.ToTable("dataset_info");
            e.HasKey(x => x.Key);
            e.Property(x => x.Key).HasMaxLength(64);
            e.Property(x => x.Value).HasMaxLength(500);
        });
        b.Entity<DataProtectionKey>(e => e.ToTable("data_protection_keys"));
        Versioning.Configure(b);
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
