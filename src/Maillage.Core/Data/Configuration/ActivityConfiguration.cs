using Maillage.Core.Features.Activity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Maillage.Core.Data.Configuration;

/// <summary>EF mapping of one aggregate. Activity extracts: imports, indicators per centre and year, residences (schema version 0002_activity).</summary>
public sealed class ActivityConfiguration : IEntityTypeConfiguration<ActivityImportRecord>, IEntityTypeConfiguration<ActivityIndicatorRecord>, IEntityTypeConfiguration<ActivityResidenceRecord>
{
    public void Configure(EntityTypeBuilder<ActivityImportRecord> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("activity_imports");
        builder.HasKey(x => x.Id);
        builder.Property(x => x.ImportedBy).HasMaxLength(256);
        builder.Property(x => x.FileName).HasMaxLength(260);
        builder.Property(x => x.Sha256).HasMaxLength(64);
        builder.Property(x => x.RejectsByReason).HasMaxLength(2000);
        builder.Property(x => x.Years).HasMaxLength(200);
    }

    public void Configure(EntityTypeBuilder<ActivityIndicatorRecord> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("activity_indicators");
        // No foreign key to centres: indicators are history and must not block the registry's edits.
        builder.HasKey(x => new { x.CentreId, x.Year });
        builder.Property(x => x.CentreId).HasMaxLength(40);
        builder.HasOne<ActivityImportRecord>().WithMany().HasForeignKey(x => x.ImportId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(x => x.Year);
        builder.HasIndex(x => x.ImportId);
    }

    public void Configure(EntityTypeBuilder<ActivityResidenceRecord> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("activity_residences");
        builder.HasKey(x => new { x.CentreId, x.Year, x.Residence });
        builder.Property(x => x.CentreId).HasMaxLength(40);
        builder.Property(x => x.Residence).HasMaxLength(3);
        builder.HasOne<ActivityImportRecord>().WithMany().HasForeignKey(x => x.ImportId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(x => x.Year);
        builder.HasIndex(x => x.ImportId);
    }
}
