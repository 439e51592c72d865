using System.CommandLine;
using System.Globalization;
using Maillage.Core.Features.Compliance;
using Maillage.Core.Infrastructure.Campaigns;
using Maillage.Domain.Compliance;
using Maillage.Domain.Referential;
using Maillage.Domain.Registry;

namespace Maillage.Cli;

/// <summary>
/// <c>maillage compliance check --reports FILE.csv --campaign 2023-2028 --as-of YYYY-MM-DD --format json|table</c> and
/// <c>maillage compliance rules --campaign 2023-2028</c>. Exit codes: 0 done (whatever the verdicts), 2 bad input
/// (file, campaign, date), with the line and column named on stderr.
/// </summary>
public static class ComplianceCommands
{
    public static Command Build()
    {
        var compliance = new Command("compliance", "Conformité des sites aux critères de leur campagne de labellisation");
        compliance.Subcommands.Add(Check());
        compliance.Subcommands.Add(Rules());
        return compliance;
    }

    private static Option<string> CampaignOption() =>
        new("--campaign") { Description = "Campagne de labellisation (référentiel referentials/<campagne>.yaml)", DefaultValueFactory = _ => ComplianceCheck.DefaultCampaign };

    private static Command Check()
    {
        var reports = new Option<FileInfo>("--reports") { Description = "Rapports annuels (CSV « ; », voir docs/formats/compliance-reports.md)", Required = true };
        var campaign = CampaignOption();
        var asOf = new Option<string?>("--as-of") { Description = "Date de référence AAAA-MM-JJ (âge du responsable) ; aujourd'hui par défaut" };
        var format = new Option<string>("--format") { Description = "json ou table", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("json", "table");
        var cmd = new Command("check", "Vérifie chaque rapport (site, année) et donne les constats et le verdict") { reports, campaign, asOf, format };
        cmd.SetAction(async (pr, ct) =>
        {
            try
            {
                var date = ComplianceCheck.ParseAsOf(pr.GetValue(asOf), DateOnly.FromDateTime(DateTime.Today), "--as-of");
                var referential = CampaignCatalogue.Shipped.Get(pr.GetValue(campaign)!);
                var rows = ComplianceReportsFile.Read(pr.GetValue(reports)!.FullName);
                var evaluations = ComplianceCheck.Run(rows, referential, date);
                if (pr.GetValue(format) == "json")
                {
                    await Console.Out.WriteLineAsync(ComplianceJson.ToJson(evaluations).AsMemory(), ct);
                    return 0;
                }
                await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"Campagne {referential.CampaignId} (v{referential.Version}), au {date:yyyy-MM-dd} : {Maillage.Domain.French.Count(evaluations.Count, "rapport", "rapports")}."));
                foreach (var e in evaluations)
                {
                    await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{e.SiteId} {e.Year} : {e.Verdict.Label()} ({e.Verdict.Code()})"));
                    foreach (var f in e.Findings)
                        await Console.Out.WriteLineAsync($"  {f.Criterion.Code(),-16} {f.Status.Code(),-15} {f.Rule} — {f.Message}");
                }
                return 0;
            }
            catch (Exception ex) when (ex is InputFileException or ReferentialException or FormatException)
            {
                await Console.Error.WriteLineAsync(ex.Message);
                return 2;
            }
        });
        return cmd;
    }

    private static Command Rules()
    {
        var campaign = CampaignOption();
        var cmd = new Command("rules", "Affiche les règles d'une campagne (identifiant, seuil, source)") { campaign };
        cmd.SetAction(async (pr, ct) =>
        {
            try
            {
                var r = CampaignCatalogue.Shipped.Get(pr.GetValue(campaign)!);
                var o = Console.Out;
                await o.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{r.Label} — campagne {r.CampaignId}, années {r.FirstYear}-{r.LastYear}, version {r.Version}"));
                foreach (var t in r.Thresholds)
                    await o.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                        $"{t.Id,-36} {t.Kind.Code()}/{(t.Field is { } f ? f.Code() : "*")} {t.Criterion.Code()} >= {t.Minimum}   [{t.Source.Citation}]"));
                await o.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{r.Floor.Id,-36} toute structure : file active >= {r.Floor.Minimum}, jamais levé   [{r.Floor.Source.Citation}]"));
                foreach (var e in r.Exceptions)
                    await o.WriteLineAsync($"{e.Id,-36} {e.Code.Code()} : {string.Join(", ", e.Kinds.Select(k => k.Code()))} ; {string.Join(", ", e.Criteria.Select(c => c.Code()))}   [{e.Source.Citation}]");
                await o.WriteLineAsync($"{r.HeadStatus.Id,-36} responsable : {string.Join(", ", r.HeadStatus.Eligible.Select(s => s.Code()))}   [{r.HeadStatus.Source.Citation}]");
                foreach (var a in r.HeadAge)
                    await o.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{a.Id,-36} professeur consultant à partir de {a.FromAge} ans : {a.Requirement}   [{a.Source.Citation}]"));
                var cal = r.Reporting;
                await o.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{cal.Id,-36} saisie BaMaRa des données de N jusqu'au {cal.DataEntryCutoff.Day:00}/{cal.DataEntryCutoff.Month:00} de N+1 ; rapport (PIRAMIG) du {cal.WindowOpens.Day:00}/{cal.WindowOpens.Month:00} au {cal.WindowCloses.Day:00}/{cal.WindowCloses.Month:00} de N+1, avertissement au-delà   [{cal.Source.Citation}]"));
                if (r.Bndmr is { } bndmr) await o.WriteLineAsync($"{bndmr.Id,-36} bndmr : saisie dans la BNDMR obligatoire (colonne bndmr_entry ; vide = pas de constat)   [{bndmr.Source.Citation}]");
                if (r.VerifiedActivePatients is { } v) await o.WriteLineAsync($"{v.Id,-36} verified_active_patients : file active mesurée >= seuil et plancher (colonne measured_active_patients ; vide = pas de constat)   [{v.Source.Citation}]");
                return 0;
            }
            catch (ReferentialException ex)
            {
                await Console.Error.WriteLineAsync(ex.Message);
                return 2;
            }
        });
        return cmd;
    }
}
