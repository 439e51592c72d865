using Maillage.Core.Features.Associations;
using Maillage.Domain.Registry;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Maillage.Core.Data.Configuration;

/// <summary>
/// EF mapping of the associations' space (schema 0018): surveys of patients' experience (questions, anonymous
/// responses and their answers) and collaborative actions. Two aggregates, one per table group.
/// </summary>
public sealed class AssociationSpaceConfiguration : IEntityTypeConfiguration<PatientSurvey>, IEntityTypeConfiguration<SurveyQuestion>,
    IEntityTypeConfiguration<SurveyResponse>, IEntityTypeConfiguration<SurveyAnswer>, IEntityTypeConfiguration<CollaborativeAction>
{
    public void Configure(EntityTypeBuilder<PatientSurvey> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("patient_surveys");
        builder.HasKey(x => x.Id);
        builder.Property(x => x.Id).HasMaxLength(24);
        builder.Property(x => x.AssociationId).HasMaxLength(40);
        builder.Property(x => x.Title).HasMaxLength(200);
        builder.Property(x => x.Introduction).HasMaxLength(4000);
        builder.Property(x => x.PartnerKind).HasConversion<string>().HasMaxLength(16);
        builder.Property(x => x.PartnerId).HasMaxLength(40);
        builder.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(x => x.CreatedBy).HasMaxLength(256);
        builder.HasIndex(x => x.AssociationId);
        builder.HasOne<Association>().WithMany().HasForeignKey(x => x.AssociationId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<SurveyQuestion> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("survey_questions");
        builder.HasKey(x => x.Id);
        builder.Property(x => x.Text).HasMaxLength(500);
        builder.Property(x => x.Scale).HasConversion<string>().HasMaxLength(24);
        builder.Property(x => x.SurveyId).HasMaxLength(24);
        builder.HasOne<PatientSurvey>().WithMany(s => s.Questions).HasForeignKey(x => x.SurveyId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<SurveyResponse> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("survey_responses");
        builder.HasKey(x => x.Id);
        builder.Property(x => x.SurveyId).HasMaxLength(24);
        builder.HasIndex(x => x.SurveyId);
        builder.HasOne<PatientSurvey>().WithMany().HasForeignKey(x => x.SurveyId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<SurveyAnswer> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("survey_answers");
        builder.HasKey(x => x.Id);
        builder.HasIndex(x => x.QuestionId);
        builder.HasOne<SurveyResponse>().WithMany(r => r.Answers).HasForeignKey(x => x.ResponseId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<SurveyQuestion>().WithMany().HasForeignKey(x => x.QuestionId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<CollaborativeAction> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("collaborative_actions");
        builder.HasKey(x => x.Id);
        builder.Property(x => x.Id).HasMaxLength(24);
        builder.Property(x => x.AssociationId).HasMaxLength(40);
        builder.Property(x => x.Title).HasMaxLength(200);
        builder.Property(x => x.Description).HasMaxLength(4000);
        builder.Property(x => x.PartnerKind).HasConversion<string>().HasMaxLength(16);
        builder.Property(x => x.PartnerId).HasMaxLength(40);
        builder.Property(x => x.Initiative).HasConversion<string>().HasMaxLength(16);
        builder.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
        builder.HasIndex(x => x.AssociationId);
        builder.HasOne<Association>().WithMany().HasForeignKey(x => x.AssociationId).OnDelete(DeleteBehavior.Cascade);
    }
}
