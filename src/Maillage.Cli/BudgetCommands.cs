using System.CommandLine;
using System.Text.Json;
using Maillage.Core.Features.Budget;
using Maillage.Core.Features.Compliance;
using Maillage.Core.Features.Funding;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain.Funding;

namespace Maillage.Cli;

/// <summary>
/// <c>maillage budget open|compute|delegate|publish|delegations|gaps</c>: the MIG budget chain in batch, as the national
/// administration (the operator holds the database). The same <see cref="BudgetService"/> as the pages and the API.
/// Exit codes: 0 done, 1 not found, 2 refused by a rule (the message on stderr names the field).
/// </summary>
public static class BudgetCommands
{
    private static Caller Operator => new($"cli:{Environment.UserName}", UserRole.NationalAdmin, null);

    public static Command Build()
    {
        var budget = new Command("budget", "Chaîne budgétaire MIG : enveloppes, circulaires C1–C3, délégations par établissement (FINESS EJ), écarts");
        budget.Subcommands.Add(Open());
        budget.Subcommands.Add(Compute());
        budget.Subcommands.Add(Delegate());
        budget.Subcommands.Add(Publish());
        budget.Subcommands.Add(Delegations());
        budget.Subcommands.Add(Gaps());
        return budget;
    }

    private static Option<int> YearOption() => new("--year") { Description = "Année budgétaire", Required = true };

    private static Option<string> CircularOption() => new("--circular") { Description = "C1, C2 ou C3", Required = true };

    private static Option<string> FormatOption()
    {
        var format = new Option<string>("--format") { Description = "csv, xlsx (avec --output) ou json", DefaultValueFactory = _ => "csv" };
        format.AcceptOnlyFromAmong("csv", "xlsx", "json");
        return format;
    }

    private static Option<FileInfo?> OutputOption() => new("--output") { Description = "Fichier de destination (sortie standard par défaut ; obligatoire en xlsx)" };

    /// <summary>Runs a budget action against the database; maps the budget chain's refusals to exit codes.</summary>
    private static async Task<int> RunAsync(Func<BudgetService, CancellationToken, Task<int>> action, CancellationToken ct)
    {
        await using var db = await CliDatabase.OpenAsync(ct);
        var service = new BudgetService(db, TimeProvider.System);
        try
        {
            return await action(service, ct);
        }
        catch (BudgetNotFoundException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            return 1;
        }
        catch (BudgetRuleException ex)
        {
            await Console.Error.WriteLineAsync($"{ex.Field} : {ex.Message}");
            return 2;
        }
        catch (FundingInputException ex)
        {
            await Console.Error.WriteLineAsync($"{ex.Field} : {ex.Message}");
            return 2;
        }
        catch (InputFileException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            return 2;
        }
    }

    private static Command Open()
    {
        var year = YearOption();
        var cmd = new Command("open", "Ouvre une année avec les enveloppes de la source et trois circulaires en préparation") { year };
        cmd.SetAction((pr, ct) => RunAsync(async (s, ct2) =>
        {
            var y = await s.OpenYearAsync(Operator, pr.GetValue(year), fictitious: false, ct2);
            Console.Out.WriteLine($"Budget {y.Year} ouvert : {string.Join(", ", y.Envelopes.Select(e => $"{e.Code} {BudgetRules.Money(e.Amount)}"))} ; plateformes sur {MigLines.Codes.Code(y.PlatformLine)}.");
            return 0;
        }, ct));
        return cmd;
    }

    private static Command Compute()
    {
        var year = YearOption();
        var circular = CircularOption();
        var lines = new Option<string[]>("--line") { Description = "Ligne(s) à calculer (F04…F07 ensemble, F17, la ligne des plateformes, F22)", Required = true, AllowMultipleArgumentsPerToken = true };
        var amounts = new Option<string[]>("--amount") { Description = "Montant à répartir sur une ligne, LIGNE=EUROS (ex. F17=6900000)", AllowMultipleArgumentsPerToken = true };
        var dpi = new Option<FileInfo?>("--dpi") { Description = "Établissements de l'arbre DPI pour F22 (CSV « ; », docs/formats/funding.md)" };
        var cmd = new Command("compute", "Calcule les délégations de lignes d'une circulaire en préparation") { year, circular, lines, amounts, dpi };
        cmd.SetAction((pr, ct) => RunAsync(async (s, ct2) =>
        {
            var parsed = new Dictionary<MigLineCode, decimal>();
            foreach (var a in pr.GetValue(amounts) ?? [])
            {
                var eq = a.IndexOf('=', StringComparison.Ordinal);
                if (eq < 0) throw new BudgetRuleException("--amount", $"« {a} » : attendu LIGNE=EUROS.");
                parsed[BudgetCodes.Line(a[..eq], "--amount")] = FundingCalculators.ParseEnvelope(a[(eq + 1)..]);
            }
            var file = pr.GetValue(dpi);
            var dpiRows = file is null ? null : FundingFiles.ComputeDpi(file.FullName);
            var r = await s.ComputeAsync(Operator, pr.GetValue(year), BudgetCodes.Circular(pr.GetValue(circular)),
                new BudgetComputeInput((pr.GetValue(lines) ?? []).Select(l => BudgetCodes.Line(l, "--line")).ToList(), parsed, dpiRows), null, ct2);
            foreach (var n in r.Notes) Console.Out.WriteLine(n);
            return 0;
        }, ct));
        return cmd;
    }

    private static Command Delegate()
    {
        var year = YearOption();
        var circular = CircularOption();
        var finess = new Option<string>("--finess") { Description = "FINESS de l'entité juridique", Required = true };
        var line = new Option<string>("--line") { Description = "Ligne MIG", Required = true };
        var amount = new Option<string>("--amount") { Description = "Montant en euros (0 supprime ; négatif : retrait, avec --note)", Required = true };
        var note = new Option<string?>("--note") { Description = "Note (obligatoire pour un retrait)" };
        var cmd = new Command("delegate", "Fixe une délégation d'une circulaire en préparation") { year, circular, finess, line, amount, note };
        cmd.SetAction((pr, ct) => RunAsync(async (s, ct2) =>
        {
            var text = (pr.GetValue(amount) ?? "").Trim().Replace(',', '.');
            if (!decimal.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign | System.Globalization.NumberStyles.AllowDecimalPoint,
                    System.Globalization.CultureInfo.InvariantCulture, out var euros))
                throw new BudgetRuleException("--amount", $"« {text} » n'est pas un montant en euros.");
            var c = await s.SetDelegationAsync(Operator, pr.GetValue(year), BudgetCodes.Circular(pr.GetValue(circular)),
                new DelegationInput(pr.GetValue(finess)!, BudgetCodes.Line(pr.GetValue(line)), euros, pr.GetValue(note)), null, ct2);
            Console.Out.WriteLine($"Circulaire {c.Id} : {Maillage.Domain.French.Count(c.Delegations.Count, "délégation", "délégations")}, total {BudgetRules.Money(c.Total)}.");
            return 0;
        }, ct));
        return cmd;
    }

    private static Command Publish()
    {
        var year = YearOption();
        var circular = CircularOption();
        var cmd = new Command("publish", "Publie une circulaire (elle ne change plus)") { year, circular };
        cmd.SetAction((pr, ct) => RunAsync(async (s, ct2) =>
        {
            var c = await s.PublishAsync(Operator, pr.GetValue(year), BudgetCodes.Circular(pr.GetValue(circular)), null, ct2);
            Console.Out.WriteLine($"Circulaire {c.Id} publiée : {Maillage.Domain.French.Count(c.Delegations.Count, "délégation", "délégations")}, total {BudgetRules.Money(c.Total)}.");
            return 0;
        }, ct));
        return cmd;
    }

    private static Command Delegations()
    {
        var year = YearOption();
        var circular = CircularOption();
        var format = FormatOption();
        var output = OutputOption();
        var cmd = new Command("delegations", "Exporte les délégations d'une circulaire (forme tabulaire des ARS, docs/formats/budget.md)") { year, circular, format, output };
        cmd.SetAction((pr, ct) => RunAsync(async (s, ct2) =>
        {
            var c = await s.CircularAsync(Operator, pr.GetValue(year), BudgetCodes.Circular(pr.GetValue(circular)), ct2);
            return await WriteAsync(BudgetService.DelegationSheet(c), pr.GetValue(format)!, pr.GetValue(output),
                () => JsonSerializer.Serialize(c, ComplianceJson.SerializerOptions), ct2);
        }, ct));
        return cmd;
    }

    private static Command Gaps()
    {
        var year = YearOption();
        var region = new Option<string?>("--region") { Description = "Code INSEE de la région" };
        var format = FormatOption();
        var output = OutputOption();
        var cmd = new Command("gaps", "Exporte la vue des écarts : délégué, déclaré, validé par région, établissement et ligne") { year, region, format, output };
        cmd.SetAction((pr, ct) => RunAsync(async (s, ct2) =>
        {
            var rows = await s.GapsAsync(Operator, pr.GetValue(year), pr.GetValue(region), ct2);
            return await WriteAsync(BudgetService.GapSheet(pr.GetValue(year), rows), pr.GetValue(format)!, pr.GetValue(output),
                () => JsonSerializer.Serialize(rows, ComplianceJson.SerializerOptions), ct2);
        }, ct));
        return cmd;
    }

    private static async Task<int> WriteAsync(Maillage.Core.Infrastructure.Tabular.TableSheet sheet, string format, FileInfo? output, Func<string> json, CancellationToken ct)
    {
        if (format == "xlsx" && output is null)
        {
            await Console.Error.WriteLineAsync("--output : un fichier est nécessaire pour le format xlsx.");
            return 2;
        }
        if (output is not null)
        {
            output.Directory?.Create();
            if (format == "json") await File.WriteAllTextAsync(output.FullName, json(), ct);
            else await File.WriteAllBytesAsync(output.FullName, BudgetService.Bytes(sheet, format), ct);
            Console.Out.WriteLine($"{Maillage.Domain.French.Count(sheet.Rows.Count, "ligne écrite", "lignes écrites")} dans {output.FullName}");
            return 0;
        }
        if (format == "json") await Console.Out.WriteLineAsync(json());
        else
        {
            // CSV on standard output without the BOM (the file form has it).
            using var w = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
            Maillage.Core.Infrastructure.Tabular.CsvTable.Write(w, sheet.Header, sheet.Rows.Select(r => (IReadOnlyList<string?>)r.Cells));
            await Console.Out.WriteAsync(w.ToString());
        }
        return 0;
    }
}
