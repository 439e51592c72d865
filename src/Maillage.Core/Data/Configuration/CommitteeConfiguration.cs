using Maillage.Core.Features.Committee;
using Maillage.Core.Features.Procedures;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Maillage.Core.Data.Configuration;

/// <summary>
/// EF mapping of the follow-up committee (schema 0018): its members, its meetings with their minutes, and the register
/// of its opinions, each linked to a dossier.
/// </summary>
public sealed class CommitteeConfiguration : IEntityTypeConfiguration<CommitteeMember>, IEntityTypeConfiguration<CommitteeMeeting>,
    IEntityTypeConfiguration<CommitteeMinutes>, IEntityTypeConfiguration<CommitteeOpinion>
{
    public void Configure(EntityTypeBuilder<CommitteeMember> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("committee_members");
        builder.HasKey(x => x.Id);
        builder.Property(x => x.Id).HasMaxLength(24);
        builder.Property(x => x.Name).HasMaxLength(200);
        builder.Property(x => x.Organisation).HasMaxLength(200);
        builder.Property(x => x.Seat).HasConversion<string>().HasMaxLength(24);
        builder.Property(x => x.College).HasConversion<string>().HasMaxLength(32);
        builder.Property(x => x.AppointedBy).HasConversion<string>().HasMaxLength(8);
        builder.Property(x => x.UserName).HasMaxLength(256);
    }

    public void Configure(EntityTypeBuilder<CommitteeMeeting> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("committee_meetings");
        builder.HasKey(x => x.Id);
        builder.Property(x => x.Id).HasMaxLength(24);
        builder.Property(x => x.Title).HasMaxLength(200);
        builder.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(x => x.Agenda).HasMaxLength(8000);
        builder.Property(x => x.MinutesFileName).HasMaxLength(255);
        builder.Property(x => x.MinutesSha256).HasMaxLength(64);
        builder.Property(x => x.MinutesUploadedBy).HasMaxLength(256);
        builder.HasIndex(x => x.Date);
    }

    public void Configure(EntityTypeBuilder<CommitteeMinutes> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("committee_minutes");
        builder.HasKey(x => x.MeetingId);
        builder.Property(x => x.MeetingId).HasMaxLength(24);
        builder.HasOne<CommitteeMeeting>().WithOne().HasForeignKey<CommitteeMinutes>(x => x.MeetingId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<CommitteeOpinion> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("committee_opinions");
        builder.HasKey(x => x.Id);
        builder.Property(x => x.Id).HasMaxLength(24);
        builder.Property(x => x.DossierId).HasMaxLength(24);
        builder.Property(x => x.Subject).HasConversion<string>().HasMaxLength(24);
        builder.Property(x => x.Value).HasConversion<string>().HasMaxLength(16);
        builder.Property(x => x.Reasons).HasMaxLength(8000);
        builder.Property(x => x.EnteredBy).HasMaxLength(256);
        builder.Property(x => x.MeetingId).HasMaxLength(24);
        builder.HasIndex(x => x.DossierId);
        builder.HasOne<Dossier>().WithMany().HasForeignKey(x => x.DossierId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<CommitteeMeeting>().WithMany().HasForeignKey(x => x.MeetingId).OnDelete(DeleteBehavior.SetNull);
    }
}
