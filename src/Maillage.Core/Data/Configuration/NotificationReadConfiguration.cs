using Maillage.Core.Features.Home;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Maillage.Core.Data.Configuration;

/// <summary>EF mapping of one aggregate: an account's reading of a notification (Mon espace, schema 0020).</summary>
public sealed class NotificationReadConfiguration : IEntityTypeConfiguration<NotificationRead>
{
    public void Configure(EntityTypeBuilder<NotificationRead> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("notification_reads");
        builder.HasKey(x => new { x.NotificationId, x.UserName });
        builder.Property(x => x.UserName).HasMaxLength(256);
    }
}
