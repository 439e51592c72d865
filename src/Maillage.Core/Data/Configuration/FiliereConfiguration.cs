using Maillage.Domain.Registry;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Maillage.Core.Data.Configuration;

/// <summary>EF mapping of one aggregate. A filière and its ERN links.</summary>
public sealed class FiliereConfiguration : IEntityTypeConfiguration<Filiere>, IEntityTypeConfiguration<FiliereErn>
{
    public void Configure(EntityTypeBuilder<Filiere> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("filieres");
        builder.HasKey(x => x.Acronym);
        builder.Property(x => x.Acronym).HasMaxLength(32);
        builder.Property(x => x.Name).HasMaxLength(300);
        builder.Property(x => x.HostFiness).HasMaxLength(9);
        builder.Property(x => x.Website).HasMaxLength(300);
        builder.HasOne(x => x.Host).WithMany().HasForeignKey(x => x.HostFiness).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(x => x.Erns).WithOne().HasForeignKey(x => x.FiliereAcronym).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<FiliereErn> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("filiere_erns");
        builder.HasKey(x => new { x.FiliereAcronym, x.ErnAcronym });
        builder.Property(x => x.FiliereAcronym).HasMaxLength(32);
        builder.Property(x => x.ErnAcronym).HasMaxLength(32);
        builder.HasOne<Ern>().WithMany().HasForeignKey(x => x.ErnAcronym).OnDelete(DeleteBehavior.Restrict);
    }
}
