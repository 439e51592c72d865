using Maillage.Domain.Referential;

namespace Maillage.Domain.Funding;

/// <summary>One centre's declared and measured values, by input name (e.g. <c>active_patients</c>, <c>sigaps_points_4y</c>).</summary>
public sealed record MigCentreInput(string CentreId, string Name, IReadOnlyDictionary<string, decimal> Values);

/// <summary>One indicator's part of a centre's amount (<see cref="Amount"/> before rounding to the cent).</summary>
public sealed record MigComponent(
    string IndicatorId, string Label, decimal WeightPct, decimal EffectiveWeightPct, decimal Value, int? Quartile,
    decimal Score, decimal TotalScore, decimal Amount);

/// <summary>A centre's amount (rounded to the cent), its components and the explanation lines.</summary>
public sealed record MigCentreAmount(string CentreId, string Name, decimal Amount, IReadOnlyList<MigComponent> Components, IReadOnlyList<string> Explanation);

/// <summary>The whole allocation: <see cref="Total"/> always equals <see cref="Envelope"/> to the cent.</summary>
public sealed record MigAllocation(decimal Envelope, IReadOnlyList<MigCentreAmount> Centres, decimal Total, IReadOnlyList<string> Notes);

/// <summary>
/// The MIG variable part shared among centres with the campaign referential's indicators and weights (PIRAMIG 2024):
/// <list type="bullet">
/// <item><c>share</c>: the indicator's envelope (weight × envelope) in proportion to the centre's value over the total
/// of all centres;</item>
/// <item><c>quartiles</c>: centres with a value above 0 are ranked; Q1, Q2, Q3 are the nearest-rank quartiles of those
/// values (Qk = the ⌈k·m/4⌉-th smallest of the m positive values); a value ≤ Q1 is in quartile 1, ≤ Q2 in 2, ≤ Q3 in
/// 3, above in 4; a quartile earns the referential's points (1, 2, 3, 4), a value of 0 earns 0; the indicator's
/// envelope is shared in proportion to points;</item>
/// <item><c>presence</c>: 1 point for a value above 0, shared in proportion to points.</item>
/// </list>
/// An indicator on which no centre scores has its weight reallocated to the others pro rata of their weights. The exact
/// amounts are then rounded to the cent by the largest-remainder method (floors, then one cent each to the largest
/// remainders, ties by input order), so the total equals the envelope exactly.
/// </summary>
public static class MigCalculator
{
    public static MigAllocation Allocate(IReadOnlyList<MigIndicator> indicators, IReadOnlyList<MigCentreInput> centres, decimal envelope)
    {
        ArgumentNullException.ThrowIfNull(indicators);
        ArgumentNullException.ThrowIfNull(centres);
        if (envelope <= 0m || decimal.Round(envelope, 2) != envelope)
            throw new FundingInputException("envelope", "L'enveloppe doit être un montant positif en euros, au centime près.");
        if (centres.Count == 0) throw new FundingInputException("centres", "Aucun centre à financer.");
        foreach (var c in centres)
        {
            foreach (var input in indicators.SelectMany(i => i.Inputs))
            {
                if (!c.Values.TryGetValue(input, out var v))
                    throw new FundingInputException(input, $"Centre {c.CentreId} : valeur {input} manquante.");
                if (v < 0m) throw new FundingInputException(input, $"Centre {c.CentreId} : valeur {input} négative.");
            }
        }

        // Scores per indicator and centre.
        var scores = new List<(MigIndicator Indicator, decimal[] Values, int?[] Quartiles, decimal[] Scores, decimal Total)>();
        foreach (var ind in indicators)
        {
            var values = centres.Select(c => ind.Inputs.Sum(i => c.Values[i])).ToArray();
            var quartiles = new int?[values.Length];
            var s = new decimal[values.Length];
            switch (ind.Scoring)
            {
                case MigScoring.Share:
                    Array.Copy(values, s, values.Length);
                    break;
                case MigScoring.Presence:
                    for (var k = 0; k < values.Length; k++) s[k] = values[k] > 0m ? 1m : 0m;
                    break;
                case MigScoring.Quartiles:
                    var positive = values.Where(v => v > 0m).Order().ToArray();
                    for (var k = 0; k < values.Length; k++)
                    {
                        if (values[k] <= 0m) { quartiles[k] = 0; s[k] = 0m; continue; }
                        var q = Quartile(positive, values[k]);
                        quartiles[k] = q;
                        s[k] = ind.QuartilePoints[q - 1];
                    }
                    break;
            }
            scores.Add((ind, values, quartiles, s, s.Sum()));
        }

        var notes = new List<string>();
        var activeWeight = scores.Where(x => x.Total > 0m).Sum(x => x.Indicator.WeightPct);
        if (activeWeight <= 0m)
            throw new FundingInputException("centres", "Aucun centre ne marque de points sur aucun indicateur : rien ne permet de répartir l'enveloppe.");
        var totalWeight = indicators.Sum(i => i.WeightPct);
        foreach (var x in scores.Where(x => x.Total <= 0m))
            notes.Add($"Aucun centre ne marque de points sur « {x.Indicator.Label} » : son poids ({Euro.Percent(x.Indicator.WeightPct)}) est réparti sur les autres indicateurs au prorata de leurs poids.");

        var exact = new decimal[centres.Count];
        var components = centres.Select(_ => new List<MigComponent>()).ToArray();
        foreach (var x in scores)
        {
            var effective = x.Total > 0m ? x.Indicator.WeightPct * totalWeight / activeWeight : 0m;
            var indicatorEnvelope = envelope * effective / 100m;
            for (var k = 0; k < centres.Count; k++)
            {
                var amount = x.Total > 0m ? indicatorEnvelope * x.Scores[k] / x.Total : 0m;
                exact[k] += amount;
                components[k].Add(new MigComponent(x.Indicator.Id, x.Indicator.Label, x.Indicator.WeightPct, effective, x.Values[k], x.Quartiles[k], x.Scores[k], x.Total, amount));
            }
        }

        var rounded = LargestRemainder(exact, envelope);
        var result = new List<MigCentreAmount>();
        for (var k = 0; k < centres.Count; k++)
        {
            var lines = components[k].Select(Line).ToList();
            lines.Add($"Total : {Euro.FormatCents(exact[k])} avant arrondi ; {Euro.FormatCents(rounded[k])} après arrondi au centime (méthode des plus forts restes, total égal à l'enveloppe).");
            result.Add(new MigCentreAmount(centres[k].CentreId, centres[k].Name, rounded[k], components[k], lines));
        }
        return new MigAllocation(envelope, result, rounded.Sum(), notes);
    }

    /// <summary>The quartile (1–4) of a positive value among the sorted positive values (nearest-rank quartiles).</summary>
    public static int Quartile(IReadOnlyList<decimal> sortedPositive, decimal value)
    {
        var m = sortedPositive.Count;
        var q = 1;
        for (var k = 1; k <= 3; k++)
        {
            var rank = (int)Math.Ceiling(k * m / 4.0);
            if (value > sortedPositive[Math.Max(rank, 1) - 1]) q = k + 1;
        }
        return q;
    }

    /// <summary>Rounds to the cent so that the sum is exactly <paramref name="total"/>: floors, then +0.01 to the largest remainders.</summary>
    public static decimal[] LargestRemainder(IReadOnlyList<decimal> exact, decimal total)
    {
        ArgumentNullException.ThrowIfNull(exact);
        var cents = exact.Select(e => decimal.Floor(e * 100m)).ToArray();
        var left = (long)(total * 100m - cents.Sum());
        var order = Enumerable.Range(0, exact.Count)
            .OrderByDescending(k => exact[k] * 100m - cents[k])
            .ThenBy(k => k)
            .ToList();
        for (var i = 0; i < left && order.Count > 0; i++) cents[order[i % order.Count]] += 1m;
        return cents.Select(c => c / 100m).ToArray();
    }

    private static string Line(MigComponent c)
    {
        var head = $"{c.Label} ({Euro.Percent(c.WeightPct)}"
            + (c.EffectiveWeightPct != c.WeightPct ? $", porté à {Euro.Percent(c.EffectiveWeightPct)}" : "") + ")";
        if (c.TotalScore <= 0m) return $"{head} : aucun centre ne marque de points, 0,00 €.";
        if (c.Quartile is { } q)
        {
            return q == 0
                ? $"{head} : valeur {Euro.Number(c.Value)}, aucun point → 0,00 €."
                : $"{head} : valeur {Euro.Number(c.Value)}, quartile {q} → {Euro.Number(c.Score)} {(Math.Abs(c.Score) >= 2 ? "points" : "point")} sur {Euro.Number(c.TotalScore)} → {Euro.FormatCents(c.Amount)}.";
        }
        var share = c.Score / c.TotalScore * 100m;
        return $"{head} : {Euro.Number(c.Score)} sur {Euro.Number(c.TotalScore)} au total ({Euro.Percent(share, 3)}) → {Euro.FormatCents(c.Amount)}.";
    }
}

/// <summary>The input names a MIG indicator may read (columns of the MIG input file).</summary>
public static class MigInputs
{
    public static IReadOnlyList<string> All { get; } =
    [
        "active_patients", "consultations", "full_hospital_stays", "day_hospital_stays", "expert_opinions",
        "sigaps_points_4y", "du_diu_coordinated", "rcp_national_attended", "rcp_local_organised",
    ];
}
