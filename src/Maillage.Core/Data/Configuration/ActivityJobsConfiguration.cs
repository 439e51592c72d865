using Maillage.Core.Features.Activity.Jobs;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Core.Data.Configuration;

/// <summary>EF mapping of the activity import jobs. Not an <c>IEntityTypeConfiguration</c>: the instants are stored
/// differently on SQLite, so <see cref="MaillageDbContext"/> applies it with the provider.</summary>
public static class ActivityJobsConfiguration
{
    /// <summary>The import jobs and their staged files (schema version 0012_activity_jobs). On SQLite the instants are stored
    /// as Unix milliseconds, so that leases compare and jobs sort in SQL (SQLite has no date type).</summary>
    public static void Apply(ModelBuilder b, bool sqlite)
    {
        ArgumentNullException.ThrowIfNull(b);
        b.Entity<ActivityImportJob>(e =>
        {
            e.ToTable("activity_import_jobs");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasMaxLength(64);
            e.Property(x => x.State).HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.Stage).HasMaxLength(40);
            e.Property(x => x.FileName).HasMaxLength(260);
            e.Property(x => x.RequestedBy).HasMaxLength(256);
            e.Property(x => x.RequestedRole).HasMaxLength(32);
            e.Property(x => x.RequestedScope).HasMaxLength(64);
            e.Property(x => x.Years).HasMaxLength(200);
            e.Property(x => x.OwnerNode).HasMaxLength(100);
            e.Property(x => x.Note).HasMaxLength(500);
            e.Property(x => x.Error).HasMaxLength(1000);
            e.Ignore(x => x.Result);
            e.HasIndex(x => new { x.State, x.LeaseUntil });
            e.HasIndex(x => x.CreatedAt);
            if (sqlite)
            {
                e.Property(x => x.CreatedAt).HasConversion(v => v.ToUnixTimeMilliseconds(), v => DateTimeOffset.FromUnixTimeMilliseconds(v));
                foreach (var p in new[] { nameof(ActivityImportJob.StartedAt), nameof(ActivityImportJob.FinishedAt), nameof(ActivityImportJob.LeaseUntil), nameof(ActivityImportJob.HeartbeatAt) })
                    e.Property<DateTimeOffset?>(p).HasConversion(new Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<DateTimeOffset?, long?>(
                        v => v.HasValue ? v.Value.ToUnixTimeMilliseconds() : null, v => v.HasValue ? DateTimeOffset.FromUnixTimeMilliseconds(v.Value) : null));
            }
        });
        b.Entity<ActivityStagedChunk>(e =>
        {
            e.ToTable("activity_staged_chunks");
            e.HasKey(x => new { x.JobId, x.Kind, x.Seq });
            e.Property(x => x.JobId).HasMaxLength(64);
            e.Property(x => x.Kind).HasConversion<string>().HasMaxLength(16);
        });
    }
}
