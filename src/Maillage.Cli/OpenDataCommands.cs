using System.CommandLine;
using System.Text;
using Maillage.Core.Features.PublicDirectory;
using Maillage.Core.Infrastructure.Nomenclature;

namespace Maillage.Cli;

/// <summary>
/// <c>maillage opendata export --format csv|json [--output FILE]</c> and <c>maillage opendata orphanet [--output FILE]</c>:
/// the public directory as open data (docs/formats/open-data.md), the same bytes as <c>GET /api/v1/directory/export</c>
/// and <c>/api/v1/directory/orphanet-list</c>.
/// </summary>
public static class OpenDataCommands
{
    public static Command Build()
    {
        var root = new Command("opendata", "Annuaire en données ouvertes (docs/formats/open-data.md) et liste annuelle pour Orphanet");
        var format = new Option<string>("--format") { Description = "csv ou json (défaut)", DefaultValueFactory = _ => "json" };
        var output = new Option<string?>("--output", "-o") { Description = "Fichier à écrire (sinon la sortie standard)" };
        var export = new Command("export", "Exporte l'annuaire : centres labellisés, réseaux, filières, plateformes") { format, output };
        export.SetAction(async (pr, ct) =>
        {
            var fmt = (pr.GetValue(format) ?? "json").Trim().ToLowerInvariant();
            if (fmt is not ("csv" or "json"))
            {
                await Console.Error.WriteLineAsync($"Format « {fmt} » inconnu : csv ou json.");
                return 1;
            }
            var catalog = await LoadAsync(ct);
            await WriteAsync(fmt == "csv" ? OpenData.CsvBytes(catalog) : OpenData.JsonBytes(catalog), pr.GetValue(output), ct);
            return 0;
        });
        var orphanetOutput = new Option<string?>("--output", "-o") { Description = "Fichier à écrire (sinon la sortie standard)" };
        var orphanet = new Command("orphanet", "La liste annuelle transmise à Orphanet : centres et ORPHAcodes (CSV)") { orphanetOutput };
        orphanet.SetAction(async (pr, ct) =>
        {
            await WriteAsync(OpenData.OrphanetListBytes(await LoadAsync(ct)), pr.GetValue(orphanetOutput), ct);
            return 0;
        });
        root.Subcommands.Add(export);
        root.Subcommands.Add(orphanet);
        return root;
    }

    private static async Task<DirectoryCatalog> LoadAsync(CancellationToken ct)
    {
        await using var db = await CliDatabase.OpenAsync(ct);
        var graph = await new OrphaGraphCache().GetAsync(db, ct);
        return await DirectoryCatalog.LoadAsync(db, graph, DateOnly.FromDateTime(DateTime.Now), ct);
    }

    private static async Task WriteAsync(byte[] bytes, string? file, CancellationToken ct)
    {
        if (!string.IsNullOrEmpty(file))
        {
            var dir = Path.GetDirectoryName(Path.GetFullPath(file));
            if (dir is not null) Directory.CreateDirectory(dir);
            await File.WriteAllBytesAsync(file, bytes, ct);
            await Console.Error.WriteLineAsync($"{bytes.Length} octets écrits dans {file}");
            return;
        }
        var text = Encoding.UTF8.GetString(bytes);
        if (text.Length > 0 && text[0] == '\uFEFF') text = text[1..];
        await Console.Out.WriteAsync(text);
        await Console.Out.FlushAsync(ct);
    }
}
