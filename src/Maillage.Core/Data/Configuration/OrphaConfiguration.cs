using Maillage.Domain.Registry;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Maillage.Core.Data.Configuration;

/// <summary>EF mapping of one aggregate. The Orphanet nomenclature: diseases and the classification edges between them.</summary>
public sealed class OrphaConfiguration : IEntityTypeConfiguration<OrphaDisease>, IEntityTypeConfiguration<OrphaEdge>
{
    public void Configure(EntityTypeBuilder<OrphaDisease> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("orpha_diseases");
        builder.HasKey(x => x.Code);
        builder.Property(x => x.Code).ValueGeneratedNever();
        builder.Property(x => x.NameEn).HasMaxLength(500);
        builder.Property(x => x.NameFr).HasMaxLength(500);
        builder.Property(x => x.Status).HasMaxLength(64);
        builder.Property(x => x.ClassificationLevel).HasMaxLength(64);
        builder.Property(x => x.DisorderType).HasMaxLength(100);
        builder.Ignore(x => x.IsActive);
    }

    public void Configure(EntityTypeBuilder<OrphaEdge> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("orpha_edges");
        builder.HasKey(x => new { x.ClassificationId, x.ParentCode, x.ChildCode });
        builder.HasIndex(x => x.ChildCode);
        builder.HasIndex(x => x.ParentCode);
    }
}
