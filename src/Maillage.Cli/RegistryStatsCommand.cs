using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Maillage.Core.Features.Registry;
using Spectre.Console;

namespace Maillage.Cli;

/// <summary><c>maillage registry stats [--as-of DATE] [--format json|table]</c>: the same counts as the home page.</summary>
public static class RegistryStatsCommand
{
    public static Command Build()
    {
        var asOf = new Option<string?>("--as-of") { Description = "Date (AAAA-MM-JJ) : le réseau tel qu'il était ce jour-là ; aujourd'hui par défaut" };
        var format = new Option<string>("--format") { Description = "json ou table", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("json", "table");
        var cmd = new Command("stats", "Compte les structures par type, par filière et par région") { asOf, format };
        cmd.SetAction(async (pr, ct) =>
        {
            DateOnly? date = null;
            var text = pr.GetValue(asOf);
            if (text is not null)
            {
                if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
                {
                    await Console.Error.WriteLineAsync($"--as-of : date « {text} » invalide (attendu AAAA-MM-JJ).");
                    return 2;
                }
                date = d;
            }
            await using var db = await CliDatabase.OpenAsync(ct);
            var stats = await new RegistryQueries(db, TimeProvider.System).StatsAsync(date, ct);
            if (pr.GetValue(format) == "json")
            {
                await Console.Out.WriteLineAsync(JsonSerializer.Serialize(stats, new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
                return 0;
            }
            var table = new Table().AddColumns("", "réseaux", "coordonnateurs", "constitutifs", "CCMR", "CRC", "plateformes");
            void Row(string label, StructureCounts c) => table.AddRow(Markup.Escape(label), N(c.Networks), N(c.CoordinatingSites), N(c.ConstitutiveSites),
                N(c.CompetenceCentres), N(c.ResourceCentres), N(c.Platforms));
            Row("Total", stats.Totals);
            foreach (var (k, v) in stats.ByFiliere) Row(k, v);
            foreach (var (k, v) in stats.ByRegion) Row("Région " + k, v);
            AnsiConsole.MarkupLine($"Réseau au [bold]{stats.AsOf}[/]{(stats.FictitiousDemoData ? " — [yellow]données fictives de démonstration[/]" : "")}");
            AnsiConsole.Write(table);
            return 0;
        });
        return cmd;
    }

    private static string N(int n) => n.ToString(CultureInfo.InvariantCulture);
}
