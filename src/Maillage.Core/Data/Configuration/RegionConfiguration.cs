using Maillage.Domain.Registry;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Maillage.Core.Data.Configuration;

/// <summary>EF mapping of one aggregate. Regions (reference data).</summary>
public sealed class RegionConfiguration : IEntityTypeConfiguration<Region>
{
    public void Configure(EntityTypeBuilder<Region> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("regions");
        builder.HasKey(x => x.Code);
        builder.Property(x => x.Code).HasMaxLength(3);
        builder.Property(x => x.Name).HasMaxLength(100);
        builder.Property(x => x.ArsName).HasMaxLength(200);
    }
}
