using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Maillage.Core.Data.Configuration;

/// <summary>EF mapping of one aggregate. Facts about the loaded data set.</summary>
public sealed class DataSetInfoConfiguration : IEntityTypeConfiguration<DataSetInfo>
{
    public void Configure(EntityTypeBuilder<DataSetInfo> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("dataset_info");
        builder.HasKey(x => x.Key);
        builder.Property(x => x.Key).HasMaxLength(64);
        builder.Property(x => x.Value).HasMaxLength(500);
    }
}
