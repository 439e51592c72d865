using Maillage.Domain.Registry;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Maillage.Core.Data.Configuration;

/// <summary>EF mapping of one aggregate. A labelling decision for a network, centre, platform or filière.</summary>
public sealed class LabelConfiguration : IEntityTypeConfiguration<Label>
{
    public void Configure(EntityTypeBuilder<Label> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("labels");
        builder.HasKey(x => x.Id);
        builder.Property(x => x.PeriodId).HasMaxLength(20);
        builder.Property(x => x.NetworkId).HasMaxLength(40);
        builder.Property(x => x.CentreId).HasMaxLength(40);
        builder.Property(x => x.PlatformId).HasMaxLength(40);
        builder.Property(x => x.FiliereAcronym).HasMaxLength(32);
        builder.Property(x => x.Decision).HasConversion<string>().HasMaxLength(32);
        builder.Property(x => x.Note).HasMaxLength(500);
        builder.Ignore(x => x.SubjectId);
        builder.HasOne<LabellingPeriod>().WithMany().HasForeignKey(x => x.PeriodId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Network>().WithMany().HasForeignKey(x => x.NetworkId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Centre>().WithMany().HasForeignKey(x => x.CentreId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Platform>().WithMany().HasForeignKey(x => x.PlatformId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Filiere>().WithMany().HasForeignKey(x => x.FiliereAcronym).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(x => x.CentreId);
        builder.HasIndex(x => x.NetworkId);
    }
}
