using Maillage.Domain.Registry;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Maillage.Core.Data.Configuration;

/// <summary>EF mapping of one aggregate. A reference-centre network (CRMR) with its disease perimeter and ERN links.</summary>
public sealed class NetworkConfiguration : IEntityTypeConfiguration<Network>, IEntityTypeConfiguration<NetworkDisease>, IEntityTypeConfiguration<NetworkErn>
{
    public void Configure(EntityTypeBuilder<Network> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("networks");
        builder.HasKey(x => x.Id);
        builder.Property(x => x.Id).HasMaxLength(40);
        builder.Property(x => x.Name).HasMaxLength(300);
        builder.Property(x => x.Acronym).HasMaxLength(40);
        builder.Property(x => x.FiliereAcronym).HasMaxLength(32);
        builder.Property(x => x.Field).HasConversion<string>().HasMaxLength(16);
        builder.Property(x => x.AgeValence).HasConversion<string>().HasMaxLength(16);
        builder.HasOne(x => x.Filiere).WithMany().HasForeignKey(x => x.FiliereAcronym).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(x => x.Perimeter).WithOne().HasForeignKey(x => x.NetworkId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(x => x.Erns).WithOne().HasForeignKey(x => x.NetworkId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(x => x.Sites).WithOne(x => x.Network).HasForeignKey(x => x.NetworkId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(x => x.FiliereAcronym);
    }

    public void Configure(EntityTypeBuilder<NetworkDisease> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("network_diseases");
        builder.HasKey(x => new { x.NetworkId, x.OrphaCode });
        builder.Property(x => x.NetworkId).HasMaxLength(40);
        builder.HasIndex(x => x.OrphaCode);
    }

    public void Configure(EntityTypeBuilder<NetworkErn> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("network_erns");
        builder.HasKey(x => new { x.NetworkId, x.ErnAcronym });
        builder.Property(x => x.NetworkId).HasMaxLength(40);
        builder.Property(x => x.ErnAcronym).HasMaxLength(32);
        builder.HasOne<Ern>().WithMany().HasForeignKey(x => x.ErnAcronym).OnDelete(DeleteBehavior.Restrict);
    }
}
