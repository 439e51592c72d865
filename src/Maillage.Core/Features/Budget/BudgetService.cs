using System.Globalization;
using Maillage.Core.Data;
using Maillage.Core.Features.Compliance;
using Maillage.Core.Features.Funding;
using Maillage.Core.Infrastructure.Campaigns;
using Maillage.Core.Infrastructure.Security;
using Maillage.Core.Infrastructure.Tabular;
using Maillage.Domain.Funding;
using Maillage.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Core.Features.Budget;

/// <summary>
/// The MIG budget chain's door (pages, API, CLI): the year's envelopes and platforms' line, the circulars C1–C3 and their
/// delegations per establishment (FINESS EJ) and line, computed from the funding calculators and the simulator's adopted
/// scenario, then the ARS check of the declared use per centre, and the national view of gaps.
/// Who: the national administration prepares, adjusts and publishes; an establishment's direction reads its own
/// delegations and declares for its EJ only; an ARS reads and checks its region only; every other role is refused
/// (<see cref="AccessRefusedException"/>). Scope is computed from the result of the change (the EJ and centre the
/// declaration will have). Sources: <see cref="MigLines"/>.
/// </summary>
public sealed class BudgetService(MaillageDbContext db, TimeProvider clock)
{
    public const int MinYear = 2018;
    public const int MaxYear = 2100;
    public const string Refused = "Le suivi des crédits MIG est réservé à l'administration nationale, aux ARS (leur région) et aux directions d'établissement (leur entité juridique).";
    public const string NationalOnly = "La préparation et la publication des circulaires budgétaires sont réservées à l'administration nationale (DGOS).";

    // ------------------------------------------------------------------ authorisation

    /// <summary>Who may read the chain at all: national, an ARS with its region, an establishment with its EJ.</summary>
    public static void AuthoriseRead(Caller caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var ok = caller.IsAuthenticated && caller.Role switch
        {
            UserRole.NationalAdmin => true,
            UserRole.RegionalAgency or UserRole.Establishment => !string.IsNullOrEmpty(caller.ScopeId),
            _ => false,
        };
        if (!ok) throw new AccessRefusedException(caller, Refused);
    }

    public static void AuthoriseNational(Caller caller) => AccessRefusedException.ThrowUnlessNational(caller, NationalOnly);

    /// <summary>Whether the caller sees an establishment: national all, an ARS its region, a direction its EJ.</summary>
    public static bool Sees(Caller caller, string finess, string? region)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (!caller.IsAuthenticated) return false;
        return caller.Role switch
        {
            UserRole.NationalAdmin => true,
            UserRole.RegionalAgency => region is not null && string.Equals(region, caller.ScopeId, StringComparison.Ordinal),
            UserRole.Establishment => string.Equals(finess, caller.ScopeId, StringComparison.Ordinal),
            _ => false,
        };
    }

    private static bool IsNational(Caller caller) => caller.IsAuthenticated && caller.Role == UserRole.NationalAdmin;

    private static void CheckYear(int year)
    {
        if (year is < MinYear or > MaxYear) throw new BudgetRuleException("year", $"Année {year} hors des bornes ({MinYear} à {MaxYear}).");
    }

    // ------------------------------------------------------------------ reads

    /// <summary>The years open, most recent first.</summary>
    public async Task<List<int>> YearsAsync(Caller caller, CancellationToken ct)
    {
        AuthoriseRead(caller);
        return (await db.BudgetYears.AsNoTracking().Select(y => y.Year).ToListAsync(ct)).OrderDescending().ToList();
    }

    public async Task<BudgetYearView> YearAsync(Caller caller, int year, CancellationToken ct)
    {
        AuthoriseRead(caller);
        var y = await db.BudgetYears.AsNoTracking().Include(x => x.Envelopes).FirstOrDefaultAsync(x => x.Year == year, ct)
            ?? throw new BudgetNotFoundException($"Aucun budget MIG ouvert pour {year}.");
        var circulars = await db.BudgetCirculars.AsNoTracking().Include(c => c.Delegations).Where(c => c.Year == year).ToListAsync(ct);
        var visible = circulars.Where(c => IsNational(caller) || c.Status == BudgetCircularStatus.Published).OrderBy(c => c.Circular).ToList();
        var all = visible.SelectMany(c => c.Delegations).ToList();
        var envelopes = MigLines.EnvelopeCodes.Select(code => y.Envelopes.FirstOrDefault(e => e.Code == code)).OfType<BudgetEnvelope>().Select(e =>
        {
            var covered = MigLines.Covered(e.Code);
            var delegated = all.Where(d => covered.Contains(d.Line)).Sum(d => d.Amount);
            return new EnvelopeView(e.Code, MigLines.EnvelopeLabel(e.Code), e.Amount, delegated, e.Amount - delegated);
        }).ToList();
        var lines = MigLines.All.Select(l => new LineView(l.Code, l.Label, l.Group, l.Circulars, l.Source, l.Code == y.PlatformLine,
            all.Where(d => d.Line == l.Code).Sum(d => d.Amount))).ToList();
        var summaries = visible.Select(c => new CircularSummary(c.Id, c.Circular, c.Status, c.Version, c.Delegations.Count, c.Delegations.Sum(d => d.Amount),
            c.PublishedBy, c.PublishedAt)).ToList();
        return new BudgetYearView(y.Year, y.PlatformLine, y.AdoptedScenarioId, y.Note, y.Version, y.Fictitious, envelopes, lines, summaries);
    }

    /// <summary>A circular and the delegations the caller sees (a draft: national administration only).</summary>
    public async Task<CircularView> CircularAsync(Caller caller, int year, BudgetCircularCode code, CancellationToken ct)
    {
        AuthoriseRead(caller);
        var c = await db.BudgetCirculars.AsNoTracking().Include(x => x.Delegations).FirstOrDefaultAsync(x => x.Id == BudgetCircular.IdOf(year, code), ct)
            ?? throw new BudgetNotFoundException($"Circulaire {BudgetCircular.IdOf(year, code)} introuvable (budget {year} non ouvert).");
        if (c.Status == BudgetCircularStatus.Draft && !IsNational(caller))
            throw new AccessRefusedException(caller, $"La circulaire {c.Id} est en préparation : elle sera visible une fois publiée.");
        return await ViewAsync(caller, c, ct);
    }

    private async Task<CircularView> ViewAsync(Caller caller, BudgetCircular c, CancellationToken ct)
    {
        var places = await PlacesAsync(c.Delegations.Select(d => d.LegalEntityFiness), ct);
        var rows = c.Delegations.Select(d =>
        {
            var p = places.GetValueOrDefault(d.LegalEntityFiness);
            return new DelegationRow(d.Id, c.Id, c.Year, c.Circular, c.Status, p?.RegionCode, p?.RegionName, d.LegalEntityFiness, p?.Name ?? "", d.Line, d.Amount, d.Basis, d.Note);
        }).Where(r => Sees(caller, r.Finess, r.RegionCode))
            .OrderBy(r => r.RegionCode, StringComparer.Ordinal).ThenBy(r => r.Finess, StringComparer.Ordinal).ThenBy(r => r.Line).ToList();
        return new CircularView(c.Id, c.Year, c.Circular, c.Status, c.Version, c.PublishedBy, c.PublishedAt, c.Fictitious, rows, rows.Sum(r => r.Amount));
    }

    private sealed record Place(string Finess, string Name, string? RegionCode, string? RegionName);

    /// <summary>Name and region of establishments by FINESS (one query).</summary>
    private async Task<Dictionary<string, Place>> PlacesAsync(IEnumerable<string> finesses, CancellationToken ct)
    {
        var wanted = finesses.Distinct(StringComparer.Ordinal).ToList();
        var list = await db.Establishments.AsNoTracking().Include(e => e.Departement).ThenInclude(d => d!.Region)
            .Where(e => wanted.Contains(e.Finess)).ToListAsync(ct);
        return list.ToDictionary(e => e.Finess, e => new Place(e.Finess, e.Name, e.Departement?.RegionCode, e.Departement?.Region?.Name), StringComparer.Ordinal);
    }

    // ------------------------------------------------------------------ the year (national)

    /// <summary>Opens a year with the source's envelopes (<see cref="MigLines.SourceEnvelopes"/>), the default platforms' line and three draft circulars.</summary>
    public async Task<BudgetYearView> OpenYearAsync(Caller caller, int year, bool fictitious, CancellationToken ct)
    {
        AuthoriseNational(caller);
        CheckYear(year);
        if (await db.BudgetYears.AnyAsync(y => y.Year == year, ct)) throw new BudgetRuleException("year", $"Le budget {year} est déjà ouvert.");
        db.BudgetYears.Add(new BudgetYear
        {
            Year = year, PlatformLine = MigLines.DefaultPlatformLine, Fictitious = fictitious,
            Envelopes = MigLines.SourceEnvelopes(year).Select(e => new BudgetEnvelope { Year = year, Code = e.Code, Amount = e.Amount }).ToList(),
        });
        foreach (var c in MigLines.Circulars.Values)
            db.BudgetCirculars.Add(new BudgetCircular { Id = BudgetCircular.IdOf(year, c), Year = year, Circular = c, Status = BudgetCircularStatus.Draft, Fictitious = fictitious });
        await db.SaveChangesAsync(ct);
        return await YearAsync(caller, year, ct);
    }

    /// <summary>Changes the year's envelopes, platforms' line, adopted scenario and note; refused when a delegation already made would exceed an envelope.</summary>
    public async Task<BudgetYearView> UpdateYearAsync(Caller caller, int year, BudgetYearInput input, int? expectedVersion, CancellationToken ct)
    {
        AuthoriseNational(caller);
        ArgumentNullException.ThrowIfNull(input);
        var y = await db.BudgetYears.Include(x => x.Envelopes).FirstOrDefaultAsync(x => x.Year == year, ct)
            ?? throw new BudgetNotFoundException($"Aucun budget MIG ouvert pour {year}.");
        await ExpectAsync(y, expectedVersion, "budget_year", year.ToString(CultureInfo.InvariantCulture), ct);
        if (!MigLines.IsPlatformLine(input.PlatformLine))
            throw new BudgetRuleException("platform_line", "La ligne des plateformes est F21 (présentation DGOS 2022) ou F23 (note DGOS/MMR/2020/221).");
        if (input.Envelopes.Count == 0) throw new BudgetRuleException("envelopes", "Au moins une enveloppe est nécessaire.");
        foreach (var (code, amount) in input.Envelopes)
        {
            if (!MigLines.EnvelopeCodes.Contains(code))
                throw new BudgetRuleException("envelopes", $"Enveloppe « {Short(code)} » inconnue (codes : {string.Join(", ", MigLines.EnvelopeCodes)}).");
            if (BudgetRules.AmountError(amount, allowNegative: false) is { } err) throw new BudgetRuleException("envelopes", $"Enveloppe {code} : {err}");
        }
        if (input.Note?.Length > 2000) throw new BudgetRuleException("note", "La note dépasse 2 000 caractères.");
        var scenario = string.IsNullOrWhiteSpace(input.AdoptedScenarioId) ? null : input.AdoptedScenarioId.Trim();
        if (scenario is not null && !await db.Set<FundingScenario>().AnyAsync(s => s.Id == scenario, ct))
            throw new BudgetRuleException("adopted_scenario", $"Scénario « {Short(scenario)} » introuvable parmi les scénarios enregistrés du simulateur.");
        var envelopes = input.Envelopes.Select(e => new EnvelopeAmount(e.Key, e.Value)).ToList();
        var delegations = await YearDelegationsAsync(year, null, ct);
        // The platforms' line moves: the year's delegations already on the old line stay where they are.
        var violations = BudgetRules.EnvelopeViolations(envelopes, delegations.Select(d => new LineAmount(d.Line, d.Amount)).ToList());
        if (violations.Count > 0) throw new BudgetRuleException("envelopes", string.Join(" ", violations));

        foreach (var old in y.Envelopes.Where(e => !input.Envelopes.ContainsKey(e.Code)).ToList()) y.Envelopes.Remove(old);
        foreach (var (code, amount) in input.Envelopes)
        {
            var e = y.Envelopes.FirstOrDefault(x => x.Code == code);
            if (e is null) y.Envelopes.Add(new BudgetEnvelope { Year = year, Code = code, Amount = amount });
            else if (e.Amount != amount) e.Amount = amount;
        }
        y.PlatformLine = input.PlatformLine;
        y.AdoptedScenarioId = scenario;
        y.Note = string.IsNullOrWhiteSpace(input.Note) ? null : input.Note.Trim();
        await SaveAsync("budget_year", year.ToString(CultureInfo.InvariantCulture), ct);
        return await YearAsync(caller, year, ct);
    }

    // ------------------------------------------------------------------ circulars (national)

    /// <summary>
    /// Computes the delegations of <paramref name="input"/>'s lines in a draft circular, replacing that circular's delegations on
    /// those lines: F04–F07 together from the MIG variable part (year N−1 reports; the adopted scenario's weights and envelope
    /// when the year has one), F17 in equal shares among the filières' host establishments, the year's platforms' line from the
    /// PEMR model, F22 from the DPI tree. Refused when the result would exceed an envelope.
    /// </summary>
    public async Task<BudgetComputeResult> ComputeAsync(Caller caller, int year, BudgetCircularCode code, BudgetComputeInput input, int? expectedVersion, CancellationToken ct)
    {
        AuthoriseNational(caller);
        ArgumentNullException.ThrowIfNull(input);
        var (y, c) = await DraftAsync(year, code, expectedVersion, ct);
        if (input.Lines.Count == 0) throw new BudgetRuleException("lines", "Choisissez au moins une ligne à calculer.");
        foreach (var (line, amount) in input.Amounts ?? new Dictionary<MigLineCode, decimal>())
        {
            if (BudgetRules.AmountError(amount, allowNegative: false) is { } err) throw new BudgetRuleException("amounts", $"{MigLines.Codes.Code(line)} : {err}");
            if (amount == 0) throw new BudgetRuleException("amounts", $"{MigLines.Codes.Code(line)} : un montant à répartir nul ne délègue rien.");
        }
        var lines = input.Lines.ToHashSet();
        if (lines.Any(MigLines.IsCentresLine)) foreach (var l in MigLines.All.Where(l => MigLines.IsCentresLine(l.Code))) lines.Add(l.Code);
        var others = await YearDelegationsAsync(year, null, ct);
        var kept = others.Where(d => !(d.CircularId == c.Id && lines.Contains(d.Line))).ToList();
        decimal Remaining(IEnumerable<MigLineCode> group)
        {
            var set = group.ToHashSet();
            var candidates = y.Envelopes.Where(e => MigLines.Covered(e.Code).Any(set.Contains)).ToList();
            if (candidates.Count == 0) return 0m;
            return candidates.Min(e => e.Amount - kept.Where(d => MigLines.Covered(e.Code).Contains(d.Line)).Sum(d => d.Amount));
        }
        var notes = new List<string>();
        var computed = new List<BudgetDelegation>();
        void Add(string finess, MigLineCode line, decimal amount, string basis)
        {
            if (amount == 0) return;
            var existing = computed.FirstOrDefault(d => d.LegalEntityFiness == finess && d.Line == line);
            if (existing is null) computed.Add(new BudgetDelegation { CircularId = c.Id, LegalEntityFiness = finess, Line = line, Amount = amount, Basis = basis });
            else existing.Amount += amount;
        }

        foreach (var l in lines.Where(l => l is MigLineCode.F21 or MigLineCode.F23 && l != y.PlatformLine))
            throw new BudgetRuleException("lines", $"La ligne {MigLines.Codes.Code(l)} n'est pas celle des plateformes en {year} ({MigLines.Codes.Code(y.PlatformLine)}) : ses délégations se saisissent une à une.");
        if (lines.Any(MigLines.IsCentresLine))
            await ComputeCentresAsync(y, input, Remaining, Add, notes, ct);
        if (lines.Contains(MigLineCode.F17))
            await ComputeFilieresAsync(input.Amounts?.GetValueOrDefault(MigLineCode.F17) is > 0 and var f17 ? f17 : Remaining([MigLineCode.F17]), Add, notes, ct);
        if (lines.Contains(y.PlatformLine))
            await ComputePlatformsAsync(y.PlatformLine, Add, notes, ct);
        if (lines.Contains(MigLineCode.F22))
            await ComputeDpiAsync(input.Dpi, Add, notes, ct);

        var proposed = kept.Select(d => new LineAmount(d.Line, d.Amount)).Concat(computed.Select(d => new LineAmount(d.Line, d.Amount))).ToList();
        var violations = BudgetRules.EnvelopeViolations(y.Envelopes.Select(e => new EnvelopeAmount(e.Code, e.Amount)).ToList(), proposed);
        if (violations.Count > 0) throw new BudgetRuleException("amounts", string.Join(" ", violations));

        // In place (the unique index circular × EJ × line): kept rows updated, the others removed, new ones added — one save.
        foreach (var d in c.Delegations.Where(d => lines.Contains(d.Line)).ToList())
        {
            var again = computed.FirstOrDefault(x => x.LegalEntityFiness == d.LegalEntityFiness && x.Line == d.Line);
            if (again is null) { c.Delegations.Remove(d); continue; }
            if (d.Amount != again.Amount) d.Amount = again.Amount;
            if (d.Basis != again.Basis) d.Basis = again.Basis;
            if (d.Note is not null) d.Note = null;
            computed.Remove(again);
            computed.Add(d);
        }
        foreach (var d in computed.Where(d => d.Id == 0 && !c.Delegations.Contains(d)).OrderBy(d => d.LegalEntityFiness, StringComparer.Ordinal).ThenBy(d => d.Line).ToList())
            c.Delegations.Add(d);
        await SaveAsync("budget_circular", c.Id, ct);
        notes.Add($"{Maillage.Domain.French.Count(computed.Count, "délégation calculée", "délégations calculées")} pour {string.Join(", ", lines.Order().Select(l => MigLines.Codes.Code(l)))}, total {BudgetRules.Money(computed.Sum(d => d.Amount))}.");
        return new BudgetComputeResult(await ViewAsync(caller, c, ct), notes);
    }

    private async Task ComputeCentresAsync(BudgetYear y, BudgetComputeInput input, Func<IEnumerable<MigLineCode>, decimal> remaining,
        Action<string, MigLineCode, decimal, string> add, List<string> notes, CancellationToken ct)
    {
        var centreLines = MigLines.All.Where(l => MigLines.IsCentresLine(l.Code)).Select(l => l.Code).ToList();
        var reportsYear = y.Year - 1;
        var referential = CampaignCatalogue.Shipped.ForYear(reportsYear) ?? CampaignCatalogue.Shipped.Get(ComplianceCheck.DefaultCampaign);
        var indicators = referential.Mig;
        var given = centreLines.Select(l => input.Amounts?.GetValueOrDefault(l) ?? 0m).Sum();
        var envelope = given > 0 ? given : remaining(centreLines);
        var basis = "mig_variable_part";
        if (y.AdoptedScenarioId is { } id && await db.Set<FundingScenario>().AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct) is { } scenario)
        {
            var spec = scenario.Spec();
            indicators = referential.Mig.Select(i => spec.Weights.TryGetValue(i.Id, out var w) ? i with { WeightPct = w } : i).ToList();
            if (given == 0) envelope = spec.Envelope;
            basis = "scenario:" + scenario.Id;
            notes.Add($"Scénario adopté {scenario.Id} « {scenario.Name} » : ses pondérations" + (given == 0 ? $" et son enveloppe ({BudgetRules.Money(spec.Envelope)})" : "") + " répartissent F04 à F07.");
        }
        if (envelope <= 0) throw new BudgetRuleException("amounts", "Rien ne reste à répartir sur l'enveloppe des centres (F04 à F07) : donnez un montant ou changez l'enveloppe.");
        var (inputs, centres) = await FundingSimulator.FundedCentresAsync(db, reportsYear, ct);
        if (inputs.Count == 0)
            throw new BudgetRuleException("lines", $"Aucun rapport annuel {reportsYear} validé ou transmis parmi les sites de référence et CRC : la part variable MIG ne peut pas être calculée.");
        MigAllocation allocation;
        try { allocation = MigCalculator.Allocate(indicators, inputs, envelope); }
        catch (FundingInputException ex) { throw new BudgetRuleException("amounts", ex.Message); }
        foreach (var a in allocation.Centres)
        {
            var centre = centres[a.CentreId];
            var ej = centre.Establishment?.LegalEntityFiness ?? centre.EstablishmentFiness;
            var line = BudgetRules.CentreLine(centre.Network?.FiliereAcronym, centre.ResourceKind?.ToString());
            add(ej, line, a.Amount, basis);
        }
        notes.Add($"F04 à F07 : {BudgetRules.Money(envelope)} répartis entre {inputs.Count} centres financés (sites de référence et CRC, rapports {reportsYear} validés ou transmis), "
            + $"pondérations {(basis == "mig_variable_part" ? "du référentiel " + referential.CampaignId : "du scénario")} ; F05 MHEMO, F06 Mucoviscidose, F07 FilSLAN, F04 les autres ; montants regroupés par entité juridique.");
    }

    private async Task ComputeFilieresAsync(decimal amount, Action<string, MigLineCode, decimal, string> add, List<string> notes, CancellationToken ct)
    {
        if (amount <= 0) throw new BudgetRuleException("amounts", "Rien ne reste à répartir sur l'enveloppe F17 : donnez un montant ou changez l'enveloppe.");
        var filieres = await db.Filieres.AsNoTracking().Include(f => f.Host).Where(f => f.HostFiness != null).OrderBy(f => f.Acronym).ToListAsync(ct);
        if (filieres.Count == 0) throw new BudgetRuleException("lines", "Aucune filière n'a d'établissement porteur : F17 ne peut pas être calculée.");
        var shares = BudgetRules.EqualShares(amount, filieres.Count);
        for (var k = 0; k < filieres.Count; k++)
            add(filieres[k].Host?.LegalEntityFiness ?? filieres[k].HostFiness!, MigLineCode.F17, shares[k], "filiere_share");
        notes.Add($"F17 : {BudgetRules.Money(amount)} en parts égales entre les {filieres.Count} filières, à l'entité juridique de leur établissement porteur.");
    }

    private async Task ComputePlatformsAsync(MigLineCode line, Action<string, MigLineCode, decimal, string> add, List<string> notes, CancellationToken ct)
    {
        var platforms = await db.Platforms.AsNoTracking().Include(p => p.Host).Include(p => p.Centres)
            .Where(p => p.Kind == PlatformKind.Expertise).OrderBy(p => p.Id).ToListAsync(ct);
        var funded = 0;
        foreach (var p in platforms)
        {
            var f = PemrCalculator.Compute(p.Centres.Count);
            if (!f.Eligible) continue;
            funded++;
            add(p.Host?.LegalEntityFiness ?? p.HostFiness, line, f.AmountPerYear, "pemr");
        }
        notes.Add($"{MigLines.Codes.Code(line)} (plateformes) : {Maillage.Domain.French.Count(funded, "plateforme d'expertise éligible", "plateformes d'expertise éligibles")} sur {platforms.Count}, montant annuel du modèle de la "
            + "note DGOS/MMR/2020/221 §VII (100 000 € par plateforme, + 100 000 € de 15 à 25 CRMR, + 200 000 € au-delà), à l'entité juridique de l'établissement porteur ; "
            + "les plateformes de coordination outre-mer se saisissent une à une.");
    }

    private async Task ComputeDpiAsync(IReadOnlyList<DpiFunding>? dpi, Action<string, MigLineCode, decimal, string> add, List<string> notes, CancellationToken ct)
    {
        if (dpi is null || dpi.Count == 0)
            throw new BudgetRuleException("dpi", "F22 se calcule avec l'arbre de décision du module DPI : joignez le fichier des établissements (format docs/formats/funding.md).");
        var finesses = dpi.Select(e => e.Finess).ToList();
        var known = await db.Establishments.AsNoTracking().Where(e => finesses.Contains(e.Finess)).ToDictionaryAsync(e => e.Finess, StringComparer.Ordinal, ct);
        foreach (var f in dpi)
        {
            if (!known.TryGetValue(f.Finess, out var es)) throw new BudgetRuleException("dpi", $"Établissement FINESS « {Short(f.Finess)} » inconnu du registre.");
            add(es.LegalEntityFiness ?? es.Finess, MigLineCode.F22, f.Amount, "dpi");
        }
        notes.Add($"F22 : arbre de décision « Financement en C3 2021 du module maladies rares dans le DPI », {Maillage.Domain.French.Count(dpi.Count, "établissement", "établissements")}, total {BudgetRules.Money(dpi.Sum(f => f.Amount))}.");
    }

    /// <summary>Sets one delegation of a draft circular (0 removes it; negative: a withdrawal, bounded and motivated).</summary>
    public async Task<CircularView> SetDelegationAsync(Caller caller, int year, BudgetCircularCode code, DelegationInput input, int? expectedVersion, CancellationToken ct)
    {
        AuthoriseNational(caller);
        ArgumentNullException.ThrowIfNull(input);
        var (y, c) = await DraftAsync(year, code, expectedVersion, ct);
        var finess = (input.Finess ?? "").Trim();
        var es = await db.Establishments.AsNoTracking().FirstOrDefaultAsync(e => e.Finess == finess, ct)
            ?? throw new BudgetRuleException("finess", $"Établissement FINESS « {Short(finess)} » inconnu du registre.");
        if (es.Level != EstablishmentLevel.LegalEntity && es.LegalEntityFiness is not null)
            throw new BudgetRuleException("finess", $"{finess} est un établissement géographique : les crédits se délèguent à son entité juridique ({es.LegalEntityFiness}).");
        if (BudgetRules.AmountError(input.Amount, allowNegative: true) is { } err) throw new BudgetRuleException("amount", err);
        if (input.Note?.Length > 500) throw new BudgetRuleException("note", "La note dépasse 500 caractères.");
        var all = await YearDelegationsAsync(year, null, ct);
        var before = all.Where(d => d.Circular < code && d.LegalEntityFiness == finess && d.Line == input.Line).Sum(d => d.Amount);
        if (BudgetRules.WithdrawalError(code, input.Amount, before, input.Note) is { } werr) throw new BudgetRuleException("amount", werr);
        var proposed = all.Where(d => !(d.CircularId == c.Id && d.LegalEntityFiness == finess && d.Line == input.Line))
            .Select(d => new LineAmount(d.Line, d.Amount)).Append(new LineAmount(input.Line, input.Amount)).ToList();
        var violations = BudgetRules.EnvelopeViolations(y.Envelopes.Select(e => new EnvelopeAmount(e.Code, e.Amount)).ToList(), proposed);
        if (violations.Count > 0) throw new BudgetRuleException("amount", string.Join(" ", violations));

        var existing = c.Delegations.FirstOrDefault(d => d.LegalEntityFiness == finess && d.Line == input.Line);
        var note = string.IsNullOrWhiteSpace(input.Note) ? null : input.Note.Trim();
        var basis = input.Amount < 0 ? "withdrawal" : "manual";
        if (input.Amount == 0) { if (existing is not null) c.Delegations.Remove(existing); }
        else if (existing is null) c.Delegations.Add(new BudgetDelegation { CircularId = c.Id, LegalEntityFiness = finess, Line = input.Line, Amount = input.Amount, Basis = basis, Note = note });
        else { existing.Amount = input.Amount; existing.Basis = basis; existing.Note = note; }
        await SaveAsync("budget_circular", c.Id, ct);
        return await ViewAsync(caller, c, ct);
    }

    /// <summary>Publishes a draft circular (the earlier ones of the year first); it is then frozen and seen by the ARS and the establishments.</summary>
    public async Task<CircularView> PublishAsync(Caller caller, int year, BudgetCircularCode code, int? expectedVersion, CancellationToken ct)
    {
        AuthoriseNational(caller);
        var (_, c) = await DraftAsync(year, code, expectedVersion, ct);
        var drafts = await db.BudgetCirculars.AsNoTracking().Where(x => x.Year == year && x.Status == BudgetCircularStatus.Draft).Select(x => x.Circular).ToListAsync(ct);
        var pending = drafts.Where(e => e < code).Order().ToList();
        if (pending.Count > 0)
            throw new BudgetRuleException("circular", $"La circulaire {BudgetCircular.IdOf(year, pending[0])} doit être publiée avant {c.Id}.");
        c.Status = BudgetCircularStatus.Published;
        c.PublishedBy = caller.UserName;
        c.PublishedAt = clock.GetUtcNow();
        await SaveAsync("budget_circular", c.Id, ct);
        return await ViewAsync(caller, c, ct);
    }

    private async Task<(BudgetYear Year, BudgetCircular Circular)> DraftAsync(int year, BudgetCircularCode code, int? expectedVersion, CancellationToken ct)
    {
        var y = await db.BudgetYears.AsNoTracking().Include(x => x.Envelopes).FirstOrDefaultAsync(x => x.Year == year, ct)
            ?? throw new BudgetNotFoundException($"Aucun budget MIG ouvert pour {year}.");
        var c = await db.BudgetCirculars.Include(x => x.Delegations).FirstOrDefaultAsync(x => x.Id == BudgetCircular.IdOf(year, code), ct)
            ?? throw new BudgetNotFoundException($"Circulaire {BudgetCircular.IdOf(year, code)} introuvable.");
        await ExpectAsync(c, expectedVersion, "budget_circular", c.Id, ct);
        if (c.Status == BudgetCircularStatus.Published)
            throw new BudgetRuleException("circular", $"La circulaire {c.Id} est publiée : elle ne change plus. Un retrait de crédits se fait dans une circulaire ultérieure (montant négatif motivé).");
        return (y, c);
    }

    private sealed record YearDelegation(string CircularId, BudgetCircularCode Circular, string LegalEntityFiness, MigLineCode Line, decimal Amount);

    /// <summary>Every delegation of the year (drafts included: an envelope is never promised twice), optionally published only.</summary>
    private async Task<List<YearDelegation>> YearDelegationsAsync(int year, BudgetCircularStatus? status, CancellationToken ct)
    {
        var circulars = await db.BudgetCirculars.AsNoTracking().Include(c => c.Delegations)
            .Where(c => c.Year == year && (status == null || c.Status == status)).ToListAsync(ct);
        return circulars.SelectMany(c => c.Delegations.Select(d => new YearDelegation(c.Id, c.Circular, d.LegalEntityFiness, d.Line, d.Amount))).ToList();
    }

    // ------------------------------------------------------------------ declarations and the ARS check

    /// <summary>The open funded centres (reference sites and CRC) of an EJ, for its direction's declaration form; empty outside the caller's scope.</summary>
    public async Task<List<(string Id, string Name)>> CentresOfAsync(Caller caller, string finess, CancellationToken ct)
    {
        AuthoriseRead(caller);
        var place = (await PlacesAsync([finess], ct)).GetValueOrDefault(finess);
        if (!Sees(caller, finess, place?.RegionCode)) return [];
        var list = await db.Centres.AsNoTracking()
            .Where(c => c.ClosedOn == null && (c.Kind == CentreKind.ReferenceSite || c.Kind == CentreKind.ResourceCentre)
                && (c.EstablishmentFiness == finess || db.Establishments.Any(e => e.Finess == c.EstablishmentFiness && e.LegalEntityFiness == finess)))
            .Select(c => new { c.Id, c.Name }).ToListAsync(ct);
        return list.OrderBy(c => c.Id, StringComparer.Ordinal).Select(c => (c.Id, c.Name)).ToList();
    }

    public async Task<List<DeclarationRow>> DeclarationsAsync(Caller caller, int year, string? finess, CancellationToken ct)
    {
        AuthoriseRead(caller);
        var q = db.BudgetDeclarations.AsNoTracking().Where(d => d.Year == year);
        if (!string.IsNullOrWhiteSpace(finess)) q = q.Where(d => d.LegalEntityFiness == finess.Trim());
        var list = await q.ToListAsync(ct);
        var places = await PlacesAsync(list.Select(d => d.LegalEntityFiness), ct);
        var centreIds = list.Select(d => d.CentreId).Distinct().ToList();
        var names = await db.Centres.AsNoTracking().Where(c => centreIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name, StringComparer.Ordinal, ct);
        return list.Select(d => Row(d, places.GetValueOrDefault(d.LegalEntityFiness), names.GetValueOrDefault(d.CentreId)))
            .Where(r => Sees(caller, r.Finess, r.RegionCode))
            .OrderBy(r => r.RegionCode, StringComparer.Ordinal).ThenBy(r => r.Finess, StringComparer.Ordinal).ThenBy(r => r.Line).ThenBy(r => r.CentreId, StringComparer.Ordinal).ToList();
    }

    private static DeclarationRow Row(BudgetDeclaration d, Place? p, string? centre) =>
        new(d.Id, d.Year, p?.RegionCode, p?.RegionName, d.LegalEntityFiness, p?.Name ?? "", d.Line, d.CentreId, centre ?? "", d.Amount, d.Comment, d.Status,
            d.DeclaredBy, d.DeclaredAt, d.ReviewedBy, d.ReviewedAt, d.ReviewComment, d.Version, d.Fictitious);

    public async Task<DeclarationRow> DeclarationAsync(Caller caller, string id, CancellationToken ct)
    {
        AuthoriseRead(caller);
        var d = await db.BudgetDeclarations.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new BudgetNotFoundException($"Déclaration « {Short(id)} » introuvable.");
        var place = (await PlacesAsync([d.LegalEntityFiness], ct)).GetValueOrDefault(d.LegalEntityFiness);
        if (!Sees(caller, d.LegalEntityFiness, place?.RegionCode)) throw new AccessRefusedException(caller, "Votre périmètre ne couvre pas cette déclaration.");
        var centre = await db.Centres.AsNoTracking().Where(c => c.Id == d.CentreId).Select(c => c.Name).FirstOrDefaultAsync(ct);
        return Row(d, place, centre);
    }

    /// <summary>
    /// An establishment declares the use of its credits of a line for one centre (the ministry may too). Scope from the
    /// result: the caller's EJ must be the declaration's, and the centre must belong to that EJ. A new declaration resets
    /// the ARS check.
    /// </summary>
    public async Task<DeclarationRow> DeclareAsync(Caller caller, DeclarationInput input, int? expectedVersion, CancellationToken ct)
    {
        AuthoriseRead(caller);
        ArgumentNullException.ThrowIfNull(input);
        var finess = (input.Finess ?? "").Trim();
        var centreId = (input.CentreId ?? "").Trim();
        if (!(IsNational(caller) || (caller.Role == UserRole.Establishment && string.Equals(caller.ScopeId, finess, StringComparison.Ordinal))))
            throw new AccessRefusedException(caller, "Seule la direction de l'entité juridique (ou l'administration nationale) déclare l'usage de ses crédits.");
        CheckYear(input.Year);
        if (BudgetRules.AmountError(input.Amount, allowNegative: false) is { } err) throw new BudgetRuleException("amount", err);
        if (input.Comment?.Length > 1000) throw new BudgetRuleException("comment", "Le commentaire dépasse 1 000 caractères.");
        var centre = await db.Centres.AsNoTracking().Include(c => c.Establishment).FirstOrDefaultAsync(c => c.Id == centreId, ct)
            ?? throw new BudgetRuleException("centre_id", $"Centre « {Short(centreId)} » inconnu.");
        var centreEj = centre.Establishment?.LegalEntityFiness ?? centre.EstablishmentFiness;
        if (!string.Equals(centreEj, finess, StringComparison.Ordinal))
            throw new BudgetRuleException("centre_id", $"Le centre {centre.Id} relève de l'entité juridique {centreEj}, pas de {Short(finess)}.");
        var delegated = (await YearDelegationsAsync(input.Year, BudgetCircularStatus.Published, ct)).Where(d => d.LegalEntityFiness == finess && d.Line == input.Line).Sum(d => d.Amount);
        if (delegated <= 0)
            throw new BudgetRuleException("line", $"Aucun crédit {MigLines.Codes.Code(input.Line)} n'a été délégué à {finess} en {input.Year} par une circulaire publiée.");
        var id = BudgetDeclaration.IdOf(input.Year, finess, input.Line, centre.Id);
        var d = await db.BudgetDeclarations.FirstOrDefaultAsync(x => x.Id == id, ct);
        var now = clock.GetUtcNow();
        if (d is null)
        {
            var fictitious = await db.BudgetYears.AsNoTracking().Where(y => y.Year == input.Year).Select(y => y.Fictitious).FirstOrDefaultAsync(ct);
            d = new BudgetDeclaration
            {
                Id = id, Year = input.Year, LegalEntityFiness = finess, Line = input.Line, CentreId = centre.Id, DeclaredBy = caller.UserName!, DeclaredAt = now, Fictitious = fictitious,
            };
            db.BudgetDeclarations.Add(d);
        }
        else
        {
            await ExpectAsync(d, expectedVersion, "budget_declaration", id, ct);
            d.DeclaredBy = caller.UserName!;
            d.DeclaredAt = now;
        }
        d.Amount = input.Amount;
        d.Comment = string.IsNullOrWhiteSpace(input.Comment) ? null : input.Comment.Trim();
        d.Status = BudgetDeclarationStatus.Declared;
        d.ReviewedBy = null;
        d.ReviewedAt = null;
        d.ReviewComment = null;
        await SaveAsync("budget_declaration", id, ct);
        return await DeclarationAsync(caller, id, ct);
    }

    /// <summary>The ARS of the declaration's region (or the ministry) validates it or raises a reserve (comment required).</summary>
    public async Task<DeclarationRow> ReviewAsync(Caller caller, string id, BudgetDeclarationStatus decision, string? comment, int? expectedVersion, CancellationToken ct)
    {
        AuthoriseRead(caller);
        var d = await db.BudgetDeclarations.FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new BudgetNotFoundException($"Déclaration « {Short(id)} » introuvable.");
        var region = (await PlacesAsync([d.LegalEntityFiness], ct)).GetValueOrDefault(d.LegalEntityFiness)?.RegionCode;
        var allowed = IsNational(caller) || (caller.Role == UserRole.RegionalAgency && region is not null && string.Equals(caller.ScopeId, region, StringComparison.Ordinal));
        if (!allowed) throw new AccessRefusedException(caller, "Seule l'ARS de la région de l'établissement (ou l'administration nationale) vérifie cette déclaration.");
        await ExpectAsync(d, expectedVersion, "budget_declaration", id, ct);
        if (decision == BudgetDeclarationStatus.Declared) throw new BudgetRuleException("decision", "La décision est validated ou reserve.");
        if (comment?.Length > 1000) throw new BudgetRuleException("comment", "Le commentaire dépasse 1 000 caractères.");
        if (decision == BudgetDeclarationStatus.Reserve && string.IsNullOrWhiteSpace(comment))
            throw new BudgetRuleException("comment", "Une réserve doit être motivée : dites ce qui manque ou ne correspond pas.");
        d.Status = decision;
        d.ReviewedBy = caller.UserName;
        d.ReviewedAt = clock.GetUtcNow();
        d.ReviewComment = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim();
        await SaveAsync("budget_declaration", id, ct);
        return await DeclarationAsync(caller, id, ct);
    }

    /// <summary>Delegated (published circulars) vs declared vs validated per region, establishment and line, within the caller's scope.</summary>
    public async Task<List<GapRow>> GapsAsync(Caller caller, int year, string? region, CancellationToken ct)
    {
        AuthoriseRead(caller);
        var delegations = await YearDelegationsAsync(year, BudgetCircularStatus.Published, ct);
        var declarations = await db.BudgetDeclarations.AsNoTracking().Where(d => d.Year == year).ToListAsync(ct);
        var keys = delegations.Select(d => (d.LegalEntityFiness, d.Line)).Concat(declarations.Select(d => (d.LegalEntityFiness, d.Line))).Distinct().ToList();
        var places = await PlacesAsync(keys.Select(k => k.LegalEntityFiness), ct);
        var wantedRegion = string.IsNullOrWhiteSpace(region) ? null : region.Trim();
        return keys.Select(k =>
        {
            var p = places.GetValueOrDefault(k.LegalEntityFiness);
            var delegated = delegations.Where(d => d.LegalEntityFiness == k.LegalEntityFiness && d.Line == k.Line).Sum(d => d.Amount);
            var decl = declarations.Where(d => d.LegalEntityFiness == k.LegalEntityFiness && d.Line == k.Line).ToList();
            var declared = decl.Sum(d => d.Amount);
            var validated = decl.Where(d => d.Status == BudgetDeclarationStatus.Validated).Sum(d => d.Amount);
            return new GapRow(year, p?.RegionCode, p?.RegionName, k.LegalEntityFiness, p?.Name ?? "", k.Line, delegated, declared, validated,
                decl.Count(d => d.Status == BudgetDeclarationStatus.Reserve), delegated - declared, delegated - validated);
        }).Where(r => Sees(caller, r.Finess, r.RegionCode) && (wantedRegion is null || r.RegionCode == wantedRegion))
            .OrderBy(r => r.RegionCode, StringComparer.Ordinal).ThenBy(r => r.Finess, StringComparer.Ordinal).ThenBy(r => r.Line).ToList();
    }

    // ------------------------------------------------------------------ exports (docs/formats/budget.md)

    public static IReadOnlyList<string> DelegationHeader { get; } =
        ["annee", "circulaire", "statut_circulaire", "region", "ars", "finess_ej", "etablissement", "ligne_mig", "libelle_ligne", "montant", "base_calcul", "note"];

    public static TableSheet DelegationSheet(CircularView c)
    {
        ArgumentNullException.ThrowIfNull(c);
        return TableSheet.FromRows("Délégations " + c.Id, DelegationHeader, c.Delegations.Select(d => (IReadOnlyList<string?>)
        [
            d.Year.ToString(CultureInfo.InvariantCulture), MigLines.Circulars.Code(d.Circular), MigLines.CircularStatuses.Code(d.CircularStatus), d.RegionCode,
            d.RegionName, d.Finess, d.EstablishmentName, MigLines.Codes.Code(d.Line), MigLines.Codes.Label(d.Line), BudgetRules.FileMoney(d.Amount), d.Basis, d.Note,
        ]));
    }

    public static IReadOnlyList<string> GapHeader { get; } =
        ["annee", "region", "ars", "finess_ej", "etablissement", "ligne_mig", "delegue", "declare", "valide", "reserves", "non_declare", "non_valide"];

    public static TableSheet GapSheet(int year, IEnumerable<GapRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return TableSheet.FromRows("Écarts " + year.ToString(CultureInfo.InvariantCulture), GapHeader, rows.Select(r => (IReadOnlyList<string?>)
        [
            r.Year.ToString(CultureInfo.InvariantCulture), r.RegionCode, r.RegionName, r.Finess, r.EstablishmentName, MigLines.Codes.Code(r.Line),
            BudgetRules.FileMoney(r.Delegated), BudgetRules.FileMoney(r.Declared), BudgetRules.FileMoney(r.Validated),
            r.Reserves.ToString(CultureInfo.InvariantCulture), BudgetRules.FileMoney(r.Undeclared), BudgetRules.FileMoney(r.Unvalidated),
        ]));
    }

    /// <summary>The bytes of a sheet as <c>csv</c> (UTF-8 with BOM, « ; ») or <c>xlsx</c>.</summary>
    public static byte[] Bytes(TableSheet sheet, string format)
    {
        ArgumentNullException.ThrowIfNull(sheet);
        if (format == "xlsx")
        {
            using var ms = new MemoryStream();
            XlsxTable.Write(ms, [sheet]);
            return ms.ToArray();
        }
        return CsvTable.ToBytes(sheet.Header, sheet.Rows.Select(r => (IReadOnlyList<string?>)r.Cells));
    }

    // ------------------------------------------------------------------ versions

    private async Task ExpectAsync(IVersioned entity, int? expected, string name, string id, CancellationToken ct)
    {
        if (Versioning.Expect(db, entity, expected)) return;
        throw new BudgetStaleException(entity.Version, await new Versions(db, clock).StaleMessageAsync(name, id, entity.Version, ct));
    }

    private async Task SaveAsync(string name, string id, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            var current = await new Versions(db, clock).CurrentAsync(name, id, ct) ?? 0;
            throw new BudgetStaleException(current, await new Versions(db, clock).StaleMessageAsync(name, id, current, ct));
        }
    }

    private static string Short(string? s) => s is null ? "" : s.Length > 40 ? s[..40] + "…" : s;
}
