using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Serialization;
using Maillage.Core.Infrastructure.Pdf;
using Maillage.Domain;
using Maillage.Domain.Procedures;

namespace Maillage.Core.Features.Procedures;

/// <summary>The decision letter and the complete export of a dossier (ZIP: every document, opinion, the decision, the history).</summary>
public static class DossierExport
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    /// <summary>The ministry's decision as a PDF letter: the decision, its grounds, the items seen, the recipients.</summary>
    public static byte[] DecisionLetter(Dossier d, DossierRequirementsView req, IReadOnlyList<string> recipients)
    {
        ArgumentNullException.ThrowIfNull(d);
        ArgumentNullException.ThrowIfNull(req);
        ArgumentNullException.ThrowIfNull(recipients);
        var title = d.State switch
        {
            DossierState.Approved => $"Décision — {d.Kind.Label()}",
            DossierState.Rejected => $"Décision de refus — {d.Kind.Label()}",
            DossierState.Decided => $"Décision — {d.Kind.Label()}",
            _ => $"Projet de décision — {d.Kind.Label()} (dossier non décidé)",
        };
        var pdf = new PdfDocumentBuilder(title, $"DGOS — Mission maladies rares — dossier {d.Id}")
            .Paragraph("Ministère chargé de la santé — Direction générale de l'offre de soins (DGOS)")
            .Paragraph("Mission maladies rares")
            .Blank()
            .Title(title)
            .Paragraph($"Dossier {d.Id} : {d.Title}")
            .Paragraph(d.DecidedAt is { } at ? $"Date de la décision : {French.Date(at, TimeZoneInfo.Utc)}" : "Dossier non décidé.")
            .Blank();
        if (d.State == DossierState.Approved && d.Kind == ProcedureKind.PlatformProject)
            pdf.Paragraph("Sur avis du jury, la DGOS retient le projet de plateforme d'expertise maladies rares : la plateforme est inscrite au registre et financée "
                + "pendant deux ans selon le modèle de la note DGOS/MMR/2020/221 (§VII) ; un point d'étape est attendu six mois après la délégation des crédits, "
                + "et la reconduction des crédits en deuxième année sera décidée au vu de l'évaluation annuelle (§IX).");
        else if (d.State == DossierState.Approved && d.Kind is not (ProcedureKind.SeatChange or ProcedureKind.FiliereSeatChange))
            pdf.Paragraph($"Après avis du comité de suivi de la labellisation ({d.CommitteeOpinion?.Label() ?? "—"}), {d.SuccessorDisplayName} est désigné(e) "
                + $"{(d.Kind == ProcedureKind.CentreHeadSuccession ? "responsable du centre" : "coordonnateur(trice) de la filière")} du "
                + $"{French.Date(d.MandateFrom)} au {French.Date(d.MandateTo)}, "
                + "pour une période équivalente à celle de la labellisation en cours.");
        else if (d.State == DossierState.Approved)
            pdf.Paragraph($"Le changement d'établissement siège est accepté à compter du {French.Date(d.MandateFrom)} : "
                + $"le centre est désormais rattaché à l'établissement {d.OtherFiness}.");
        else if (d.State == DossierState.Rejected)
            pdf.Paragraph("La demande n'est pas retenue.");
        else if (d.State == DossierState.Decided)
        {
            pdf.Paragraph("Sur avis du jury de labellisation, la DGOS statue site par site :");
            pdf.Table([new("Site", 1.3), new("Décision", 2), new("Réserves", 3)],
                d.Sites.OrderBy(x => x.Id).Select(site => new[]
                {
                    site.CentreId,
                    ProcedureService.DecisionLabel(site.Decision ?? Domain.Registry.LabelDecision.NotRetained)
                        + (site.KeepsCompetenceLabel ? " comme site constitutif ; le centre reste labellisé centre de compétence" : ""),
                    site.Reservations ?? "—",
                }));
            pdf.Paragraph("Les labels prennent effet au début de la période de labellisation, à la publication des résultats de la campagne (arrêté fixant la liste des centres).");
        }
        if (!string.IsNullOrWhiteSpace(d.DecisionText)) pdf.Heading("Motifs").Paragraph(d.DecisionText);
        pdf.Heading("Pièces du dossier");
        pdf.Table([new("N°", 0.5), new("Pièce", 4), new("État", 2.5)],
            req.Items.Select(item =>
            {
                var opinion = d.Opinions.FirstOrDefault(o => o.ItemId == item.Id);
                var doc = d.Documents.FirstOrDefault(x => x.ItemId == item.Id);
                var state = opinion is not null ? $"avis {opinion.Value.Label().ToLowerInvariant()}" : doc is not null ? $"fourni ({doc.FileName})" : "non fourni";
                return new[] { item.Number.ToString(CultureInfo.InvariantCulture), $"{item.Label}{(item.TargetLabel is null ? "" : $" — {item.TargetLabel}")}", state };
            }));
        if (d.CommitteeOpinion is { } c) pdf.Paragraph($"Avis du comité de suivi de la labellisation : {c.Label()}{(d.CommitteeReasons is null ? "" : $" — {d.CommitteeReasons}")}");
        pdf.Heading("Notification").Paragraph("La présente décision est notifiée à :");
        foreach (var r in recipients) pdf.Paragraph($"– {r}");
        if (d.Kind == ProcedureKind.PlatformProject) pdf.Blank().Paragraph($"Source : {PlatformCall.Note}, §IV, §VII à §IX.");
        else
        {
            pdf.Paragraph("Elle est communiquée à Orphanet et reprise dans l'arrêté annuel fixant la liste des centres.");
            pdf.Blank().Paragraph($"Source : {DossierRequirements.AnnexSource}.");
        }
        return pdf.ToBytes();
    }

    /// <summary>Writes the ZIP: dossier.json (everything but file contents), documents/, decision.pdf. The successor's
    /// identifying data is left out (see the overload).</summary>
    public static Task WriteZipAsync(Stream output, Dossier d, DossierRequirementsView req, IReadOnlyList<string> recipients, CancellationToken ct) =>
        WriteZipAsync(output, d, req, recipients, null, successorIdentity: false, ct);

    /// <summary>
    /// The same, with the procedure's own parts as JSON entries named by the dictionary's keys (e.g. <c>platform.json</c>:
    /// a platform project's scope, budget, funding and follow-up; <c>jury.json</c>: the jury's assignments and reviews).
    /// </summary>
    /// <param name="successorIdentity">Whether the reader may see the successor's identifying data (RPPS, status, birth date,
    /// clinical activity): <see cref="ProcedureService.MayReadSuccessorIdentityAsync"/>. Otherwise those fields are null.</param>
    public static async Task WriteZipAsync(Stream output, Dossier d, DossierRequirementsView req, IReadOnlyList<string> recipients,
        IReadOnlyDictionary<string, object>? parts, bool successorIdentity, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(d);
        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        var docs = d.Documents.OrderBy(x => x.Id).Select((x, i) => new
        {
            x.ItemId, x.FileName, Path = $"documents/{i + 1:00}-{Safe(x.ItemId)}-{Safe(x.FileName)}", x.Size, x.Sha256, x.PageCount, x.UploadedBy, x.UploadedAt,
        }).ToList();
        var manifest = new
        {
            d.Id, Kind = d.Kind.Code(), State = d.State.Code(), d.Title, d.CentreId, d.FiliereAcronym, d.SeatFiness, d.OtherFiness, d.OutgoingPersonId,
            Successor = new
            {
                d.SuccessorPersonId, d.SuccessorTitle, d.SuccessorFirstName, d.SuccessorLastName,
                SuccessorRpps = successorIdentity ? d.SuccessorRpps : null,
                SuccessorStatus = successorIdentity ? d.SuccessorStatus : null,
                SuccessorBirthDate = successorIdentity ? d.SuccessorBirthDate : null,
                SuccessorClinicalActivity = successorIdentity ? d.SuccessorClinicalActivity : null,
            },
            d.EffectiveDate, d.Deadline, d.CreatedBy, d.CreatedAt, d.SubmittedAt, d.CommitteeOpinion, d.CommitteeReasons, d.DecidedAt, d.DecisionText,
            d.ReturnReason, d.MandateFrom, d.MandateTo, d.ListYear,
            Items = req.Items.Select(i => new { i.Id, i.Number, i.Label, Type = i.Type.ToString().ToLowerInvariant(), Party = i.Party.Code(), i.TargetId, i.TargetLabel, i.Required }),
            Sections = d.Sections.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => new { s.Key, s.Text }),
            Opinions = d.Opinions.OrderBy(o => o.ItemId, StringComparer.Ordinal).Select(o => new { o.ItemId, Party = o.Party.Code(), Value = o.Value.Code(), o.Reasons, o.AlternativeCandidate, o.GivenBy, o.GivenAt }),
            Documents = docs,
            History = d.Events.OrderBy(e => e.At).ThenBy(e => e.Id).Select(e => new { e.At, e.UserName, e.Action, From = e.FromState?.Code(), To = e.ToState?.Code(), e.Note }),
            d.CallId, d.NetworkId,
            Sites = d.Sites.OrderBy(x => x.Id).Select(x => new { x.CentreId, x.ProposedKind, x.ProposedRole, x.Decision, x.Reservations, x.KeepsCompetenceLabel }),
            Recipients = recipients,
        };
        var entry = zip.CreateEntry("dossier.json", CompressionLevel.Optimal);
        await using (var s = entry.Open()) await JsonSerializer.SerializeAsync(s, manifest, Json, ct);
        foreach (var (name, part) in parts ?? new Dictionary<string, object>())
        {
            var p = zip.CreateEntry(name, CompressionLevel.Optimal);
            await using var s = p.Open();
            await JsonSerializer.SerializeAsync(s, part, part.GetType(), Json, ct);
        }
        foreach (var (doc, meta) in d.Documents.OrderBy(x => x.Id).Zip(docs))
        {
            var e = zip.CreateEntry(meta.Path, CompressionLevel.NoCompression);
            await using var s = e.Open();
            await s.WriteAsync(doc.Content, ct);
        }
        var letter = zip.CreateEntry(d.State is DossierState.Approved or DossierState.Rejected or DossierState.Decided ? "decision.pdf" : "projet-de-decision.pdf",
            CompressionLevel.NoCompression);
        await using (var s = letter.Open()) await s.WriteAsync(DecisionLetter(d, req, recipients), ct);
    }

    private static string Safe(string s) => new(s.Select(ch => char.IsAsciiLetterOrDigit(ch) || ch is '.' or '-' or '_' ? ch : '_').ToArray());
}
