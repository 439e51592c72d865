using Maillage.Core.Features.Reports;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Maillage.Core.Data.Configuration;

/// <summary>EF mapping of one aggregate. Campaign reminders (schema 0021, docs/campaign-tracking.md): one per centre, year and day.</summary>
public sealed class ReportReminderConfiguration : IEntityTypeConfiguration<ReportReminder>
{
    public void Configure(EntityTypeBuilder<ReportReminder> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("report_reminders");
        builder.HasKey(x => x.Id);
        // No foreign key to centres: a reminder is history (as annual_reports).
        builder.Property(x => x.CentreId).HasMaxLength(40);
        builder.Property(x => x.SentBy).HasMaxLength(256);
        builder.Property(x => x.SentByRole).HasMaxLength(32);
        builder.Property(x => x.SentByScope).HasMaxLength(64);
        builder.Property(x => x.Recipients).HasMaxLength(4000);
        // Not twice the same day to the same centre for the same year, whoever sends it and on whichever node.
        builder.HasIndex(x => new { x.Year, x.CentreId, x.Day }).IsUnique();
    }
}
