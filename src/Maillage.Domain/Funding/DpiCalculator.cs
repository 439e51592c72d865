namespace Maillage.Domain.Funding;

/// <summary>The establishment's need when it has not been funded yet.</summary>
public enum DpiNeed
{
    Seeding,
    Deployment,
}

/// <summary>One establishment (ES) as described for the DPI rare-disease module funding. Null numbers are not given.</summary>
public sealed record DpiEstablishment(
    string Finess,
    string Name,
    bool DpiKnown,
    bool? AlreadyFunded,
    DpiNeed? Need,
    int? ReferenceCentresUsingDpi,
    int? Centres,
    int? ReferenceCentres,
    int? GhuCount);

/// <summary>The amount of one establishment, the branch of the tree it ends in and the French explanation.</summary>
public sealed record DpiFunding(string Finess, string Name, decimal Amount, string Branch, IReadOnlyList<string> Explanation);

/// <summary>
/// The decision tree of the slide "Financement en C3 2021 du module maladies rares dans le DPI" (DGOS, présentation du 7 avril 2022 (relabellisation, MIG)).
/// Every comparison of the slide is strict ("&gt; 5 CR", "&gt; 40 centres", "&gt; 10 centres ou &gt; 1 CR",
/// "ES &gt; 100 centres", "ES &gt; 10 centres"). Branch codes:
/// <c>dpi_unknown</c> (0 €), <c>new_support_over_100</c> (120 000 €, or 20 000 € per GHU when <c>ghu_count</c> is
/// given — the slide's "AP-HP (20 000€ par GHU)"), <c>new_support_over_10</c> (40 000 €), <c>new_support_limited</c>
/// (20 000 €), <c>seeding</c> (150 000 €), <c>seeding_little_used_dpi</c> (0 €), <c>deployment_large</c> (50 000 €),
/// <c>deployment_small</c> (25 000 €), <c>deployment_too_few_centres</c> (0 €).
/// </summary>
public static class DpiCalculator
{
    public const string Source = "DGOS, présentation maladies rares du 7 avril 2022, diapositive « Financement en C3 2021 du module maladies rares dans le DPI »";

    public const decimal NewSupportOver100 = 120_000m;
    public const decimal NewSupportPerGhu = 20_000m;
    public const decimal NewSupportOver10 = 40_000m;
    public const decimal NewSupportLimited = 20_000m;
    public const decimal Seeding = 150_000m;
    public const decimal DeploymentLarge = 50_000m;
    public const decimal DeploymentSmall = 25_000m;

    public static DpiFunding Compute(DpiEstablishment es)
    {
        ArgumentNullException.ThrowIfNull(es);
        var lines = new List<string>();
        DpiFunding Done(decimal amount, string branch, string last)
        {
            lines.Add(last);
            lines.Add("Source : " + Source + ".");
            return new DpiFunding(es.Finess, es.Name, amount, branch, lines);
        }

        if (!es.DpiKnown)
            return Done(0m, "dpi_unknown", "Le DPI de l'établissement n'est pas connu : « DPI inconnu », 0 €.");
        lines.Add("Le DPI de l'établissement est connu.");
        if (es.AlreadyFunded is not { } funded)
            throw new FundingInputException("already_funded", "already_funded doit être renseigné (true/false) quand le DPI est connu.");
        if (funded)
        {
            var centres = es.Centres ?? throw new FundingInputException("centres", "centres doit être renseigné pour un établissement déjà financé.");
            lines.Add($"L'établissement a déjà été financé : « nouvel appui » selon le nombre de centres ({centres}).");
            if (centres > 100)
            {
                if (es.GhuCount is > 0 and var ghu)
                    return Done(NewSupportPerGhu * ghu, "new_support_over_100",
                        $"Plus de 100 centres, établissement organisé en GHU (cas AP-HP) : {Euro.Format(NewSupportPerGhu)} par GHU × {ghu} GHU = {Euro.Format(NewSupportPerGhu * ghu)}.");
                return Done(NewSupportOver100, "new_support_over_100", $"Plus de 100 centres : « nouvel appui » de {Euro.Format(NewSupportOver100)}.");
            }
            if (centres > 10)
                return Done(NewSupportOver10, "new_support_over_10", $"Plus de 10 centres (et au plus 100) : « nouvel appui » de {Euro.Format(NewSupportOver10)}.");
            return Done(NewSupportLimited, "new_support_limited", $"10 centres ou moins : « nouvel appui limité » de {Euro.Format(NewSupportLimited)}.");
        }
        lines.Add("L'établissement n'a pas encore été financé.");
        switch (es.Need)
        {
            case DpiNeed.Seeding:
            {
                var using_ = es.ReferenceCentresUsingDpi ?? throw new FundingInputException("reference_centres_using_dpi", "reference_centres_using_dpi doit être renseigné pour un besoin d'amorçage.");
                lines.Add($"Besoin d'amorçage ; DPI utilisé par {French.Count(using_, "centre de référence", "centres de référence")}.");
                return using_ > 5
                    ? Done(Seeding, "seeding", $"DPI utilisé par plus de 5 centres de référence : « amorçage » de {Euro.Format(Seeding)}.")
                    : Done(0m, "seeding_little_used_dpi", "DPI utilisé par 5 centres de référence ou moins : « DPI peu utilisé », 0 €.");
            }
            case DpiNeed.Deployment:
            {
                var centres = es.Centres ?? throw new FundingInputException("centres", "centres doit être renseigné pour un besoin de déploiement.");
                var reference = es.ReferenceCentres ?? throw new FundingInputException("reference_centres", "reference_centres doit être renseigné pour un besoin de déploiement.");
                lines.Add($"Besoin de déploiement ; {French.Count(centres, "centre", "centres")} dont {French.Count(reference, "centre de référence", "centres de référence")}.");
                if (centres > 40)
                    return Done(DeploymentLarge, "deployment_large", $"Plus de 40 centres : « grand déploiement » de {Euro.Format(DeploymentLarge)}.");
                if (centres > 10 || reference > 1)
                    return Done(DeploymentSmall, "deployment_small", $"Plus de 10 centres ou plus d'un centre de référence : « petit déploiement » de {Euro.Format(DeploymentSmall)}.");
                return Done(0m, "deployment_too_few_centres", "10 centres ou moins et au plus un centre de référence : « peu de centres sur l'ES », 0 €.");
            }
            default:
                throw new FundingInputException("need", "need doit valoir seeding ou deployment pour un établissement pas encore financé.");
        }
    }
}
