using System.CommandLine;
using Maillage.Core.Data;

namespace Maillage.Cli;

/// <summary>The <c>maillage</c> command line. Every command exits non-zero on any error.</summary>
public static class CliApp
{
    public static async Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand("Maillage — système d'information du réseau maladies rares");
        root.Subcommands.Add(DbCommands());
        root.Subcommands.Add(OrphanetCommands.Build());
        root.Subcommands.Add(RegistryCommands.Build());
        root.Subcommands.Add(ComplianceCommands.Build());
        root.Subcommands.Add(FundingCommands.Build());
        root.Subcommands.Add(BudgetCommands.Build());
        root.Subcommands.Add(ActivityCommands.Build());
        root.Subcommands.Add(OpenDataCommands.Build());
        root.Subcommands.Add(LabellingCommands.Build());
        root.Subcommands.Add(FiliereCommands.Build());
        root.Subcommands.Add(ReportCommands.Build());
        root.Subcommands.Add(UserCommands.Build()); // accounts: e-mail and RPPS (docs/authentication.md)
        root.Subcommands.Add(DemoCommands.Build()); // national-size demo history (docs/demo-data.md)
        return await root.Parse(args).InvokeAsync();
    }

    private static Command DbCommands()
    {
        var db = new Command("db", "Schéma de la base de données");
        var provider = new Option<DatabaseProvider>("--provider") { Description = "sqlite ou postgres", DefaultValueFactory = _ => DatabaseProvider.Sqlite };
        var script = new Command("script", "Affiche le script de création du modèle courant pour un fournisseur") { provider };
        script.SetAction(pr =>
        {
            Console.Out.Write(SchemaMigrator.ModelCreateScript(pr.GetValue(provider)));
            return 0;
        });
        db.Subcommands.Add(script);
        db.Subcommands.Add(DbInitCommand.Build()); // first run from the CLI (docs/demo-data.md)
        return db;
    }
}
