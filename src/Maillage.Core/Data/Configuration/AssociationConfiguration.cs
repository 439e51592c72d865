using Maillage.Domain.Registry;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Maillage.Core.Data.Configuration;

/// <summary>EF mapping of one aggregate. A patient association with its conventions.</summary>
public sealed class AssociationConfiguration : IEntityTypeConfiguration<Association>, IEntityTypeConfiguration<AssociationConvention>
{
    public void Configure(EntityTypeBuilder<Association> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("associations");
        builder.HasKey(x => x.Id);
        builder.Property(x => x.Id).HasMaxLength(40);
        builder.Property(x => x.Name).HasMaxLength(300);
        builder.Property(x => x.Acronym).HasMaxLength(40);
        builder.Property(x => x.Website).HasMaxLength(300);
        builder.Property(x => x.DepartementCode).HasMaxLength(3);
        builder.HasMany(x => x.Conventions).WithOne().HasForeignKey(x => x.AssociationId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<AssociationConvention> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("association_conventions");
        builder.HasKey(x => x.Id);
        builder.Property(x => x.AssociationId).HasMaxLength(40);
        builder.Property(x => x.TargetKind).HasConversion<string>().HasMaxLength(16);
        builder.Property(x => x.TargetId).HasMaxLength(40);
        builder.HasIndex(x => new { x.TargetKind, x.TargetId });
    }
}
