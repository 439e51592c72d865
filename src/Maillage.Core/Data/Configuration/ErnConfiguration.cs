using Maillage.Domain.Registry;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Maillage.Core.Data.Configuration;

/// <summary>EF mapping of one aggregate. European reference networks (reference data).</summary>
public sealed class ErnConfiguration : IEntityTypeConfiguration<Ern>
{
    public void Configure(EntityTypeBuilder<Ern> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("erns");
        builder.HasKey(x => x.Acronym);
        builder.Property(x => x.Acronym).HasMaxLength(32);
        builder.Property(x => x.Name).HasMaxLength(300);
    }
}
