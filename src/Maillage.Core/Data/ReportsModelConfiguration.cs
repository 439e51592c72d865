using Maillage.Core.Features.Reports;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Core.Data;

/// <summary>EF mapping of the annual reports (schema version 0003_reports).</summary>
public static class ReportsModelConfiguration
{
    public static void Apply(ModelBuilder b)
    {
        ArgumentNullException.ThrowIfNull(b);
        b.Entity<AnnualReport>(e =>
        {
            e.ToTable("annual_reports");
            // No foreign key to centres: a report is history and must not block the registry's edits (as activity_indicators).
            e.HasKey(x => new { x.CentreId, x.Year });
            e.Property(x => x.CentreId).HasMaxLength(40);
            e.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.Campaign).HasMaxLength(16);
            e.Property(x => x.OtherTeaching).HasMaxLength(4000);
            e.Property(x => x.ClaimedException).HasMaxLength(32);
            e.Property(x => x.ExceptionJustification).HasMaxLength(4000);
            e.Property(x => x.ExceptionAcceptedBy).HasMaxLength(256);
            e.Property(x => x.ExceptionDecisionNote).HasMaxLength(4000);
            e.Property(x => x.UpdatedBy).HasMaxLength(256);
            e.Property(x => x.SubmittedBy).HasMaxLength(256);
            e.Property(x => x.ValidatedBy).HasMaxLength(256);
            e.Property(x => x.TransmittedBy).HasMaxLength(256);
            e.Property(x => x.ReopenedBy).HasMaxLength(256);
            e.Property(x => x.LastReason).HasMaxLength(4000);
            e.Property(x => x.Verdict).HasMaxLength(32);
            e.HasIndex(x => new { x.Year, x.Status });
            e.HasIndex(x => new { x.Year, x.Verdict });
        });
    }
}
