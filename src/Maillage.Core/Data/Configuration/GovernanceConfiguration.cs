using Maillage.Core.Features.Filieres;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Maillage.Core.Data.Configuration;

/// <summary>EF mapping of one aggregate. A filière's governance committee: members, meetings, documents.</summary>
public sealed class GovernanceConfiguration : IEntityTypeConfiguration<GovernanceCommittee>, IEntityTypeConfiguration<GovernanceMember>,
    IEntityTypeConfiguration<GovernanceMeeting>, IEntityTypeConfiguration<GovernanceDocument>
{
    public void Configure(EntityTypeBuilder<GovernanceCommittee> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("governance_committees");
        builder.HasKey(x => x.FiliereAcronym);
        builder.Property(x => x.FiliereAcronym).HasMaxLength(32);
    }

    public void Configure(EntityTypeBuilder<GovernanceMember> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("governance_members");
        builder.HasKey(x => x.Id);
        builder.Property(x => x.FiliereAcronym).HasMaxLength(32);
        builder.Property(x => x.College).HasConversion<string>().HasMaxLength(32);
        builder.Property(x => x.Name).HasMaxLength(200);
        builder.Property(x => x.Function).HasMaxLength(200);
        builder.Property(x => x.Organisation).HasMaxLength(300);
        builder.Property(x => x.CentreId).HasMaxLength(40);
        builder.Property(x => x.AssociationId).HasMaxLength(40);
        builder.Property(x => x.Email).HasMaxLength(254);
        builder.HasIndex(x => x.FiliereAcronym);
        builder.HasIndex(x => x.AssociationId);
    }

    public void Configure(EntityTypeBuilder<GovernanceMeeting> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("governance_meetings");
        builder.HasKey(x => x.Id);
        builder.Property(x => x.FiliereAcronym).HasMaxLength(32);
        builder.Property(x => x.Agenda).HasMaxLength(4000);
        builder.HasIndex(x => x.FiliereAcronym);
    }

    public void Configure(EntityTypeBuilder<GovernanceDocument> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("governance_documents");
        builder.HasKey(x => x.Id);
        builder.Property(x => x.FiliereAcronym).HasMaxLength(32);
        builder.Property(x => x.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(x => x.FileName).HasMaxLength(255);
        builder.Property(x => x.Sha256).HasMaxLength(64);
        builder.Property(x => x.UploadedBy).HasMaxLength(256);
        builder.HasIndex(x => new { x.FiliereAcronym, x.Kind });
    }
}
