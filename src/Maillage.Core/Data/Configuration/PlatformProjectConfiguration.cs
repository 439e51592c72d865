using Maillage.Core.Features.Procedures;
using Maillage.Domain.Registry;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Maillage.Core.Data.Configuration;

/// <summary>
/// EF mapping of the platform-specific part of a platform project's dossier: the project (one row per dossier) with its
/// establishments, centres and recruits, and the yearly indicator reports with their entries. They are dossier parts
/// (<see cref="IDossierPart"/>): audited under the dossier, and saving one bumps the dossier's version
/// (<see cref="Versioning"/>).
/// </summary>
public sealed class PlatformProjectConfiguration : IEntityTypeConfiguration<PlatformProject>, IEntityTypeConfiguration<PlatformProjectEstablishment>, IEntityTypeConfiguration<PlatformProjectCentre>, IEntityTypeConfiguration<PlatformProjectRecruit>, IEntityTypeConfiguration<PlatformIndicatorReport>, IEntityTypeConfiguration<PlatformIndicatorEntry>
{
    public void Configure(EntityTypeBuilder<PlatformProject> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("platform_projects");
        builder.HasKey(x => x.DossierId);
        builder.Property(x => x.DossierId).HasMaxLength(24);
        builder.Property(x => x.PlatformName).HasMaxLength(300);
        builder.Property(x => x.HostFiness).HasMaxLength(9);
        builder.Property(x => x.PlatformId).HasMaxLength(40);
        builder.Property(x => x.FundingPerYear).HasPrecision(12, 2);
        builder.Property(x => x.FundingYear1).HasPrecision(12, 2);
        builder.Property(x => x.FundingYear2).HasPrecision(12, 2);
        builder.Property(x => x.CreditsReference).HasMaxLength(300);
        builder.Property(x => x.CheckpointReport).HasMaxLength(8000);
        builder.Property(x => x.CheckpointBy).HasMaxLength(256);
        builder.Property(x => x.RenewalReasons).HasMaxLength(8000);
        builder.Property(x => x.RenewalDecidedBy).HasMaxLength(256);
        builder.HasOne<Dossier>().WithOne().HasForeignKey<PlatformProject>(x => x.DossierId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Establishment>().WithMany().HasForeignKey(x => x.HostFiness).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Platform>().WithMany().HasForeignKey(x => x.PlatformId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(x => x.Establishments).WithOne().HasForeignKey(x => x.DossierId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(x => x.Centres).WithOne().HasForeignKey(x => x.DossierId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(x => x.Recruits).WithOne().HasForeignKey(x => x.DossierId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<PlatformProjectEstablishment> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("platform_project_establishments");
        builder.HasKey(x => new { x.DossierId, x.Finess });
        builder.Property(x => x.DossierId).HasMaxLength(24);
        builder.Property(x => x.Finess).HasMaxLength(9);
        builder.HasOne<Establishment>().WithMany().HasForeignKey(x => x.Finess).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<PlatformProjectCentre> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("platform_project_centres");
        builder.HasKey(x => new { x.DossierId, x.CentreId });
        builder.Property(x => x.DossierId).HasMaxLength(24);
        builder.Property(x => x.CentreId).HasMaxLength(40);
        builder.HasOne<Centre>().WithMany().HasForeignKey(x => x.CentreId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<PlatformProjectRecruit> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("platform_project_recruits");
        builder.HasKey(x => x.Id);
        builder.Property(x => x.DossierId).HasMaxLength(24);
        builder.Property(x => x.Function).HasConversion<string>().HasMaxLength(40);
        builder.Property(x => x.JobTitle).HasMaxLength(200);
        builder.Property(x => x.Fte).HasPrecision(4, 2);
        builder.Property(x => x.YearlyCost).HasPrecision(12, 2);
        builder.HasIndex(x => x.DossierId);
    }

    public void Configure(EntityTypeBuilder<PlatformIndicatorReport> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("platform_indicator_reports");
        builder.HasKey(x => x.Id);
        builder.Property(x => x.DossierId).HasMaxLength(24);
        builder.Property(x => x.SubmittedBy).HasMaxLength(256);
        builder.HasIndex(x => new { x.DossierId, x.OperatingYear }).IsUnique();
        builder.HasOne<Dossier>().WithMany().HasForeignKey(x => x.DossierId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(x => x.Entries).WithOne().HasForeignKey(x => x.ReportId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<PlatformIndicatorEntry> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("platform_indicator_entries");
        builder.HasKey(x => x.Id);
        builder.Property(x => x.DossierId).HasMaxLength(24);
        builder.Property(x => x.Key).HasMaxLength(64);
        builder.Property(x => x.Label).HasMaxLength(300);
        builder.Property(x => x.TextValue).HasMaxLength(4000);
        builder.HasIndex(x => new { x.ReportId, x.Key }).IsUnique();
    }
}
