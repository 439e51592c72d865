using System.Globalization;

namespace Maillage.Domain.Funding;

/// <summary>The 8 MIG dedicated to rare diseases (PNMR 3).</summary>
public enum MigLineCode
{
    F04,
    F05,
    F06,
    F07,
    F17,
    F21,
    F22,
    F23,
}

/// <summary>The budget circulars of a year (« circulaires budgétaires » : first, second, third).</summary>
public enum BudgetCircularCode
{
    C1,
    C2,
    C3,
}

/// <summary>A circular is prepared (draft, national administration only) then published (frozen, seen by the ARS and the establishments).</summary>
public enum BudgetCircularStatus
{
    Draft,
    Published,
}

/// <summary>The ARS check of an establishment's declared use of its credits.</summary>
public enum BudgetDeclarationStatus
{
    Declared,
    Validated,
    Reserve,
}

/// <summary>One MIG line: code, French label, the group of the source's breakdown, the circulars it is usually delegated in, the source.</summary>
public sealed record MigLine(MigLineCode Code, string Label, string Group, string Circulars, string Source);

/// <summary>An envelope of a year: <see cref="Code"/> is <c>total</c> (the PNMR 3 envelope), a group (<c>centres</c>,
/// <c>actions</c>) or a line (<c>F04</c>…<c>F23</c>); it covers <see cref="MigLines.Covered"/> lines.</summary>
public sealed record EnvelopeAmount(string Code, decimal Amount);

/// <summary>A delegated amount on a line (negative: a withdrawal).</summary>
public sealed record LineAmount(MigLineCode Line, decimal Amount);

/// <summary>
/// The MIG lines of the third national rare-disease plan and their envelopes, as the DGOS presented them
/// (DGOS, présentation du 7 avril 2022 (relabellisation, MIG), diapositive « Financement par Missions d'Intérêt Général
/// (MIG) dédiées aux maladies rares chaque année »): « Le troisième plan national maladies rares 2018-2022 (PNMR 3) est
/// financé à hauteur de 147,6M€/an sur la durée du plan. Depuis le Ségur de la santé, le plan est revalorisé à partir de
/// 2021 à 157,4M€/an : cette enveloppe regroupe 8 MIG dédiées » — soutien aux centres de référence (F04, F05, F06, F07 :
/// 128,4 M€, 473 centres financés, 1re circulaire), soutien aux filières (F17 : 13,8 M€, 1re et 2e circulaires), soutien
/// aux actions et AAP (F21 plateformes 2,3 M€, F22 BNDMR 6,3 M€, F23 appui à l'expertise 6,6 M€ : 15,2 M€, principalement
/// 2e et 3e circulaires). The sources disagree on the platforms' line: F21 in that presentation, F23 in the note
/// d'information n° DGOS/MMR/2020/221 du 7 décembre 2020 (§II and §VII: « La DGOS accompagne en MIGAC (MIG F23)
/// l'établissement de santé porteur et siège de la plateforme »); both references are carried and the line is chosen
/// per year (<see cref="DefaultPlatformLine"/>).
/// </summary>
public static class MigLines
{
    public const string Presentation2022 = "DGOS, présentation du 7 avril 2022 (relabellisation, MIG), « Financement par Missions d'Intérêt Général (MIG) dédiées aux maladies rares chaque année »";
    public const string Note2020 = "Note d'information n° DGOS/MMR/2020/221 du 7 décembre 2020, §II et §VII (plateformes d'expertise maladies rares, « MIG F23 »)";

    public const string Total = "total";
    public const string CentresGroup = "centres";
    public const string FilieresGroup = "filieres";
    public const string ActionsGroup = "actions";

    public static EnumTable<MigLineCode> Codes { get; } = new(v => v switch
    {
        MigLineCode.F04 => ("F04", "Centres de référence maladies rares (MIG générale, hors 3 filières)"),
        MigLineCode.F05 => ("F05", "Centres de la filière MHEMO (maladies hémorragiques constitutionnelles)"),
        MigLineCode.F06 => ("F06", "Centres de la filière Mucoviscidose"),
        MigLineCode.F07 => ("F07", "Centres de la filière FilSLAN (SLA et maladies du neurone moteur)"),
        MigLineCode.F17 => ("F17", "Filières de santé maladies rares"),
        MigLineCode.F21 => ("F21", "Plateformes d'expertise maladies rares (19 PEMR et 4 plateformes outre-mer)"),
        MigLineCode.F22 => ("F22", "Base de données maladies rares (BNDMR, BaMaRa, module DPI)"),
        MigLineCode.F23 => ("F23", "Appui à l'expertise maladies rares (PNDS, ETP, formation, ERN, outils de RCP)"),
    });

    public static EnumTable<BudgetCircularCode> Circulars { get; } = new(v => v switch
    {
        BudgetCircularCode.C1 => ("C1", "Première circulaire budgétaire"),
        BudgetCircularCode.C2 => ("C2", "Deuxième circulaire budgétaire"),
        BudgetCircularCode.C3 => ("C3", "Troisième circulaire budgétaire"),
    });

    public static EnumTable<BudgetCircularStatus> CircularStatuses { get; } = new(v => v switch
    {
        BudgetCircularStatus.Draft => ("draft", "En préparation"),
        BudgetCircularStatus.Published => ("published", "Publiée"),
    });

    public static EnumTable<BudgetDeclarationStatus> DeclarationStatuses { get; } = new(v => v switch
    {
        BudgetDeclarationStatus.Declared => ("declared", "Déclarée, à vérifier par l'ARS"),
        BudgetDeclarationStatus.Validated => ("validated", "Validée par l'ARS"),
        BudgetDeclarationStatus.Reserve => ("reserve", "Réserve de l'ARS"),
    });

    public static IReadOnlyList<MigLine> All { get; } =
    [
        Line(MigLineCode.F04, CentresGroup, "C1", Presentation2022),
        Line(MigLineCode.F05, CentresGroup, "C1", Presentation2022),
        Line(MigLineCode.F06, CentresGroup, "C1", Presentation2022),
        Line(MigLineCode.F07, CentresGroup, "C1", Presentation2022),
        Line(MigLineCode.F17, FilieresGroup, "C1, C2", Presentation2022),
        Line(MigLineCode.F21, ActionsGroup, "C2, C3", Presentation2022 + " ; la " + Note2020 + " finance les plateformes sur la F23"),
        Line(MigLineCode.F22, ActionsGroup, "C2, C3", Presentation2022 + " ; module DPI : diapositive « Financement en C3 2021 du module maladies rares dans le DPI »"),
        Line(MigLineCode.F23, ActionsGroup, "C2, C3", Presentation2022 + " ; " + Note2020),
    ];

    private static MigLine Line(MigLineCode code, string group, string circulars, string source) => new(code, Codes.Label(code), group, circulars, source);

    public static MigLine Of(MigLineCode code) => All.First(l => l.Code == code);

    /// <summary>The platforms' line when the year does not say otherwise: F21, the 2022 presentation's breakdown (the 2020 note says F23).</summary>
    public const MigLineCode DefaultPlatformLine = MigLineCode.F21;

    /// <summary>The lines a platform line may be: the two the sources name.</summary>
    public static bool IsPlatformLine(MigLineCode code) => code is MigLineCode.F21 or MigLineCode.F23;

    /// <summary>The lines of the centres' MIG (F04–F07), shared with the MIG variable part.</summary>
    public static bool IsCentresLine(MigLineCode code) => Of(code).Group == CentresGroup;

    /// <summary>Every envelope code: <c>total</c>, the groups, the lines.</summary>
    public static IReadOnlyList<string> EnvelopeCodes { get; } = [Total, CentresGroup, FilieresGroup, ActionsGroup, .. Codes.Codes];

    /// <summary>The lines an envelope code covers; empty for an unknown code.</summary>
    public static IReadOnlyList<MigLineCode> Covered(string code) => code switch
    {
        Total => Codes.Values,
        CentresGroup or FilieresGroup or ActionsGroup => All.Where(l => l.Group == code).Select(l => l.Code).ToList(),
        _ => Codes.TryParse(code, out var line) ? [line] : [],
    };

    public static string EnvelopeLabel(string code) => code switch
    {
        Total => "Enveloppe du PNMR 3 (8 MIG)",
        CentresGroup => "Soutien aux centres de référence (F04 à F07)",
        FilieresGroup => "Soutien aux filières (F17)",
        ActionsGroup => "Soutien aux actions et AAP du PNMR 3 (F21, F22, F23)",
        _ => Codes.TryParse(code, out var line) ? $"{code} — {Codes.Label(line)}" : code,
    };

    /// <summary>
    /// The source's envelopes for a year: 147,6 M€ a year for the plan (2018 to 2020), 157,4 M€ from 2021 with the
    /// breakdown the 2022 presentation gives (centres 128,4 M€, F17 13,8 M€, actions 15,2 M€ = F21 2,3 + F22 6,3 + F23
    /// 6,6 M€). The presentation does not split the centres' 128,4 M€ between F04 and F05–F07: that group is one envelope.
    /// </summary>
    public static IReadOnlyList<EnvelopeAmount> SourceEnvelopes(int year) => year >= 2021
        ?
        [
            new(Total, 157_400_000m), new(CentresGroup, 128_400_000m), new(FilieresGroup, 13_800_000m), new(ActionsGroup, 15_200_000m),
            new("F17", 13_800_000m), new("F21", 2_300_000m), new("F22", 6_300_000m), new("F23", 6_600_000m),
        ]
        : [new(Total, 147_600_000m)];
}

/// <summary>The rules of the MIG budget chain: envelopes never exceeded, withdrawals bounded by what was delegated, amounts to the cent.</summary>
public static class BudgetRules
{
    public const decimal MaxAmount = 1_000_000_000m;

    /// <summary>An amount in euros, to the cent, at most 1 billion in absolute value; null when valid, else the French error.</summary>
    public static string? AmountError(decimal amount, bool allowNegative)
    {
        if (decimal.Round(amount, 2) != amount) return "Le montant doit être en euros, au centime près (2 décimales au plus).";
        if (Math.Abs(amount) > MaxAmount) return $"Le montant dépasse {Euro.Format(MaxAmount)}.";
        if (!allowNegative && amount < 0) return "Le montant ne peut pas être négatif.";
        return null;
    }

    /// <summary>
    /// Every envelope of the year that the delegations exceed, as French messages (empty when all fit). A delegation
    /// total exactly equal to an envelope fits; one cent over does not. Each line must be covered by at least one envelope.
    /// </summary>
    public static IReadOnlyList<string> EnvelopeViolations(IReadOnlyList<EnvelopeAmount> envelopes, IReadOnlyList<LineAmount> delegations)
    {
        ArgumentNullException.ThrowIfNull(envelopes);
        ArgumentNullException.ThrowIfNull(delegations);
        var errors = new List<string>();
        foreach (var line in delegations.Select(d => d.Line).Distinct().Order())
        {
            if (!envelopes.Any(e => MigLines.Covered(e.Code).Contains(line)))
                errors.Add($"Ligne {MigLines.Codes.Code(line)} : aucune enveloppe de l'année ne la couvre, rien ne peut y être délégué.");
        }
        foreach (var e in envelopes)
        {
            var covered = MigLines.Covered(e.Code);
            var sum = delegations.Where(d => covered.Contains(d.Line)).Sum(d => d.Amount);
            if (sum > e.Amount)
                errors.Add($"{MigLines.EnvelopeLabel(e.Code)} : les délégations de l'année totaliseraient {Euro.FormatCents(sum)}, au-delà de l'enveloppe de "
                    + $"{Euro.FormatCents(e.Amount)} (dépassement de {Euro.FormatCents(sum - e.Amount)}). Enregistrement refusé.");
        }
        return errors;
    }

    /// <summary>
    /// A withdrawal (negative delegation) is made in a later circular than the credits it takes back, states its reason,
    /// and takes back at most what the establishment received on that line in the earlier circulars of the year.
    /// Null when valid.
    /// </summary>
    public static string? WithdrawalError(BudgetCircularCode circular, decimal amount, decimal delegatedBefore, string? reason)
    {
        if (amount >= 0) return null;
        if (circular == BudgetCircularCode.C1) return "Un retrait de crédits (montant négatif) se fait dans une circulaire ultérieure (C2 ou C3), pas dans la première.";
        if (string.IsNullOrWhiteSpace(reason)) return "Un retrait de crédits doit être motivé (note obligatoire).";
        if (-amount > delegatedBefore)
            return $"Retrait de {Euro.FormatCents(-amount)} refusé : l'établissement n'a reçu que {Euro.FormatCents(delegatedBefore)} sur cette ligne dans les circulaires précédentes de l'année.";
        return null;
    }

    /// <summary>The line of a funded centre's MIG: F05 MHEMO, F06 Mucoviscidose, F07 FilSLAN (by filière or CRC kind), F04 the others.</summary>
    public static MigLineCode CentreLine(string? filiere, string? resourceKind) => (filiere, resourceKind) switch
    {
        (_, "Mhc") or ("MHEMO", _) => MigLineCode.F05,
        (_, "Crcm") or ("MUCO-CFTR", _) => MigLineCode.F06,
        (_, "Sla") or ("FILSLAN", _) => MigLineCode.F07,
        _ => MigLineCode.F04,
    };

    /// <summary><paramref name="total"/> shared equally among <paramref name="count"/> recipients, to the cent, summing exactly to the total.</summary>
    public static decimal[] EqualShares(decimal total, int count)
    {
        if (count <= 0) return [];
        var exact = Enumerable.Repeat(total / count, count).ToArray();
        return MigCalculator.LargestRemainder(exact, total);
    }

    /// <summary>French money for messages ("13 800 000,00 €").</summary>
    public static string Money(decimal amount) => Euro.FormatCents(amount);

    /// <summary>Money for files: invariant, two decimals ("13800000.00").</summary>
    public static string FileMoney(decimal amount) => amount.ToString("0.00", CultureInfo.InvariantCulture);
}
