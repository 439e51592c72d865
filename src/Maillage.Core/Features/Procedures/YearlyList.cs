using System.Globalization;
using System.Text;
using Maillage.Core.Data;
using Maillage.Core.Infrastructure.Pdf;
using Maillage.Core.Infrastructure.Tabular;
using Maillage.Domain;
using Maillage.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Core.Features.Procedures;

/// <summary>One line of the yearly list: a labelled site, competence centre or resource centre on the list's date.</summary>
public sealed record YearlyListRow(
    string Filiere,
    string? NetworkId,
    string? NetworkName,
    string Kind,
    string CentreId,
    string CentreName,
    string Finess,
    string EstablishmentName,
    string? Commune,
    string Region,
    string? Head,
    string Decision);

/// <summary>What changed between two yearly lists, by centre.</summary>
public sealed record YearlyListChange(string CentreId, string CentreName, string Change, string? Before, string? After);

public sealed record YearlyList(int Year, DateOnly AsOf, bool FictitiousDemoData, IReadOnlyList<YearlyListRow> Rows, IReadOnlyList<YearlyListChange> Changes,
    IReadOnlyList<string> DecidedProcedures);

/// <summary>
/// The yearly list of labelled centres (the annex of the ministerial arrêté, also sent to Orphanet — note n° DGOS/DIR/DGRI/2018/218 du 19 septembre 2018, annexe « Procédure d'actualisation de la liste des CRMR et des FSMR »): every
/// coordinating and constitutive site of each CRMR, every competence centre and resource centre labelled on 31 December of
/// the year, with its establishment and head; the differences with the previous year's list; the procedures decided in the
/// year that the list reflects.
/// </summary>
public static class YearlyLists
{
    public const string CsvHeader = "filiere;network_id;network_name;kind;centre_id;centre_name;finess;establishment_name;commune;region;head;decision";

    public static async Task<YearlyList> BuildAsync(MaillageDbContext db, int year, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var rows = await RowsAsync(db, new DateOnly(year - 1, 12, 31), new DateOnly(year, 12, 31), ct);
        var (previous, current) = (rows[0], rows[1]);
        var changes = Diff(previous, current);
        var procedures = await db.Set<Dossier>().AsNoTracking().Where(d => d.ListYear == year && d.State == Domain.Procedures.DossierState.Approved)
            .OrderBy(d => d.Id).Select(d => d.Id + " — " + d.Title).ToListAsync(ct);
        var demo = await db.DataSetInfos.AsNoTracking().AnyAsync(x => x.Key == DataSetInfo.DemoKey, ct);
        return new YearlyList(year, new DateOnly(year, 12, 31), demo, current, changes, procedures);
    }

    /// <summary>
    /// The rows of the list on each of <paramref name="dates"/> (the previous year's end and the year's), from one read of
    /// the labels, centres, networks and heads covering them all: scalar columns only, no entity tracked — the national
    /// list has about 2,400 rows a year (issue 14).
    /// </summary>
    private static async Task<List<YearlyListRow>[]> RowsAsync(MaillageDbContext db, DateOnly first, DateOnly last, CancellationToken ct)
    {
        var labels = await db.Labels.AsNoTracking().Where(l => l.CentreId != null && l.ValidFrom <= last && (l.ValidTo == null || l.ValidTo >= first)
                && l.Decision != LabelDecision.NotRetained)
            .Select(l => new { CentreId = l.CentreId!, l.ValidFrom, l.ValidTo, l.Decision }).ToListAsync(ct);
        var ids = labels.Select(l => l.CentreId).Distinct(StringComparer.Ordinal).ToList();
        var centres = await db.Centres.AsNoTracking().Where(c => ids.Contains(c.Id))
            .Select(c => new
            {
                c.Id, c.Name, c.Kind, c.Role, c.ResourceKind, c.NetworkId, c.EstablishmentFiness,
                EstablishmentName = c.Establishment == null ? null : c.Establishment.Name,
                Commune = c.Establishment == null ? null : c.Establishment.Commune,
                Region = c.Establishment == null || c.Establishment.Departement == null ? null : c.Establishment.Departement.RegionCode,
                Attached = c.Attachments.Select(a => a.NetworkId).ToList(),
            }).ToListAsync(ct);
        var networkNames = await db.Networks.AsNoTracking().ToDictionaryAsync(n => n.Id, n => (n.Name, n.FiliereAcronym), ct);
        var mandates = await db.Mandates.AsNoTracking()
            .Where(m => m.Role == MandateRole.CentreHead && m.CentreId != null && m.From <= last && (m.To == null || m.To >= first))
            .Select(m => new { CentreId = m.CentreId!, m.From, m.To, m.Person!.Title, m.Person.FirstName, m.Person.LastName }).ToListAsync(ct);
        var result = new List<YearlyListRow>[2];
        var dates = new[] { first, last };
        for (var i = 0; i < 2; i++)
        {
            var asOf = dates[i];
            var decisions = labels.Where(l => l.ValidFrom <= asOf && (l.ValidTo == null || l.ValidTo >= asOf))
                .GroupBy(l => l.CentreId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.OrderByDescending(l => l.ValidFrom).First().Decision, StringComparer.Ordinal);
            var heads = mandates.Where(m => m.From <= asOf && (m.To == null || m.To >= asOf))
                .GroupBy(m => m.CentreId, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.OrderByDescending(m => m.From).Select(m => new Person { Id = "", Title = m.Title, FirstName = m.FirstName, LastName = m.LastName }.DisplayName).First(),
                    StringComparer.Ordinal);
            var rows = new List<YearlyListRow>();
            foreach (var c in centres.Where(c => decisions.ContainsKey(c.Id)))
            {
                var networkId = c.NetworkId ?? c.Attached.OrderBy(x => x, StringComparer.Ordinal).FirstOrDefault();
                var network = networkId is not null && networkNames.TryGetValue(networkId, out var n) ? n : default;
                var kind = (c.Kind, c.Role, c.ResourceKind) switch
                {
                    (CentreKind.ReferenceSite, SiteRole.Coordinating, _) => "site_coordonnateur",
                    (CentreKind.ReferenceSite, _, _) => "site_constitutif",
                    (CentreKind.CompetenceCentre, _, _) => "ccmr",
                    (CentreKind.ResourceCentre, _, ResourceCentreKind.Mhc) => "crc_mhc",
                    (CentreKind.ResourceCentre, _, ResourceCentreKind.Crcm) => "crcm",
                    _ => "crc_sla",
                };
                rows.Add(new YearlyListRow(network.FiliereAcronym ?? "", networkId, network.Name, kind, c.Id, c.Name, c.EstablishmentFiness,
                    c.EstablishmentName ?? "", c.Commune, c.Region ?? "",
                    heads.GetValueOrDefault(c.Id), decisions[c.Id] switch { LabelDecision.LabelledWithReservations => "labellise_avec_reserves", _ => "labellise" }));
            }
            result[i] = rows.OrderBy(r => r.Filiere, StringComparer.Ordinal).ThenBy(r => r.NetworkId ?? "", StringComparer.Ordinal)
                .ThenBy(r => KindOrder(r.Kind)).ThenBy(r => r.CentreId, StringComparer.Ordinal).ToList();
        }
        return result;
    }

    private static int KindOrder(string kind) => kind switch { "site_coordonnateur" => 0, "site_constitutif" => 1, "ccmr" => 2, _ => 3 };

    /// <summary>Centres added or removed, and for centres on both lists a change of head, establishment, name, kind or decision.</summary>
    public static IReadOnlyList<YearlyListChange> Diff(IReadOnlyList<YearlyListRow> previous, IReadOnlyList<YearlyListRow> current)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(current);
        var before = previous.ToDictionary(r => r.CentreId, StringComparer.Ordinal);
        var after = current.ToDictionary(r => r.CentreId, StringComparer.Ordinal);
        var changes = new List<YearlyListChange>();
        foreach (var r in current.Where(r => !before.ContainsKey(r.CentreId))) changes.Add(new(r.CentreId, r.CentreName, "ajout", null, $"{r.Kind} — {r.EstablishmentName}"));
        foreach (var r in previous.Where(r => !after.ContainsKey(r.CentreId))) changes.Add(new(r.CentreId, r.CentreName, "retrait", $"{r.Kind} — {r.EstablishmentName}", null));
        foreach (var r in current.Where(r => before.ContainsKey(r.CentreId)))
        {
            var b = before[r.CentreId];
            if (b.Head != r.Head) changes.Add(new(r.CentreId, r.CentreName, "responsable", b.Head, r.Head));
            if (b.Finess != r.Finess) changes.Add(new(r.CentreId, r.CentreName, "etablissement", $"{b.Finess} {b.EstablishmentName}", $"{r.Finess} {r.EstablishmentName}"));
            if (b.CentreName != r.CentreName) changes.Add(new(r.CentreId, r.CentreName, "nom", b.CentreName, r.CentreName));
            if (b.Kind != r.Kind) changes.Add(new(r.CentreId, r.CentreName, "type", b.Kind, r.Kind));
            if (b.Decision != r.Decision) changes.Add(new(r.CentreId, r.CentreName, "decision", b.Decision, r.Decision));
        }
        return changes.OrderBy(c => c.CentreId, StringComparer.Ordinal).ThenBy(c => c.Change, StringComparer.Ordinal).ToList();
    }

    public static string ToCsv(YearlyList list)
    {
        ArgumentNullException.ThrowIfNull(list);
        var sb = new StringBuilder();
        sb.Append(CsvHeader).Append('\n');
        foreach (var r in list.Rows)
            sb.AppendJoin(';', new[] { r.Filiere, r.NetworkId, r.NetworkName, r.Kind, r.CentreId, r.CentreName, r.Finess, r.EstablishmentName, r.Commune, r.Region, r.Head, r.Decision }.Select(v => CsvTable.Escape(v)))
                .Append('\n');
        return sb.ToString();
    }

    public static string ChangesToCsv(YearlyList list)
    {
        ArgumentNullException.ThrowIfNull(list);
        var sb = new StringBuilder("centre_id;centre_name;change;before;after\n");
        foreach (var c in list.Changes) sb.AppendJoin(';', new[] { c.CentreId, c.CentreName, c.Change, c.Before, c.After }.Select(v => CsvTable.Escape(v))).Append('\n');
        return sb.ToString();
    }

    /// <summary>
    /// The list as a PDF (A4 landscape): the changes since the previous year's list as a table, the decisions of the year,
    /// then one table per filière (header repeated on every page it runs onto).
    /// </summary>
    public static byte[] ToPdf(YearlyList list)
    {
        ArgumentNullException.ThrowIfNull(list);
        var title = $"Liste des centres de référence, de compétence et de ressources et compétences maladies rares — {list.Year}";
        var pdf = new PdfDocumentBuilder(title,
                $"Liste {list.Year} des centres maladies rares (annexe à l'arrêté){(list.FictitiousDemoData ? " — DONNÉES FICTIVES DE DÉMONSTRATION" : "")}",
                landscape: true)
            .Title(title)
            .Paragraph($"Annexe à l'arrêté annuel : structures labellisées au {French.Date(list.AsOf)} ({list.Rows.Count} lignes).");
        if (list.FictitiousDemoData) pdf.Paragraph("DONNÉES FICTIVES DE DÉMONSTRATION — ne décrivent pas le réseau réel.");
        pdf.Heading($"Modifications par rapport à la liste {list.Year - 1} ({list.Changes.Count})");
        if (list.Changes.Count == 0) pdf.Paragraph("Aucune modification.");
        else
            pdf.Table([new("Centre", 1.2), new("Nom", 3), new("Modification", 1.2), new("Avant", 3), new("Après", 3)],
                list.Changes.Select(c => new[] { c.CentreId, c.CentreName, c.Change, c.Before ?? "—", c.After ?? "—" }));
        if (list.DecidedProcedures.Count > 0)
        {
            pdf.Heading("Décisions de l'année reprises dans la liste");
            foreach (var p in list.DecidedProcedures) pdf.Paragraph("– " + p);
        }
        foreach (var filiere in list.Rows.GroupBy(r => r.Filiere))
        {
            pdf.Heading($"Filière {filiere.Key} ({filiere.Count()} lignes)");
            pdf.Table([new("Type", 1.6), new("Centre", 2.8), new("Identifiant", 1.6), new("Établissement (FINESS)", 3), new("Commune", 1.4),
                    new("CRMR", 2.2), new("Responsable", 1.6), new("Décision", 1.1)],
                filiere.Select(r => new[]
                {
                    Kind(r.Kind), r.CentreName, r.CentreId, $"{r.EstablishmentName} ({r.Finess})", r.Commune, r.NetworkName, r.Head,
                    r.Decision == "labellise_avec_reserves" ? "labellisé avec réserves" : "labellisé",
                }));
        }
        return pdf.ToBytes();
    }

    private static string Kind(string k) => k switch
    {
        "site_coordonnateur" => "Site coordonnateur",
        "site_constitutif" => "Site constitutif",
        "ccmr" => "Centre de compétence",
        "crc_mhc" => "CRC-MHC",
        "crcm" => "CRCM",
        _ => "CRC-SLA",
    };
}
