using System.Globalization;
using System.Text;
using Maillage.Core.Data;
using Maillage.Core.Infrastructure.Pdf;
using Maillage.Core.Infrastructure.Tabular;
using Maillage.Domain;
using Maillage.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Core.Features.Filieres;

/// <summary>One line of the yearly list of FSMR coordinators: a filière labelled on the list's date, its seat and coordinator.</summary>
public sealed record CoordinatorListRow(
    string Filiere,
    string FiliereName,
    string? HostFiness,
    string? HostName,
    string? Commune,
    string? Region,
    string? CoordinatorPersonId,
    string? Coordinator,
    DateOnly? MandateFrom,
    DateOnly? MandateTo);

/// <summary>What changed for one filière between two yearly lists.</summary>
public sealed record CoordinatorListChange(string Filiere, string Change, string? Before, string? After);

public sealed record CoordinatorList(int Year, DateOnly AsOf, bool FictitiousDemoData, IReadOnlyList<CoordinatorListRow> Rows, IReadOnlyList<CoordinatorListChange> Changes);

/// <summary>
/// The yearly list of FSMR coordinators (note n° DGOS/DIR/DGRI/2018/218 du 19 septembre 2018, annexe, succession d'un
/// coordonnateur de FSMR : « La liste des coordonnateurs de FSMR fait l'objet d'un arrêté ministériel annuel ») — every filière
/// labelled on 31 December of the year (a filière without a label in the registry is listed too, as the registry knows no
/// other), its seat establishment and its coordinator in office that day — and its differences with the previous year's
/// (filière added or withdrawn, coordinator, seat). Built as the centres' yearly list is (<c>YearlyLists</c>).
/// </summary>
public static class CoordinatorLists
{
    public const string CsvHeader = "filiere;filiere_name;host_finess;host_name;commune;region;coordinator_person_id;coordinator;mandate_from;mandate_to";
    public const string ChangesCsvHeader = "filiere;change;before;after";

    public static async Task<CoordinatorList> BuildAsync(MaillageDbContext db, int year, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var current = await RowsAsync(db, new DateOnly(year, 12, 31), ct);
        var previous = await RowsAsync(db, new DateOnly(year - 1, 12, 31), ct);
        var demo = await db.DataSetInfos.AsNoTracking().AnyAsync(x => x.Key == DataSetInfo.DemoKey, ct);
        return new CoordinatorList(year, new DateOnly(year, 12, 31), demo, current, Diff(previous, current));
    }

    private static async Task<List<CoordinatorListRow>> RowsAsync(MaillageDbContext db, DateOnly asOf, CancellationToken ct)
    {
        var labels = await db.Labels.AsNoTracking().Where(l => l.FiliereAcronym != null).ToListAsync(ct);
        var labelled = labels.Where(l => l.CoversDate(asOf)).Select(l => l.FiliereAcronym!).ToHashSet(StringComparer.Ordinal);
        var known = labels.Select(l => l.FiliereAcronym!).ToHashSet(StringComparer.Ordinal);
        var filieres = await db.Filieres.AsNoTracking().ToListAsync(ct);
        // The seat on asOf: a filière's host is one column, so an approved change of seat taking effect after asOf tells the
        // seat it left (the earliest such change), otherwise the host today.
        var moves = await db.Set<Procedures.Dossier>().AsNoTracking()
            .Where(d => d.Kind == Domain.Procedures.ProcedureKind.FiliereSeatChange && d.State == Domain.Procedures.DossierState.Approved && d.MandateFrom != null)
            .Select(d => new { d.FiliereAcronym, d.SeatFiness, d.MandateFrom }).ToListAsync(ct);
        string? HostOn(Filiere f) => moves.Where(m => m.FiliereAcronym == f.Acronym && m.MandateFrom > asOf).OrderBy(m => m.MandateFrom)
            .Select(m => m.SeatFiness).FirstOrDefault() ?? f.HostFiness;
        var hostIds = filieres.Select(HostOn).OfType<string>().Distinct().ToList();
        var hosts = await db.Establishments.AsNoTracking().Include(e => e.Departement).Where(e => hostIds.Contains(e.Finess)).ToDictionaryAsync(e => e.Finess, ct);
        var mandates = (await db.Mandates.AsNoTracking().Include(m => m.Person)
                .Where(m => m.Role == MandateRole.FiliereCoordinator && m.FiliereAcronym != null && m.From <= asOf && (m.To == null || m.To >= asOf)).ToListAsync(ct))
            .GroupBy(m => m.FiliereAcronym!).ToDictionary(g => g.Key, g => g.OrderByDescending(m => m.From).First(), StringComparer.Ordinal);
        return filieres
            // Listed: the filières labelled that day; a filière the registry holds no label for at all is listed as it stands.
            .Where(f => labelled.Contains(f.Acronym) || !known.Contains(f.Acronym))
            .Select(f =>
            {
                var m = mandates.GetValueOrDefault(f.Acronym);
                var hostFiness = HostOn(f);
                var host = hostFiness is null ? null : hosts.GetValueOrDefault(hostFiness);
                return new CoordinatorListRow(f.Acronym, f.Name, hostFiness, host?.Name, host?.Commune, host?.Departement?.RegionCode,
                    m?.PersonId, m?.Person?.DisplayName, m?.From, m?.To);
            })
            .OrderBy(r => r.Filiere, StringComparer.Ordinal).ToList();
    }

    /// <summary>Filières added or withdrawn, and for filières on both lists a change of coordinator or of seat establishment.</summary>
    public static IReadOnlyList<CoordinatorListChange> Diff(IReadOnlyList<CoordinatorListRow> previous, IReadOnlyList<CoordinatorListRow> current)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(current);
        var before = previous.ToDictionary(r => r.Filiere, StringComparer.Ordinal);
        var after = current.ToDictionary(r => r.Filiere, StringComparer.Ordinal);
        var changes = new List<CoordinatorListChange>();
        foreach (var r in current.Where(r => !before.ContainsKey(r.Filiere))) changes.Add(new(r.Filiere, "ajout", null, r.Coordinator));
        foreach (var r in previous.Where(r => !after.ContainsKey(r.Filiere))) changes.Add(new(r.Filiere, "retrait", r.Coordinator, null));
        foreach (var r in current.Where(r => before.ContainsKey(r.Filiere)))
        {
            var b = before[r.Filiere];
            if (b.CoordinatorPersonId != r.CoordinatorPersonId) changes.Add(new(r.Filiere, "coordonnateur", b.Coordinator, r.Coordinator));
            if (b.HostFiness != r.HostFiness) changes.Add(new(r.Filiere, "etablissement_siege", Seat(b), Seat(r)));
        }
        return changes.OrderBy(c => c.Filiere, StringComparer.Ordinal).ThenBy(c => c.Change, StringComparer.Ordinal).ToList();
    }

    private static string? Seat(CoordinatorListRow r) => r.HostFiness is null ? null : $"{r.HostFiness} {r.HostName}".Trim();

    private static string? Iso(DateOnly? d) => d?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string ToCsv(CoordinatorList list)
    {
        ArgumentNullException.ThrowIfNull(list);
        var sb = new StringBuilder(CsvHeader).Append('\n');
        foreach (var r in list.Rows)
            sb.AppendJoin(';', new[] { r.Filiere, r.FiliereName, r.HostFiness, r.HostName, r.Commune, r.Region, r.CoordinatorPersonId, r.Coordinator, Iso(r.MandateFrom), Iso(r.MandateTo) }
                .Select(v => CsvTable.Escape(v))).Append('\n');
        return sb.ToString();
    }

    public static string ChangesToCsv(CoordinatorList list)
    {
        ArgumentNullException.ThrowIfNull(list);
        var sb = new StringBuilder(ChangesCsvHeader).Append('\n');
        foreach (var c in list.Changes) sb.AppendJoin(';', new[] { c.Filiere, c.Change, c.Before, c.After }.Select(v => CsvTable.Escape(v))).Append('\n');
        return sb.ToString();
    }

    /// <summary>The list as a PDF (A4 landscape): the changes since the previous year's list, then the coordinators.</summary>
    public static byte[] ToPdf(CoordinatorList list)
    {
        ArgumentNullException.ThrowIfNull(list);
        var title = $"Liste des coordonnateurs des filières de santé maladies rares — {list.Year}";
        var pdf = new PdfDocumentBuilder(title,
                $"Liste {list.Year} des coordonnateurs de FSMR (arrêté annuel){(list.FictitiousDemoData ? " — DONNÉES FICTIVES DE DÉMONSTRATION" : "")}",
                landscape: true)
            .Title(title)
            .Paragraph($"Coordonnateurs en fonction au {French.Date(list.AsOf)} ({list.Rows.Count} filières).");
        if (list.FictitiousDemoData) pdf.Paragraph("DONNÉES FICTIVES DE DÉMONSTRATION — ne décrivent pas le réseau réel.");
        pdf.Heading($"Modifications par rapport à la liste {list.Year - 1} ({list.Changes.Count})");
        if (list.Changes.Count == 0) pdf.Paragraph("Aucune modification.");
        else
            pdf.Table([new("Filière", 1.2), new("Modification", 1.6), new("Avant", 3), new("Après", 3)],
                list.Changes.Select(c => new[] { c.Filiere, c.Change, c.Before ?? "—", c.After ?? "—" }));
        pdf.Heading("Coordonnateurs");
        pdf.Table([new("Filière", 1.2), new("Nom", 3), new("Établissement siège (FINESS)", 3.2), new("Commune", 1.4), new("Coordonnateur", 2.2), new("Mandat", 1.8)],
            list.Rows.Select(r => new[]
            {
                r.Filiere, r.FiliereName, r.HostFiness is null ? "—" : $"{r.HostName} ({r.HostFiness})", r.Commune ?? "—", r.Coordinator ?? "vacant",
                r.MandateFrom is { } f ? $"{French.Date(f)} – {(r.MandateTo is { } t ? French.Date(t) : "")}" : "—",
            }));
        return pdf.ToBytes();
    }
}
