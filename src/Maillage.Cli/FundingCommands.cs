using System.CommandLine;
using System.Globalization;
using Maillage.Core.Features.Compliance;
using Maillage.Core.Features.Funding;
using Maillage.Core.Infrastructure.Campaigns;
using Maillage.Domain.Funding;

namespace Maillage.Cli;

/// <summary>
/// <c>maillage funding pemr --crmr-count N</c>, <c>funding dpi --input FILE.csv</c>,
/// <c>funding mig --input FILE.csv --envelope EUROS --campaign C</c>, each with <c>--format json|text</c>.
/// Exit codes: 0 done, 2 bad input (line and column named on stderr).
/// </summary>
public static class FundingCommands
{
    public static Command Build()
    {
        var funding = new Command("funding", "Calculateurs de financement (plateformes d'expertise, module DPI, part variable MIG)");
        funding.Subcommands.Add(Pemr());
        funding.Subcommands.Add(Dpi());
        funding.Subcommands.Add(Mig());
        return funding;
    }

    private static Option<string> FormatOption()
    {
        var format = new Option<string>("--format") { Description = "json ou text", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("json", "text");
        return format;
    }

    private static Command Pemr()
    {
        var count = new Option<int>("--crmr-count") { Description = "Nombre de CRMR/CRC de la plateforme", Required = true };
        var format = FormatOption();
        var cmd = new Command("pemr", "Financement d'une plateforme d'expertise maladies rares (note DGOS/MMR/2020/221)") { count, format };
        cmd.SetAction(async (pr, ct) =>
        {
            try
            {
                var f = PemrCalculator.Compute(pr.GetValue(count));
                await Console.Out.WriteLineAsync(pr.GetValue(format) == "json" ? FundingJson.Pemr(f) : string.Join(Environment.NewLine, f.Explanation));
                return 0;
            }
            catch (FundingInputException ex)
            {
                await Console.Error.WriteLineAsync($"--crmr-count : {ex.Message}");
                return 2;
            }
        });
        return cmd;
    }

    private static Command Dpi()
    {
        var input = new Option<FileInfo>("--input") { Description = "Établissements (CSV « ; », voir docs/formats/funding.md)", Required = true };
        var format = FormatOption();
        var cmd = new Command("dpi", "Financement du module maladies rares du DPI (arbre de décision C3 2021)") { input, format };
        cmd.SetAction(async (pr, ct) =>
        {
            try
            {
                var items = FundingFiles.ComputeDpi(pr.GetValue(input)!.FullName);
                if (pr.GetValue(format) == "json")
                {
                    await Console.Out.WriteLineAsync(FundingJson.Dpi(items));
                    return 0;
                }
                foreach (var e in items)
                    await Console.Out.WriteLineAsync($"{e.Finess} {e.Name} : {Euro.Format(e.Amount)} ({e.Branch}) — {string.Join(' ', e.Explanation)}");
                await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"Total : {Euro.Format(items.Sum(e => e.Amount))} pour {Maillage.Domain.French.Count(items.Count(e => e.Amount > 0), "établissement financé", "établissements financés")}."));
                return 0;
            }
            catch (InputFileException ex)
            {
                await Console.Error.WriteLineAsync(ex.Message);
                return 2;
            }
        });
        return cmd;
    }

    private static Command Mig()
    {
        var input = new Option<FileInfo>("--input") { Description = "Centres et indicateurs (CSV « ; », voir docs/formats/funding.md)", Required = true };
        var envelope = new Option<string>("--envelope") { Description = "Enveloppe à répartir, en euros (ex. 1000000 ou 1000000.50)", Required = true };
        var campaign = new Option<string>("--campaign") { Description = "Campagne dont le référentiel donne les poids", DefaultValueFactory = _ => ComplianceCheck.DefaultCampaign };
        var format = FormatOption();
        var cmd = new Command("mig", "Répartition de la part variable MIG des centres (poids PIRAMIG 2024)") { input, envelope, campaign, format };
        cmd.SetAction(async (pr, ct) =>
        {
            try
            {
                decimal euros;
                try
                {
                    euros = FundingCalculators.ParseEnvelope(pr.GetValue(envelope));
                }
                catch (FundingInputException ex)
                {
                    await Console.Error.WriteLineAsync($"--envelope : {ex.Message}");
                    return 2;
                }
                var referential = CampaignCatalogue.Shipped.Get(pr.GetValue(campaign)!);
                var centres = FundingFiles.ReadMig(pr.GetValue(input)!.FullName);
                var allocation = FundingCalculators.Mig(centres, euros, referential);
                if (pr.GetValue(format) == "json")
                {
                    await Console.Out.WriteLineAsync(FundingJson.Mig(allocation));
                    return 0;
                }
                foreach (var note in allocation.Notes) await Console.Out.WriteLineAsync(note);
                foreach (var c in allocation.Centres)
                {
                    await Console.Out.WriteLineAsync($"{c.CentreId} {c.Name} : {Euro.FormatCents(c.Amount)}");
                    foreach (var line in c.Explanation) await Console.Out.WriteLineAsync("  " + line);
                }
                await Console.Out.WriteLineAsync($"Total : {Euro.FormatCents(allocation.Total)} (enveloppe {Euro.FormatCents(allocation.Envelope)}).");
                return 0;
            }
            catch (Exception ex) when (ex is InputFileException or ReferentialException)
            {
                await Console.Error.WriteLineAsync(ex.Message);
                return 2;
            }
            catch (FundingInputException ex)
            {
                await Console.Error.WriteLineAsync($"{ex.Field} : {ex.Message}");
                return 2;
            }
        });
        return cmd;
    }
}
