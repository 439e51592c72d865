namespace Maillage.Domain.Registry;

/// <summary>
/// The colleges of a filière's governance committee (note n° DGOS/DIR/DGRI/2018/218 du 19 septembre 2018, §2 « Gouvernance » :
/// « Le comité de gouvernance est composé de l'ensemble des centres de référence des CRMR de la filière, un ou plusieurs
/// représentants d'associations de personnes malades, un ou plusieurs représentants des laboratoires de diagnostic et des
/// équipes de recherche. Sont invités permanents […] le chef de projet de la FSMR, la direction de l'établissement siège de
/// celle-ci et tout autre partenaire à l'initiative de la FSMR »). Professional societies are such partners, kept apart
/// because the filières list them so.
/// </summary>
public enum GovernanceCollege
{
    /// <summary>The reference centres of the filière's CRMR (and, as the filières choose, their competence centres).</summary>
    Centres,
    /// <summary>Diagnostic laboratories and research teams.</summary>
    Laboratories,
    /// <summary>Patient associations.</summary>
    Associations,
    /// <summary>Learned and professional societies.</summary>
    ProfessionalSocieties,
    /// <summary>Permanent guests: the filière's project manager, the seat's direction, other partners.</summary>
    PermanentGuests,
}

public static class GovernanceCodes
{
    public static readonly EnumTable<GovernanceCollege> Colleges = new(v => v switch
    {
        GovernanceCollege.Centres => ("centres", "Centres de référence et de compétence"),
        GovernanceCollege.Laboratories => ("laboratories", "Laboratoires de diagnostic et équipes de recherche"),
        GovernanceCollege.Associations => ("associations", "Associations de personnes malades"),
        GovernanceCollege.ProfessionalSocieties => ("professional_societies", "Sociétés savantes et professionnelles"),
        GovernanceCollege.PermanentGuests => ("permanent_guests", "Invités permanents"),
    });

    public static string Code(this GovernanceCollege c) => Colleges.Code(c);

    public static string Label(this GovernanceCollege c) => Colleges.Label(c);
}
