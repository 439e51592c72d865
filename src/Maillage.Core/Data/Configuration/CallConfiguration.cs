using Maillage.Core.Features.Procedures;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Maillage.Core.Data.Configuration;

/// <summary>EF mapping of one aggregate. A call (labelling campaign, call for projects) with its jury: the members, their
/// assignments to dossiers and their reviews.</summary>
public sealed class CallConfiguration : IEntityTypeConfiguration<Call>, IEntityTypeConfiguration<JuryMember>, IEntityTypeConfiguration<JuryAssignment>, IEntityTypeConfiguration<DossierReview>
{
    public void Configure(EntityTypeBuilder<Call> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("calls");
        builder.HasKey(x => x.Id);
        builder.Property(x => x.Id).HasMaxLength(24);
        builder.Property(x => x.Kind).HasConversion<string>().HasMaxLength(24);
        builder.Property(x => x.Title).HasMaxLength(300);
        builder.Property(x => x.Description).HasMaxLength(8000);
        builder.Property(x => x.ReferentialCampaign).HasMaxLength(32);
        builder.Property(x => x.PeriodId).HasMaxLength(32);
        builder.Property(x => x.CreatedBy).HasMaxLength(256);
        builder.Property(x => x.PublishedBy).HasMaxLength(256);
        builder.Ignore(x => x.Jury);
    }

    public void Configure(EntityTypeBuilder<JuryMember> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("jury_members");
        builder.HasKey(x => x.Id);
        builder.Property(x => x.CallId).HasMaxLength(24);
        builder.Property(x => x.UserName).HasMaxLength(256);
        builder.Property(x => x.DisplayName).HasMaxLength(200);
        builder.Property(x => x.Seat).HasConversion<string>().HasMaxLength(40);
        builder.Property(x => x.Finess).HasMaxLength(9);
        builder.Property(x => x.FiliereAcronym).HasMaxLength(32);
        builder.Property(x => x.Email).HasMaxLength(256);
        builder.Property(x => x.InterestsDeclaration).HasMaxLength(8000);
        builder.HasIndex(x => new { x.CallId, x.UserName }).IsUnique();
        builder.HasOne<Call>().WithMany().HasForeignKey(x => x.CallId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<JuryAssignment> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("jury_assignments");
        builder.HasKey(x => x.Id);
        builder.Property(x => x.DossierId).HasMaxLength(24);
        builder.Property(x => x.AssignedBy).HasMaxLength(256);
        builder.HasIndex(x => new { x.DossierId, x.MemberId }).IsUnique();
        builder.HasOne<Dossier>().WithMany().HasForeignKey(x => x.DossierId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<JuryMember>().WithMany().HasForeignKey(x => x.MemberId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<DossierReview> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("dossier_reviews");
        builder.HasKey(x => x.Id);
        builder.Property(x => x.DossierId).HasMaxLength(24);
        builder.Property(x => x.Recommendation).HasConversion<string>().HasMaxLength(16);
        builder.Property(x => x.Comments).HasMaxLength(8000);
        builder.HasIndex(x => new { x.DossierId, x.MemberId }).IsUnique();
        builder.HasOne<Dossier>().WithMany().HasForeignKey(x => x.DossierId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<JuryMember>().WithMany().HasForeignKey(x => x.MemberId).OnDelete(DeleteBehavior.Cascade);
    }
}
