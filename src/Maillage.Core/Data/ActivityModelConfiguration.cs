using Maillage.Core.Features.Activity;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Core.Data;

/// <summary>EF mapping of the activity tables (schema version 0002_activity).</summary>
public static class ActivityModelConfiguration
{
    public static void Apply(ModelBuilder b)
    {
        ArgumentNullException.ThrowIfNull(b);
        b.Entity<ActivityImportRecord>(e =>
        {
            e.ToTable("activity_imports");
            e.HasKey(x => x.Id);
            e.Property(x => x.ImportedBy).HasMaxLength(256);
            e.Property(x => x.FileName).HasMaxLength(260);
            e.Property(x => x.Sha256).HasMaxLength(64);
            e.Property(x => x.RejectsByReason).HasMaxLength(2000);
            e.Property(x => x.Years).HasMaxLength(200);
        });
        b.Entity<ActivityIndicatorRecord>(e =>
        {
            e.ToTable("activity_indicators");
            // No foreign key to centres: indicators are history and must not block the registry's edits.
            e.HasKey(x => new { x.CentreId, x.Year });
            e.Property(x => x.CentreId).HasMaxLength(40);
            e.HasOne<ActivityImportRecord>().WithMany().HasForeignKey(x => x.ImportId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(x => x.Year);
            e.HasIndex(x => x.ImportId);
        });
        b.Entity<ActivityResidenceRecord>(e =>
        {
            e.ToTable("activity_residences");
            e.HasKey(x => new { x.CentreId, x.Year, x.Residence });
            e.Property(x => x.CentreId).HasMaxLength(40);
            e.Property(x => x.Residence).HasMaxLength(3);
            e.HasOne<ActivityImportRecord>().WithMany().HasForeignKey(x => x.ImportId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(x => x.Year);
            e.HasIndex(x => x.ImportId);
        });
    }
}
