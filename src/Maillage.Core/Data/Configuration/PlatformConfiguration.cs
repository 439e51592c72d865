using Maillage.Domain.Registry;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Maillage.Core.Data.Configuration;

/// <summary>EF mapping of one aggregate. An expertise or overseas platform with its establishments and centres.</summary>
public sealed class PlatformConfiguration : IEntityTypeConfiguration<Platform>, IEntityTypeConfiguration<PlatformEstablishment>, IEntityTypeConfiguration<PlatformCentre>
{
    public void Configure(EntityTypeBuilder<Platform> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("platforms");
        builder.HasKey(x => x.Id);
        builder.Property(x => x.Id).HasMaxLength(40);
        builder.Property(x => x.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(x => x.Name).HasMaxLength(300);
        builder.Property(x => x.HostFiness).HasMaxLength(9);
        builder.Property(x => x.RegionCode).HasMaxLength(3);
        builder.HasOne(x => x.Host).WithMany().HasForeignKey(x => x.HostFiness).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Region>().WithMany().HasForeignKey(x => x.RegionCode).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(x => x.Establishments).WithOne().HasForeignKey(x => x.PlatformId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(x => x.Centres).WithOne().HasForeignKey(x => x.PlatformId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<PlatformEstablishment> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("platform_establishments");
        builder.HasKey(x => new { x.PlatformId, x.Finess });
        builder.Property(x => x.PlatformId).HasMaxLength(40);
        builder.Property(x => x.Finess).HasMaxLength(9);
        builder.HasOne<Establishment>().WithMany().HasForeignKey(x => x.Finess).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<PlatformCentre> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("platform_centres");
        builder.HasKey(x => new { x.PlatformId, x.CentreId });
        builder.Property(x => x.PlatformId).HasMaxLength(40);
        builder.Property(x => x.CentreId).HasMaxLength(40);
        builder.HasOne<Centre>().WithMany().HasForeignKey(x => x.CentreId).OnDelete(DeleteBehavior.Restrict);
    }
}
