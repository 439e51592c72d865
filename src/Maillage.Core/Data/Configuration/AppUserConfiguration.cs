using Maillage.Core.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Maillage.Core.Data.Configuration;

/// <summary>EF mapping of one aggregate. Identity accounts: role, scope and display name added to ASP.NET Core Identity's user.</summary>
public sealed class AppUserConfiguration : IEntityTypeConfiguration<AppUser>
{
    public void Configure(EntityTypeBuilder<AppUser> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Property(x => x.Role).HasConversion<string>().HasMaxLength(32);
        builder.Property(x => x.ScopeId).HasMaxLength(64);
        builder.Property(x => x.DisplayName).HasMaxLength(200);
        // Sign-in with Pro Santé Connect (schema 0023): one account per RPPS.
        builder.Property(x => x.Rpps).HasMaxLength(11);
        builder.HasIndex(x => x.Rpps).IsUnique();
    }
}
