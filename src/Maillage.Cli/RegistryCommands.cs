using System.CommandLine;
using Maillage.Core.Features.Registry;
using Maillage.Core.Infrastructure.Security;
using Maillage.Core.Infrastructure.Nomenclature;
using Maillage.Core.Features.Registry.Transfer;

namespace Maillage.Cli;

/// <summary><c>maillage registry import|export|stats</c>: the registry format of docs/formats/registry.md, and the counts.</summary>
public static class RegistryCommands
{
    public static Command Build()
    {
        var registry = new Command("registry", "Registre : import, export (docs/formats/registry.md) et statistiques");
        registry.Subcommands.Add(Import());
        registry.Subcommands.Add(Export());
        registry.Subcommands.Add(RegistryStatsCommand.Build());
        registry.Subcommands.Add(HeadAgeCommand.Build());
        return registry;
    }

    private static Command Import()
    {
        var path = new Argument<string>("path") { Description = "Dossier de fichiers CSV, archive .zip ou classeur .xlsx" };
        var cmd = new Command("import", "Importe le registre ; rien n'est écrit si une erreur est trouvée") { path };
        cmd.SetAction(async (pr, ct) =>
        {
            await using var db = await CliDatabase.OpenAsync(ct);
            // Perimeters are checked against the ORPHA nomenclature: an empty database first gets the one shipped in data/.
            if (await OrphanetImporter.EnsureImportedAsync(db, null, ct) is { } loaded)
                await Console.Error.WriteLineAsync($"Nomenclature ORPHA {loaded.Version} chargée ({loaded.Diseases} codes ; Orphanet, INSERM — CC BY 4.0).");
            var orpha = await OrphaCatalog.LoadAsync(db, ct);
            var result = await RegistryImporter.ImportAsync(db, pr.GetValue(path)!, orpha, ct);
            if (!result.Applied)
            {
                foreach (var e in result.Errors) await Console.Error.WriteLineAsync(e.ToString());
                await Console.Error.WriteLineAsync($"Import refusé : {Maillage.Domain.French.Count(result.Errors.Count, "erreur", "erreurs")}, rien n'a été écrit.");
                return 1;
            }
            Console.Out.WriteLine($"Import appliqué : {Maillage.Domain.French.Count(result.Created, "créé", "créés")}, {Maillage.Domain.French.Count(result.Updated, "modifié", "modifiés")}, {Maillage.Domain.French.Count(result.Unchanged, "inchangé", "inchangés")}.");
            return 0;
        });
        return cmd;
    }

    private static Command Export()
    {
        var path = new Argument<string>("folder") { Description = "Dossier de destination (ou fichier .xlsx / .zip)" };
        var format = new Option<string>("--format") { Description = "csv (défaut), xlsx ou zip", DefaultValueFactory = _ => "csv" };
        var cmd = new Command("export", "Exporte tout le registre") { path, format };
        cmd.SetAction(async (pr, ct) =>
        {
            var target = pr.GetValue(path)!;
            var fmt = (pr.GetValue(format) ?? "csv").Trim().ToLowerInvariant();
            if (fmt is not ("csv" or "xlsx" or "zip"))
            {
                await Console.Error.WriteLineAsync($"Format « {fmt} » inconnu : csv, xlsx ou zip.");
                return 1;
            }
            await using var db = await CliDatabase.OpenAsync(ct);
            // The CLI runs on the server with the database in hand: it exports as the local operator (docs/security.md).
            var transfer = new RegistryTransfer(db, new PersonalData(db, new AccessPolicy(db, TimeProvider.System), TimeProvider.System));
            if (fmt == "csv")
            {
                await transfer.ExportFolderAsync(Caller.Operator, target, ct);
                Console.Out.WriteLine($"Registre exporté en CSV dans {target}");
                return 0;
            }
            var file = target.EndsWith("." + fmt, StringComparison.OrdinalIgnoreCase) ? target : Path.Combine(target, "registre." + fmt);
            var dir = Path.GetDirectoryName(Path.GetFullPath(file));
            if (dir is not null) Directory.CreateDirectory(dir);
            await using (var stream = File.Create(file))
            {
                await transfer.ExportAsync(Caller.Operator, fmt, stream, ct);
            }
            Console.Out.WriteLine($"Registre exporté dans {file}");
            return 0;
        });
        return cmd;
    }
}
