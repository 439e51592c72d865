using Maillage.Core.Features.Procedures;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Maillage.Core.Data.Configuration;

/// <summary>
/// EF mapping of one aggregate. A procedure's dossier with its sections, documents, opinions, history and (labelling
/// applications) sites; saving a part bumps the dossier's version (<see cref="Versioning"/>). The platform project's
/// parts are in <see cref="PlatformProjectConfiguration"/>, the jury's assignments and reviews in
/// <see cref="CallConfiguration"/>.
/// </summary>
public sealed class DossierConfiguration : IEntityTypeConfiguration<Dossier>, IEntityTypeConfiguration<DossierSection>, IEntityTypeConfiguration<DossierDocument>, IEntityTypeConfiguration<DossierOpinion>, IEntityTypeConfiguration<DossierEvent>, IEntityTypeConfiguration<DossierSite>
{
    public void Configure(EntityTypeBuilder<Dossier> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("dossiers");
        builder.HasKey(x => x.Id);
        builder.Property(x => x.Id).HasMaxLength(24);
        builder.Property(x => x.Kind).HasConversion<string>().HasMaxLength(40);
        builder.Property(x => x.State).HasConversion<string>().HasMaxLength(24);
        builder.Property(x => x.Title).HasMaxLength(300);
        builder.Property(x => x.CallId).HasMaxLength(24);
        builder.Property(x => x.NetworkId).HasMaxLength(40);
        builder.Property(x => x.CentreId).HasMaxLength(40);
        builder.Property(x => x.FiliereAcronym).HasMaxLength(32);
        builder.Property(x => x.SeatFiness).HasMaxLength(9);
        builder.Property(x => x.OtherFiness).HasMaxLength(9);
        builder.Property(x => x.OutgoingPersonId).HasMaxLength(40);
        builder.Property(x => x.SuccessorPersonId).HasMaxLength(40);
        builder.Property(x => x.SuccessorTitle).HasMaxLength(20);
        builder.Property(x => x.SuccessorFirstName).HasMaxLength(100);
        builder.Property(x => x.SuccessorLastName).HasMaxLength(100);
        builder.Property(x => x.SuccessorRpps).HasMaxLength(11);
        builder.Property(x => x.SuccessorEmail).HasMaxLength(256);
        builder.Property(x => x.SuccessorStatus).HasConversion<string>().HasMaxLength(24);
        builder.Property(x => x.CreatedBy).HasMaxLength(256);
        builder.Property(x => x.CommitteeOpinion).HasConversion<string>().HasMaxLength(16);
        builder.Property(x => x.CommitteeReasons).HasMaxLength(8000);
        builder.Property(x => x.DecisionText).HasMaxLength(8000);
        builder.Property(x => x.ReturnReason).HasMaxLength(4000);
        builder.Ignore(x => x.SuccessorDisplayName);
        builder.HasIndex(x => x.CentreId);
        builder.HasIndex(x => x.State);
        builder.HasIndex(x => x.CallId);
    }

    public void Configure(EntityTypeBuilder<DossierSection> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("dossier_sections");
        builder.HasKey(x => x.Id);
        builder.Property(x => x.DossierId).HasMaxLength(24);
        builder.Property(x => x.Key).HasMaxLength(64);
        builder.Property(x => x.Text).HasMaxLength(8000);
        builder.HasIndex(x => new { x.DossierId, x.Key }).IsUnique();
        builder.HasOne<Dossier>().WithMany(d => d.Sections).HasForeignKey(x => x.DossierId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<DossierDocument> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("dossier_documents");
        builder.HasKey(x => x.Id);
        builder.Property(x => x.DossierId).HasMaxLength(24);
        builder.Property(x => x.ItemId).HasMaxLength(120);
        builder.Property(x => x.FileName).HasMaxLength(255);
        builder.Property(x => x.ContentType).HasMaxLength(100);
        builder.Property(x => x.Sha256).HasMaxLength(64);
        builder.Property(x => x.UploadedBy).HasMaxLength(256);
        builder.HasIndex(x => new { x.DossierId, x.ItemId });
        builder.HasOne<Dossier>().WithMany(d => d.Documents).HasForeignKey(x => x.DossierId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<DossierOpinion> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("dossier_opinions");
        builder.HasKey(x => x.Id);
        builder.Property(x => x.DossierId).HasMaxLength(24);
        builder.Property(x => x.ItemId).HasMaxLength(120);
        builder.Property(x => x.Party).HasConversion<string>().HasMaxLength(32);
        builder.Property(x => x.Value).HasConversion<string>().HasMaxLength(16);
        builder.Property(x => x.Reasons).HasMaxLength(8000);
        builder.Property(x => x.AlternativeCandidate).HasMaxLength(300);
        builder.Property(x => x.GivenBy).HasMaxLength(256);
        builder.HasIndex(x => new { x.DossierId, x.ItemId }).IsUnique();
        builder.HasOne<Dossier>().WithMany(d => d.Opinions).HasForeignKey(x => x.DossierId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<DossierEvent> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("dossier_events");
        builder.HasKey(x => x.Id);
        builder.Property(x => x.DossierId).HasMaxLength(24);
        builder.Property(x => x.UserName).HasMaxLength(256);
        builder.Property(x => x.Action).HasMaxLength(64);
        builder.Property(x => x.FromState).HasConversion<string>().HasMaxLength(24);
        builder.Property(x => x.ToState).HasConversion<string>().HasMaxLength(24);
        builder.Property(x => x.Note).HasMaxLength(8000);
        builder.HasIndex(x => x.DossierId);
        builder.HasOne<Dossier>().WithMany(d => d.Events).HasForeignKey(x => x.DossierId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<DossierSite> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("dossier_sites");
        builder.HasKey(x => x.Id);
        builder.Property(x => x.DossierId).HasMaxLength(24);
        builder.Property(x => x.CentreId).HasMaxLength(40);
        builder.Property(x => x.ProposedRole).HasConversion<string>().HasMaxLength(16);
        builder.Property(x => x.ProposedKind).HasConversion<string>().HasMaxLength(24);
        builder.Property(x => x.Decision).HasConversion<string>().HasMaxLength(32);
        builder.Property(x => x.Reservations).HasMaxLength(4000);
        builder.HasIndex(x => new { x.DossierId, x.CentreId }).IsUnique();
        builder.HasOne<Dossier>().WithMany(d => d.Sites).HasForeignKey(x => x.DossierId).OnDelete(DeleteBehavior.Cascade);
    }
}
