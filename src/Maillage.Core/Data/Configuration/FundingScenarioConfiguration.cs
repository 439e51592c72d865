using Maillage.Core.Features.Funding;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Maillage.Core.Data.Configuration;

/// <summary>EF mapping of one aggregate. Saved funding simulator scenarios.</summary>
public sealed class FundingScenarioConfiguration : IEntityTypeConfiguration<FundingScenario>
{
    public void Configure(EntityTypeBuilder<FundingScenario> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("funding_scenarios");
        builder.HasKey(x => x.Id);
        builder.Property(x => x.Id).HasMaxLength(24);
        builder.Property(x => x.Name).HasMaxLength(200);
        builder.Property(x => x.Note).HasMaxLength(4000);
        builder.Property(x => x.Campaign).HasMaxLength(20);
        builder.Property(x => x.BaseEnvelope).HasPrecision(14, 2);
        builder.Property(x => x.Envelope).HasPrecision(14, 2);
        builder.Property(x => x.WeightsJson).HasMaxLength(4000);
        builder.Property(x => x.CreatedBy).HasMaxLength(256);
    }
}
