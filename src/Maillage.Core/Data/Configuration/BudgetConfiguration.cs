using Maillage.Core.Features.Budget;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Maillage.Core.Data.Configuration;

/// <summary>EF mapping of one aggregate. A budget year of the MIG chain and its envelopes (schema 0016).</summary>
public sealed class BudgetYearConfiguration : IEntityTypeConfiguration<BudgetYear>, IEntityTypeConfiguration<BudgetEnvelope>
{
    public void Configure(EntityTypeBuilder<BudgetYear> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("budget_years");
        builder.HasKey(x => x.Year);
        builder.Property(x => x.Year).ValueGeneratedNever();
        builder.Property(x => x.PlatformLine).HasConversion<string>().HasMaxLength(3);
        builder.Property(x => x.AdoptedScenarioId).HasMaxLength(24);
        builder.Property(x => x.Note).HasMaxLength(2000);
        builder.HasMany(x => x.Envelopes).WithOne().HasForeignKey(x => x.Year).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<BudgetEnvelope> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("budget_envelopes");
        builder.HasKey(x => new { x.Year, x.Code });
        builder.Property(x => x.Code).HasMaxLength(16);
        builder.Property(x => x.Amount).HasPrecision(14, 2);
    }
}

/// <summary>EF mapping of one aggregate. A budget circular and its delegations (schema 0016).</summary>
public sealed class BudgetCircularConfiguration : IEntityTypeConfiguration<BudgetCircular>, IEntityTypeConfiguration<BudgetDelegation>
{
    public void Configure(EntityTypeBuilder<BudgetCircular> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("budget_circulars");
        builder.HasKey(x => x.Id);
        builder.Property(x => x.Id).HasMaxLength(12);
        builder.Property(x => x.Circular).HasConversion<string>().HasMaxLength(2);
        builder.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(x => x.PublishedBy).HasMaxLength(256);
        builder.HasIndex(x => new { x.Year, x.Circular }).IsUnique();
        builder.HasMany(x => x.Delegations).WithOne().HasForeignKey(x => x.CircularId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<BudgetDelegation> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("budget_delegations");
        builder.HasKey(x => x.Id);
        builder.Property(x => x.CircularId).HasMaxLength(12);
        builder.Property(x => x.LegalEntityFiness).HasMaxLength(9);
        builder.Property(x => x.Line).HasConversion<string>().HasMaxLength(3);
        builder.Property(x => x.Amount).HasPrecision(14, 2);
        builder.Property(x => x.Basis).HasMaxLength(40);
        builder.Property(x => x.Note).HasMaxLength(500);
        builder.HasIndex(x => new { x.CircularId, x.LegalEntityFiness, x.Line }).IsUnique();
    }
}

/// <summary>EF mapping of one aggregate. An establishment's declaration of the use of its credits and the ARS check (schema 0016).</summary>
public sealed class BudgetDeclarationConfiguration : IEntityTypeConfiguration<BudgetDeclaration>
{
    public void Configure(EntityTypeBuilder<BudgetDeclaration> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("budget_declarations");
        builder.HasKey(x => x.Id);
        builder.Property(x => x.Id).HasMaxLength(64);
        builder.Property(x => x.LegalEntityFiness).HasMaxLength(9);
        builder.Property(x => x.Line).HasConversion<string>().HasMaxLength(3);
        builder.Property(x => x.CentreId).HasMaxLength(40);
        builder.Property(x => x.Amount).HasPrecision(14, 2);
        builder.Property(x => x.Comment).HasMaxLength(1000);
        builder.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(x => x.DeclaredBy).HasMaxLength(256);
        builder.Property(x => x.ReviewedBy).HasMaxLength(256);
        builder.Property(x => x.ReviewComment).HasMaxLength(1000);
        builder.HasIndex(x => new { x.Year, x.LegalEntityFiness });
    }
}
