using Maillage.Domain.Registry;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Maillage.Core.Data.Configuration;

/// <summary>EF mapping of one aggregate. A centre (site, competence or resource centre) with its attachments to other networks.</summary>
public sealed class CentreConfiguration : IEntityTypeConfiguration<Centre>, IEntityTypeConfiguration<CentreAttachment>
{
    public void Configure(EntityTypeBuilder<Centre> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("centres");
        builder.HasKey(x => x.Id);
        builder.Property(x => x.Id).HasMaxLength(40);
        builder.Property(x => x.Kind).HasConversion<string>().HasMaxLength(24);
        builder.Property(x => x.Role).HasConversion<string>().HasMaxLength(16);
        builder.Property(x => x.ResourceKind).HasConversion<string>().HasMaxLength(8);
        builder.Property(x => x.NetworkId).HasMaxLength(40);
        builder.Property(x => x.Name).HasMaxLength(300);
        builder.Property(x => x.EstablishmentFiness).HasMaxLength(9);
        builder.Property(x => x.PredecessorId).HasMaxLength(40);
        builder.Property(x => x.Phone).HasMaxLength(40);
        builder.Property(x => x.Email).HasMaxLength(200);
        builder.Property(x => x.Website).HasMaxLength(300);
        builder.HasOne(x => x.Establishment).WithMany().HasForeignKey(x => x.EstablishmentFiness).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Centre>().WithMany().HasForeignKey(x => x.PredecessorId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(x => x.Attachments).WithOne().HasForeignKey(x => x.CentreId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(x => x.Kind);
        builder.HasIndex(x => x.NetworkId);
        builder.HasIndex(x => x.EstablishmentFiness);
    }

    public void Configure(EntityTypeBuilder<CentreAttachment> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("centre_attachments");
        builder.HasKey(x => new { x.CentreId, x.NetworkId });
        builder.Property(x => x.CentreId).HasMaxLength(40);
        builder.Property(x => x.NetworkId).HasMaxLength(40);
        builder.HasOne<Network>().WithMany().HasForeignKey(x => x.NetworkId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(x => x.NetworkId);
    }
}
