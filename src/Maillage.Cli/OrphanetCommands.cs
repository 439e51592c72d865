using System.CommandLine;
using System.Globalization;
using Maillage.Core.Infrastructure.Nomenclature;
using Spectre.Console;

namespace Maillage.Cli;

/// <summary><c>maillage orphanet import &lt;pack.zip&gt; [--fr &lt;dir&gt;]</c>.</summary>
public static class OrphanetCommands
{
    public static Command Build()
    {
        var orphanet = new Command("orphanet", "Nomenclature Orphanet (ORPHAcodes, classifications) — Orphanet, INSERM, CC BY 4.0");

        var pack = new Argument<FileInfo>("pack") { Description = "Pack ORPHAnomenclature (zip officiel Orphadata, ex. data/orphanet/Orphanet_Nomenclature_Pack_EN_2023.zip)" };
        var fr = new Option<DirectoryInfo?>("--fr") { Description = "Dossier des CSV français (libellés, synonymes, redirections) ; par défaut le dossier du pack s'il les contient" };
        var import = new Command("import", "Importe (ou réimporte) la nomenclature et les classifications ; remplace le contenu précédent en une transaction") { pack, fr };
        import.SetAction(async (pr, ct) =>
        {
            var file = pr.GetValue(pack)!;
            var dir = pr.GetValue(fr);
            // Without --fr, the French labels shipped beside the pack (as in data/orphanet) are used when present.
            if (dir is null && file.Directory is { Exists: true } beside && beside.EnumerateFiles("orphanomenclature_*fr*.csv").Any())
            {
                dir = beside;
                await Console.Error.WriteLineAsync($"Libellés français lus dans {beside.FullName} (--fr pour un autre dossier).");
            }
            try
            {
                await using var db = await CliDatabase.OpenAsync(ct);
                OrphanetImportResult result;
                if (!Console.IsOutputRedirected)
                {
                    result = await AnsiConsole.Status().StartAsync("Import Orphanet…", async ctx =>
                        await OrphanetImporter.ImportAsync(db, file.FullName, dir?.FullName,
                            new Progress<string>(m => ctx.Status(Markup.Escape(m))), ct));
                }
                else
                {
                    result = await OrphanetImporter.ImportAsync(db, file.FullName, dir?.FullName,
                        new Progress<string>(m => Console.Error.WriteLine(m)), ct);
                }
                Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"Orphanet {result.Version} importé : {result.Diseases} codes ({result.ActiveDiseases} actifs, {result.Redirections} redirigés, {result.FrenchNames} libellés français), {result.Edges} liens dans {result.Classifications.Count} classifications, en {result.Elapsed.TotalSeconds:0.0} s."));
                Console.Out.WriteLine("Source : Orphanet, INSERM — CC BY 4.0.");
                return 0;
            }
            catch (OrphanetImportException ex)
            {
                await Console.Error.WriteLineAsync(ex.Message);
                return 2;
            }
            catch (OperationCanceledException)
            {
                await Console.Error.WriteLineAsync("Import Orphanet annulé : rien n'a été écrit.");
                return 130;
            }
            catch (Exception ex) when (ex is InvalidOperationException or System.Data.Common.DbException or ArgumentException)
            {
                await Console.Error.WriteLineAsync($"Import Orphanet impossible : {ex.Message}");
                return 1;
            }
        });
        orphanet.Subcommands.Add(import);
        return orphanet;
    }
}
