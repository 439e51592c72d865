using Maillage.Core.Features.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Maillage.Core.Data.Configuration;

/// <summary>EF mapping of one aggregate. Identities of ProConnect and Pro Santé Connect linked to accounts (schema 0023).</summary>
public sealed class ExternalLoginConfiguration : IEntityTypeConfiguration<ExternalLogin>
{
    public void Configure(EntityTypeBuilder<ExternalLogin> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("external_logins");
        builder.HasKey(x => x.Id);
        builder.Property(x => x.Provider).HasConversion<string>().HasMaxLength(32);
        builder.Property(x => x.Subject).HasMaxLength(ExternalLogin.MaxSubjectLength);
        builder.Property(x => x.Identifier).HasMaxLength(ExternalLogin.MaxIdentifierLength);
        builder.HasIndex(x => new { x.Provider, x.Subject }).IsUnique();
        builder.HasOne(x => x.User).WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
