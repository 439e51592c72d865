using Maillage.Core.Data;
using Maillage.Core.Features.Registry;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Core.Features.Names;

/// <summary>What a picker chooses: a centre, a person, an establishment, a network, a filière, a region, an association or an account.</summary>
public enum SuggestionKind
{
    Centre,
    Person,
    Establishment,
    Network,
    Filiere,
    Region,
    Association,
    Account,
}

public static class SuggestionKinds
{
    public static readonly EnumTable<SuggestionKind> Table = new(k => k switch
    {
        SuggestionKind.Centre => ("centres", "Centre"),
        SuggestionKind.Person => ("people", "Personne"),
        SuggestionKind.Establishment => ("establishments", "Établissement"),
        SuggestionKind.Network => ("networks", "Réseau"),
        SuggestionKind.Filiere => ("filieres", "Filière"),
        SuggestionKind.Region => ("regions", "Région"),
        SuggestionKind.Association => ("associations", "Association"),
        SuggestionKind.Account => ("accounts", "Compte"),
    });

    public static string Code(this SuggestionKind k) => Table.Code(k);
}

/// <summary>One choice offered by a picker: the value the form sends (an id, a FINESS, a code), the name a person reads,
/// and a secondary line (the code, the town, the filière…).</summary>
public sealed record Suggestion(string Value, string Label, string? Detail);

public enum SuggestionStatus
{
    Ok,
    /// <summary>The text is longer than <see cref="SuggestionService.MaxQueryLength"/>.</summary>
    Invalid,
    /// <summary>Signing in is required for this kind.</summary>
    Unauthenticated,
    /// <summary>The caller's role may not choose among these (people, accounts).</summary>
    Refused,
}

public sealed record SuggestionResult(SuggestionStatus Status, IReadOnlyList<Suggestion> Items, string? Error = null);

/// <summary>
/// Search-as-you-type for the pickers of the forms (docs/pickers.md). Bounded: at most <see cref="MaxQueryLength"/>
/// characters, nothing under <see cref="MinQueryLength"/>, at most <see cref="MaxLimit"/> answers. Scoped by the caller:
/// registry structures, regions and filières are public names; people only for the roles that name a head or a
/// successor (national, regional agency, establishment, filière, centre), with the RPPS only where <see cref="PersonalData"/>
/// lets the caller read it and never the e-mail; accounts only for the national administration.
/// </summary>
public sealed class SuggestionService(MaillageDbContext db, PersonalData personal)
{
    public const int MinQueryLength = 2, MaxQueryLength = 100, DefaultLimit = 10, MaxLimit = 20, MaxTokens = 5;

    public async Task<SuggestionResult> SuggestAsync(Caller caller, SuggestionKind kind, string? q, int? limit, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (limit is < 1 or > MaxLimit)
            return new(SuggestionStatus.Invalid, [], $"Paramètre « limit » : entre 1 et {MaxLimit}.");
        if (q is { Length: > MaxQueryLength })
            return new(SuggestionStatus.Invalid, [], $"Le texte recherché dépasse {MaxQueryLength} caractères.");
        var refusal = Refusal(caller, kind);
        if (refusal is not null) return new(refusal.Value, []);
        var text = (q ?? "").Trim();
        if (text.Length < MinQueryLength) return new(SuggestionStatus.Ok, []);
        var take = limit ?? DefaultLimit;
        var tokens = SearchText.Fold(text).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Take(MaxTokens).ToArray();
        var items = kind switch
        {
            SuggestionKind.Centre => await CentresAsync(tokens, take, ct),
            SuggestionKind.Person => await PeopleAsync(caller, text, tokens, take, ct),
            SuggestionKind.Establishment => await EstablishmentsAsync(tokens, take, ct),
            SuggestionKind.Network => await NetworksAsync(tokens, take, ct),
            SuggestionKind.Filiere => await FilieresAsync(tokens, take, ct),
            SuggestionKind.Region => await RegionsAsync(text, tokens, take, ct),
            SuggestionKind.Association => await AssociationsAsync(text, tokens, take, ct),
            SuggestionKind.Account => await AccountsAsync(tokens, take, ct),
        };
        return new(SuggestionStatus.Ok, items);
    }

    /// <summary>Why this caller may not use this picker, or null when he or she may.</summary>
    public static SuggestionStatus? Refusal(Caller caller, SuggestionKind kind)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return kind switch
        {
            SuggestionKind.Centre or SuggestionKind.Establishment or SuggestionKind.Network or SuggestionKind.Filiere
                or SuggestionKind.Region or SuggestionKind.Association => null,
            SuggestionKind.Person => !caller.IsAuthenticated ? SuggestionStatus.Unauthenticated
                : caller.Role is UserRole.NationalAdmin or UserRole.RegionalAgency or UserRole.Establishment or UserRole.FiliereCoordinator or UserRole.CentreHead
                    ? null : SuggestionStatus.Refused,
            SuggestionKind.Account => !caller.IsAuthenticated ? SuggestionStatus.Unauthenticated
                : caller.Role == UserRole.NationalAdmin ? null : SuggestionStatus.Refused,
        };
    }

#pragma warning disable CA1304, CA1311 // inside EF expression trees: translated to SQL lower(), no culture involved
    // Each word typed must appear in the name, without regard to case or accents (SearchText.Fold on both sides: a SQL
    // function on SQLite and PostgreSQL; one Where per word); the first word also matches the start of the id, FINESS or code.

    private async Task<IReadOnlyList<Suggestion>> CentresAsync(string[] tokens, int take, CancellationToken ct)
    {
        var first = tokens[0];
        var query = db.Centres.AsNoTracking().Where(c => SearchText.Fold(c.Id).StartsWith(first) || SearchText.Fold(c.Name).Contains(first));
        foreach (var t in tokens.Skip(1)) query = query.Where(c => SearchText.Fold(c.Name).Contains(t));
        var rows = await query.OrderBy(c => c.Name).ThenBy(c => c.Id).Take(take)
            .Select(c => new { c.Id, c.Name, Commune = db.Establishments.Where(e => e.Finess == c.EstablishmentFiness).Select(e => e.Commune).FirstOrDefault() })
            .ToListAsync(ct);
        return rows.Select(r => new Suggestion(r.Id, r.Name, r.Commune is null ? r.Id : $"{r.Id} — {r.Commune}")).ToList();
    }

    private async Task<IReadOnlyList<Suggestion>> EstablishmentsAsync(string[] tokens, int take, CancellationToken ct)
    {
        var first = tokens[0];
        var query = db.Establishments.AsNoTracking().Where(e => e.Finess.StartsWith(first) || SearchText.Fold(e.Name + " " + (e.Commune ?? "")).Contains(first));
        foreach (var t in tokens.Skip(1)) query = query.Where(e => SearchText.Fold(e.Name + " " + (e.Commune ?? "")).Contains(t));
        var rows = await query.OrderBy(e => e.Name).ThenBy(e => e.Finess).Take(take).Select(e => new { e.Finess, e.Name, e.Commune }).ToListAsync(ct);
        return rows.Select(r => new Suggestion(r.Finess, r.Name, r.Commune is null ? $"FINESS {r.Finess}" : $"FINESS {r.Finess} — {r.Commune}")).ToList();
    }

    private async Task<IReadOnlyList<Suggestion>> NetworksAsync(string[] tokens, int take, CancellationToken ct)
    {
        var first = tokens[0];
        var query = db.Networks.AsNoTracking().Where(n => SearchText.Fold(n.Id).StartsWith(first) || SearchText.Fold(n.Name + " " + (n.Acronym ?? "")).Contains(first));
        foreach (var t in tokens.Skip(1)) query = query.Where(n => SearchText.Fold(n.Name + " " + (n.Acronym ?? "")).Contains(t));
        var rows = await query.OrderBy(n => n.Name).ThenBy(n => n.Id).Take(take).Select(n => new { n.Id, n.Name, n.Acronym, n.FiliereAcronym }).ToListAsync(ct);
        return rows.Select(r => new Suggestion(r.Id, r.Acronym is null ? r.Name : $"{r.Name} ({r.Acronym})", $"Filière {r.FiliereAcronym} — {r.Id}")).ToList();
    }

    private async Task<IReadOnlyList<Suggestion>> FilieresAsync(string[] tokens, int take, CancellationToken ct)
    {
        var query = db.Filieres.AsNoTracking();
        foreach (var t in tokens) query = query.Where(f => SearchText.Fold(f.Acronym + " " + f.Name).Contains(t));
        var rows = await query.OrderBy(f => f.Acronym).Take(take).Select(f => new { f.Acronym, f.Name }).ToListAsync(ct);
        return rows.Select(r => new Suggestion(r.Acronym, $"{r.Acronym} – {r.Name}", null)).ToList();
    }

    private async Task<IReadOnlyList<Suggestion>> RegionsAsync(string text, string[] tokens, int take, CancellationToken ct)
    {
        var first = tokens[0];
        var query = db.Regions.AsNoTracking().Where(r => r.Code == text || SearchText.Fold(r.Name).Contains(first));
        foreach (var t in tokens.Skip(1)) query = query.Where(r => SearchText.Fold(r.Name).Contains(t));
        var rows = await query.OrderBy(r => r.Name).Take(take).Select(r => new { r.Code, r.Name }).ToListAsync(ct);
        return rows.Select(r => new Suggestion(r.Code, r.Name, $"Code INSEE {r.Code}")).ToList();
    }

    private async Task<IReadOnlyList<Suggestion>> AssociationsAsync(string text, string[] tokens, int take, CancellationToken ct)
    {
        var first = tokens[0];
        var query = db.Associations.AsNoTracking().Where(a => a.Id == text || SearchText.Fold(a.Name + " " + (a.Acronym ?? "")).Contains(first));
        foreach (var t in tokens.Skip(1)) query = query.Where(a => SearchText.Fold(a.Name + " " + (a.Acronym ?? "")).Contains(t));
        var rows = await query.OrderBy(a => a.Name).Take(take).Select(a => new { a.Id, a.Name, a.Acronym }).ToListAsync(ct);
        return rows.Select(r => new Suggestion(r.Id, r.Name, r.Acronym)).ToList();
    }

    private async Task<IReadOnlyList<Suggestion>> AccountsAsync(string[] tokens, int take, CancellationToken ct)
    {
        var query = db.Users.AsNoTracking().Where(u => u.UserName != null);
        foreach (var t in tokens) query = query.Where(u => SearchText.Fold(u.UserName + " " + (u.DisplayName ?? "")).Contains(t));
        var rows = await query.OrderBy(u => u.UserName).Take(take).Select(u => new { u.UserName, u.DisplayName }).ToListAsync(ct);
        return rows.Select(r => new Suggestion(r.UserName!, r.DisplayName ?? r.UserName!, r.DisplayName is null ? null : r.UserName)).ToList();
    }
#pragma warning restore CA1304, CA1311

    /// <summary>People by name; by exact RPPS only among the people whose identifying data the caller may read. The answer
    /// carries the public name and title, the RPPS where the caller may read it, never the e-mail.</summary>
    private async Task<IReadOnlyList<Suggestion>> PeopleAsync(Caller caller, string text, string[] tokens, int take, CancellationToken ct)
    {
        var byRpps = new List<string>();
        if (text.Length == 11 && text.All(char.IsAsciiDigit) && DataAccess.MayReadAny(caller, DataClass.IdentifyingPersonal))
        {
            var matches = await db.People.AsNoTracking().Where(p => p.Rpps == text).Select(p => p.Id).Take(MaxLimit).ToListAsync(ct);
            var rightsOf = await personal.RightsOfAsync(caller, matches, ct);
            byRpps.AddRange(matches.Where(id => rightsOf(id).Identifying));
        }
        var query = db.People.AsNoTracking();
#pragma warning disable CA1304, CA1311 // inside an EF expression tree: translated to SQL lower()
        if (byRpps.Count > 0) query = query.Where(p => byRpps.Contains(p.Id));
        else foreach (var t in tokens) query = query.Where(p => SearchText.Fold(p.FirstName + " " + p.LastName).Contains(t));
#pragma warning restore CA1304, CA1311
        var rows = await query
            .OrderBy(p => p.LastName).ThenBy(p => p.FirstName).ThenBy(p => p.Id).Take(take)
            .Select(p => new { p.Id, p.Title, p.FirstName, p.LastName, p.Rpps }).ToListAsync(ct);
        var rights = await personal.RightsOfAsync(caller, rows.Select(r => r.Id).ToList(), ct);
        return rows.Select(r =>
        {
            var name = string.IsNullOrEmpty(r.Title) ? $"{r.FirstName} {r.LastName}" : $"{r.Title} {r.FirstName} {r.LastName}";
            var rpps = rights(r.Id).Identifying && r.Rpps is not null ? $" — RPPS {r.Rpps}" : "";
            return new Suggestion(r.Id, name, r.Id + rpps);
        }).ToList();
    }
}
