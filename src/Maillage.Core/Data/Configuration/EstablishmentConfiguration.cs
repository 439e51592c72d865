using Maillage.Domain.Registry;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Maillage.Core.Data.Configuration;

/// <summary>EF mapping of one aggregate. Establishments (FINESS), geographical and legal entities.</summary>
public sealed class EstablishmentConfiguration : IEntityTypeConfiguration<Establishment>
{
    public void Configure(EntityTypeBuilder<Establishment> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("establishments");
        builder.HasKey(x => x.Finess);
        builder.Property(x => x.Finess).HasMaxLength(9);
        builder.Property(x => x.LegalEntityFiness).HasMaxLength(9);
        builder.Property(x => x.Level).HasConversion<string>().HasMaxLength(16);
        builder.Property(x => x.Category).HasConversion<string>().HasMaxLength(16);
        builder.Property(x => x.Name).HasMaxLength(300);
        builder.Property(x => x.Commune).HasMaxLength(100);
        builder.Property(x => x.PostalCode).HasMaxLength(5);
        builder.Property(x => x.DepartementCode).HasMaxLength(3);
        builder.Property(x => x.GroupName).HasMaxLength(200);
        builder.HasOne(x => x.LegalEntity).WithMany().HasForeignKey(x => x.LegalEntityFiness).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(x => x.Departement).WithMany().HasForeignKey(x => x.DepartementCode).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(x => x.DepartementCode);
        builder.HasIndex(x => x.LegalEntityFiness);
    }
}
