using Maillage.Core.Features.Procedures;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Maillage.Core.Data.Configuration;

/// <summary>
/// EF mapping of one aggregate. A notification, which is also the mail outbox's row: <c>EmailNextAttemptAt</c> of a new
/// notification with an address is set on save by <see cref="Infrastructure.Mail.MailOutbox.EnqueueNew"/>, not here.
/// </summary>
public sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("notifications");
        builder.HasKey(x => x.Id);
        builder.Property(x => x.DossierId).HasMaxLength(24);
        builder.Property(x => x.Reason).HasMaxLength(40);
        builder.Property(x => x.AudienceRole).HasConversion<string>().HasMaxLength(32);
        builder.Property(x => x.AudienceScopeId).HasMaxLength(64);
        builder.Property(x => x.PersonId).HasMaxLength(40);
        builder.Property(x => x.Email).HasMaxLength(256);
        builder.Property(x => x.RecipientLabel).HasMaxLength(300);
        builder.Property(x => x.Subject).HasMaxLength(300);
        builder.Property(x => x.Body).HasMaxLength(8000);
        builder.Property(x => x.EmailError).HasMaxLength(1000);
        builder.Property(x => x.EmailClaimedBy).HasMaxLength(100);
        builder.HasIndex(x => x.EmailNextAttemptAt);
        builder.HasIndex(x => new { x.AudienceRole, x.AudienceScopeId });
        builder.HasIndex(x => x.DossierId);
        // Schema 0015: the age-limit alerts are raised once (several NULLs are allowed by a unique index on both databases).
        builder.Property(x => x.DedupKey).HasMaxLength(120);
        builder.HasIndex(x => x.DedupKey).IsUnique();
        // Schema 0020 (Mon espace): a notification addressed to one account.
        builder.Property(x => x.RecipientUserName).HasMaxLength(256);
        builder.HasIndex(x => x.RecipientUserName);
    }
}
