using Maillage.Core.Features.FiliereReports;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Maillage.Core.Data.Configuration;

/// <summary>
/// EF mapping of a filière's activity (schema version 0019_filiere_activity): annual report, action plan, training census,
/// laboratories, and the registries and cohorts of its networks. No foreign keys to the registry: like the centres'
/// reports, these are history and must not block registry edits; the services check the filière and network exist.
/// </summary>
public sealed class FiliereActivityConfiguration : IEntityTypeConfiguration<FiliereReport>, IEntityTypeConfiguration<FiliereAction>,
    IEntityTypeConfiguration<FiliereTraining>, IEntityTypeConfiguration<FiliereLaboratory>, IEntityTypeConfiguration<NetworkRegistry>
{
    public const int TextMax = 4000;

    public void Configure(EntityTypeBuilder<FiliereReport> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("filiere_reports");
        builder.HasKey(x => new { x.FiliereAcronym, x.Year });
        builder.Property(x => x.FiliereAcronym).HasMaxLength(32);
        builder.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(x => x.Campaign).HasMaxLength(16);
        builder.Property(x => x.Coordination).HasMaxLength(TextMax);
        builder.Property(x => x.CarePathways).HasMaxLength(TextMax);
        builder.Property(x => x.Diagnosis).HasMaxLength(TextMax);
        builder.Property(x => x.Research).HasMaxLength(TextMax);
        builder.Property(x => x.Training).HasMaxLength(TextMax);
        builder.Property(x => x.Information).HasMaxLength(TextMax);
        builder.Property(x => x.Ern).HasMaxLength(TextMax);
        builder.Property(x => x.Data).HasMaxLength(TextMax);
        builder.Property(x => x.UpdatedBy).HasMaxLength(256);
        builder.Property(x => x.SubmittedBy).HasMaxLength(256);
        builder.Property(x => x.ReceivedBy).HasMaxLength(256);
        builder.Property(x => x.ReopenedBy).HasMaxLength(256);
        builder.Property(x => x.LastReason).HasMaxLength(TextMax);
        builder.HasIndex(x => new { x.Year, x.Status });
    }

    public void Configure(EntityTypeBuilder<FiliereAction> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("filiere_actions");
        builder.HasKey(x => x.Id);
        builder.Property(x => x.Id).HasMaxLength(48);
        builder.Property(x => x.FiliereAcronym).HasMaxLength(32);
        builder.Property(x => x.Title).HasMaxLength(300);
        builder.Property(x => x.Mission).HasConversion<string>().HasMaxLength(32);
        builder.Property(x => x.Owner).HasMaxLength(200);
        builder.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(x => x.MilestonesJson).HasMaxLength(20000);
        builder.Property(x => x.ReviewsJson).HasMaxLength(20000);
        builder.Property(x => x.UpdatedBy).HasMaxLength(256);
        builder.HasIndex(x => new { x.FiliereAcronym, x.PlanStart });
    }

    public void Configure(EntityTypeBuilder<FiliereTraining> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("filiere_trainings");
        builder.HasKey(x => x.Id);
        builder.Property(x => x.Id).HasMaxLength(48);
        builder.Property(x => x.FiliereAcronym).HasMaxLength(32);
        builder.Property(x => x.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(x => x.Title).HasMaxLength(300);
        builder.Property(x => x.Link).HasMaxLength(500);
        builder.Property(x => x.UpdatedBy).HasMaxLength(256);
        builder.HasIndex(x => x.FiliereAcronym);
    }

    public void Configure(EntityTypeBuilder<FiliereLaboratory> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("filiere_laboratories");
        builder.HasKey(x => x.Id);
        builder.Property(x => x.Id).HasMaxLength(48);
        builder.Property(x => x.FiliereAcronym).HasMaxLength(32);
        builder.Property(x => x.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(x => x.Name).HasMaxLength(300);
        builder.Property(x => x.Establishment).HasMaxLength(300);
        builder.Property(x => x.EstablishmentFiness).HasMaxLength(9);
        builder.Property(x => x.UpdatedBy).HasMaxLength(256);
        builder.HasIndex(x => x.FiliereAcronym);
    }

    public void Configure(EntityTypeBuilder<NetworkRegistry> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("network_registries");
        builder.HasKey(x => x.Id);
        builder.Property(x => x.Id).HasMaxLength(48);
        builder.Property(x => x.NetworkId).HasMaxLength(40);
        builder.Property(x => x.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(x => x.Name).HasMaxLength(300);
        builder.Property(x => x.Link).HasMaxLength(500);
        builder.Property(x => x.UpdatedBy).HasMaxLength(256);
        builder.HasIndex(x => x.NetworkId);
    }
}
