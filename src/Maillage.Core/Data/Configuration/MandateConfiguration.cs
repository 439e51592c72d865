using Maillage.Domain.Registry;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Maillage.Core.Data.Configuration;

/// <summary>EF mapping of one aggregate. A mandate: a person heading a centre, a filière or a platform for a period.</summary>
public sealed class MandateConfiguration : IEntityTypeConfiguration<Mandate>
{
    public void Configure(EntityTypeBuilder<Mandate> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("mandates");
        builder.HasKey(x => x.Id);
        builder.Property(x => x.PersonId).HasMaxLength(40);
        builder.Property(x => x.Role).HasConversion<string>().HasMaxLength(24);
        builder.Property(x => x.CentreId).HasMaxLength(40);
        builder.Property(x => x.FiliereAcronym).HasMaxLength(32);
        builder.Property(x => x.PlatformId).HasMaxLength(40);
        builder.HasOne(x => x.Person).WithMany().HasForeignKey(x => x.PersonId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Centre>().WithMany().HasForeignKey(x => x.CentreId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Filiere>().WithMany().HasForeignKey(x => x.FiliereAcronym).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Platform>().WithMany().HasForeignKey(x => x.PlatformId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(x => x.CentreId);
        builder.HasIndex(x => x.PersonId);
    }
}
