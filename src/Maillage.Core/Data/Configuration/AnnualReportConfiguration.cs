using Maillage.Core.Features.Reports;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Maillage.Core.Data.Configuration;

/// <summary>EF mapping of one aggregate. Annual reports (schema version 0003_reports).</summary>
public sealed class AnnualReportConfiguration : IEntityTypeConfiguration<AnnualReport>
{
    public void Configure(EntityTypeBuilder<AnnualReport> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("annual_reports");
        // No foreign key to centres: a report is history and must not block the registry's edits (as activity_indicators).
        builder.HasKey(x => new { x.CentreId, x.Year });
        builder.Property(x => x.CentreId).HasMaxLength(40);
        builder.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(x => x.Campaign).HasMaxLength(16);
        builder.Property(x => x.OtherTeaching).HasMaxLength(4000);
        builder.Property(x => x.ClaimedException).HasMaxLength(32);
        builder.Property(x => x.ExceptionJustification).HasMaxLength(4000);
        builder.Property(x => x.ExceptionAcceptedBy).HasMaxLength(256);
        builder.Property(x => x.ExceptionDecisionNote).HasMaxLength(4000);
        builder.Property(x => x.UpdatedBy).HasMaxLength(256);
        builder.Property(x => x.SubmittedBy).HasMaxLength(256);
        builder.Property(x => x.ValidatedBy).HasMaxLength(256);
        builder.Property(x => x.TransmittedBy).HasMaxLength(256);
        builder.Property(x => x.ReopenedBy).HasMaxLength(256);
        builder.Property(x => x.LastReason).HasMaxLength(4000);
        builder.Property(x => x.Verdict).HasMaxLength(32);
        builder.HasIndex(x => new { x.Year, x.Status });
        builder.HasIndex(x => new { x.Year, x.Verdict });
    }
}
