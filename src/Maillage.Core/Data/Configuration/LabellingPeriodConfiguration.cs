using Maillage.Domain.Registry;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Maillage.Core.Data.Configuration;

/// <summary>EF mapping of one aggregate. A labelling period (5-year campaign).</summary>
public sealed class LabellingPeriodConfiguration : IEntityTypeConfiguration<LabellingPeriod>
{
    public void Configure(EntityTypeBuilder<LabellingPeriod> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("labelling_periods");
        builder.HasKey(x => x.Id);
        builder.Property(x => x.Id).HasMaxLength(20);
        builder.Property(x => x.Scope).HasConversion<string>().HasMaxLength(16);
        builder.Property(x => x.Reference).HasMaxLength(300);
    }
}
