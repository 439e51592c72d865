namespace Maillage.Domain.Funding;

/// <summary>MIG funding of an expertise platform (PEMR), for its number of CRMR/CRC.</summary>
public sealed record PemrFunding(int CrmrCount, bool Eligible, int Tranche, decimal AmountPerYear, int Years, decimal Total, IReadOnlyList<string> Explanation);

/// <summary>
/// Note d'information n° DGOS/MMR/2020/221 du 7 décembre 2020, §VII "Modélisation": "Est exigé un seuil minimum de 6 CRMR/CRC pour créer une
/// plateforme"; "Tranche 1 : entre 6 et 14 CRMR → uniquement part fixe ; Tranche 2 : entre 15 et 25 CRMR → + 100K€ ;
/// Tranche 3 : plus de 25 CRMR → + 200 K€" with a fixed part of 100 K€, notified yearly, for 2 years. Read: fewer than
/// 6 (0–5) → not eligible; 6–14 → 100 k€; 15–25 (both inclusive: "entre 15 et 25") → 200 k€; 26 and more ("plus de
/// 25", exclusive) → 300 k€ per year; × 2 years.
/// </summary>
public static class PemrCalculator
{
    public const int MinimumCentres = 6;
    public const int Years = 2;
    public const decimal FixedPart = 100_000m;

    public const string Source = "Note d'information n° DGOS/MMR/2020/221 du 7 décembre 2020, §VII Modalités de fonctionnement, « Modélisation »";

    public static PemrFunding Compute(int crmrCount)
    {
        if (crmrCount < 0) throw new FundingInputException("crmr_count", "Le nombre de CRMR/CRC ne peut pas être négatif.");
        var lines = new List<string>();
        if (crmrCount < MinimumCentres)
        {
            lines.Add($"Plateforme comptant {crmrCount} CRMR/CRC : non éligible, un seuil minimum de {MinimumCentres} CRMR/CRC est exigé pour créer une plateforme.");
            lines.Add("Source : " + Source + ".");
            return new PemrFunding(crmrCount, false, 0, 0m, 0, 0m, lines);
        }
        var (tranche, variable, label) = crmrCount switch
        {
            <= 14 => (1, 0m, "tranche 1 (entre 6 et 14 CRMR) : uniquement la part fixe"),
            <= 25 => (2, 100_000m, "tranche 2 (entre 15 et 25 CRMR) : part fixe + 100 000 €"),
            _ => (3, 200_000m, "tranche 3 (plus de 25 CRMR) : part fixe + 200 000 €"),
        };
        var perYear = FixedPart + variable;
        lines.Add($"Plateforme comptant {crmrCount} CRMR/CRC : {label}.");
        lines.Add($"Part fixe {Euro.Format(FixedPart)} + part variable {Euro.Format(variable)} = {Euro.Format(perYear)} par an (notification annuelle de crédits MIG F23).");
        lines.Add($"Financement d'amorçage sur {Years} ans : {Euro.Format(perYear)} × {Years} = {Euro.Format(perYear * Years)} ; crédits complémentaires possibles pour des projets de formation et d'information (non calculés ici).");
        lines.Add("Source : " + Source + ".");
        return new PemrFunding(crmrCount, true, tranche, perYear, Years, perYear * Years, lines);
    }
}
