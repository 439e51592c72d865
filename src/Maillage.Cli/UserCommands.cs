using System.CommandLine;
using Maillage.Core.Features.Accounts;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain;

namespace Maillage.Cli;

/// <summary>
/// <c>maillage users list [--search TEXT]</c> and <c>maillage users set-contact USER [--email ADDRESS] [--rpps NUMBER]
/// [--expected-version STAMP]</c>: the accounts and the e-mail (ProConnect) and RPPS (Pro Santé Connect) by which a federation signs
/// in to them (docs/authentication.md). Core decides (<see cref="AccountAdmin"/>: syntax, RPPS key, uniqueness, audit);
/// an option left out keeps the current value, an empty one (<c>--rpps ""</c>) removes it. Exit 1 on a refused value, 3 on
/// a stale <c>--expected-version</c>, 4 on an unknown account.
/// </summary>
public static class UserCommands
{
    public static Command Build()
    {
        var users = new Command("users", "Comptes : adresse électronique et RPPS pour ProConnect et Pro Santé Connect");

        var search = new Option<string?>("--search") { Description = "Texte cherché dans l'identifiant, le nom ou l'adresse" };
        var list = new Command("list", "Liste les comptes (200 au plus)") { search };
        list.SetAction(async (pr, ct) =>
        {
            await using var db = await CliDatabase.OpenAsync(ct);
            var admin = new AccountAdmin(db, CliDatabase.Actor, TimeProvider.System);
            var rows = await admin.ListAsync(Caller.Operator, pr.GetValue(search), ct);
            foreach (var r in rows)
                await Console.Out.WriteLineAsync($"{r.UserName}\t{r.Role}\t{r.ScopeId ?? "—"}\t{r.Email ?? "—"}\t{r.Rpps ?? "—"}\tversion {r.Version}");
            await Console.Out.WriteLineAsync(French.Count(rows.Count, "compte", "comptes") + ".");
            return 0;
        });
        users.Subcommands.Add(list);

        var user = new Argument<string>("user") { Description = "Identifiant du compte" };
        var email = new Option<string?>("--email") { Description = "Adresse électronique professionnelle (vide : la retire)" };
        var rpps = new Option<string?>("--rpps") { Description = "Numéro RPPS, 11 chiffres (vide : le retire)" };
        var version = new Option<string?>("--expected-version") { Description = "Version lue (maillage users list) : refusé si le compte a changé depuis" };
        var set = new Command("set-contact", "Fixe l'adresse électronique et le RPPS d'un compte") { user, email, rpps, version };
        set.SetAction(async (pr, ct) =>
        {
            await using var db = await CliDatabase.OpenAsync(ct);
            var admin = new AccountAdmin(db, CliDatabase.Actor, TimeProvider.System);
            var name = pr.GetValue(user)!;
            var current = await admin.GetAsync(Caller.Operator, name, ct);
            if (current is null)
            {
                await Console.Error.WriteLineAsync($"Compte « {name} » inconnu.");
                return 4;
            }
            var givenEmail = pr.GetResult(email) is null ? current.Email : pr.GetValue(email);
            var givenRpps = pr.GetResult(rpps) is null ? current.Rpps : pr.GetValue(rpps);
            var result = await admin.SetContactAsync(Caller.Operator, name, givenEmail, givenRpps, pr.GetValue(version), ct);
            foreach (var (field, message) in result.Errors) await Console.Error.WriteLineAsync($"{field} : {message}");
            switch (result.Status)
            {
                case AccountWriteStatus.Ok:
                    await Console.Out.WriteLineAsync($"Compte {name} : adresse {result.Account!.Email ?? "—"}, RPPS {result.Account.Rpps ?? "—"} (version {result.Account.Version}).");
                    return 0;
                case AccountWriteStatus.Invalid: return 1;
                case AccountWriteStatus.Stale: return 3;
                case AccountWriteStatus.NotFound: return 4;
                default: throw new InvalidOperationException(result.Status.ToString());
            }
        });
        users.Subcommands.Add(set);
        return users;
    }
}
