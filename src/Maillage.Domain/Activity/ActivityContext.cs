namespace Maillage.Domain.Activity;

/// <summary>
/// The context of a care act in an activity extract (column <c>activity_context</c>), mapped to the SDM-MR value set
/// "contexte de l'activité" (JDV_ContexteActivite_CISIS, OID 1.2.250.1.213.1.1.5.40; docs/formats/activity-extract.md).
/// The numeric values index bit masks (<see cref="ActivityIndicatorDefinition"/>): do not reorder.
/// </summary>
public enum ActivityContext : byte
{
    /// <summary>CS: consultation (SNOMED CT 11429006 "Consultation").</summary>
    Consultation = 0,
    /// <summary>CS_MULTI: multidisciplinary consultation (ORG-028).</summary>
    MultidisciplinaryConsultation = 1,
    /// <summary>TLC: teleconsultation (MED-096).</summary>
    Teleconsultation = 2,
    /// <summary>AVIS_CS: opinion on a file during a consultation (ORG-029).</summary>
    ConsultationFileOpinion = 3,
    /// <summary>AVIS_SALLE: bedside opinion on a ward (ORG-030); needs a stay.</summary>
    BedsideOpinion = 4,
    /// <summary>AVIS_DOSSIER: expert opinion on a file (MED-095).</summary>
    ExpertFileOpinion = 5,
    /// <summary>HDJ: day hospital (code 29 of 1.2.250.1.213.3.3.13, "Hospitalisation de jour (HJ)").</summary>
    DayHospital = 6,
    /// <summary>HC: full hospitalisation (ORG-045 "Hospitalisation traditionnelle"); needs a stay.</summary>
    FullHospitalisation = 7,
    /// <summary>RCP_ORG: local or regional multidisciplinary meeting organised by the centre (ORG-198).</summary>
    RcpOrganised = 8,
    /// <summary>RCP_NAT: national or European multidisciplinary meeting attended (ORG-199).</summary>
    RcpNational = 9,
}

/// <summary>Codes of the extract format and their SDM-MR equivalents.</summary>
public static class ActivityContexts
{
    public const int Count = 10;

    /// <summary>An SDM-MR concept: code, code system OID, display name (from JDV_ContexteActivite_CISIS.xml).</summary>
    public sealed record SdmMrConcept(string Code, string CodeSystem, string DisplayName);

    private static readonly string[] Codes = ["CS", "CS_MULTI", "TLC", "AVIS_CS", "AVIS_SALLE", "AVIS_DOSSIER", "HDJ", "HC", "RCP_ORG", "RCP_NAT"];

    private static readonly SdmMrConcept[] Sdm =
    [
        new("11429006", "2.16.840.1.113883.6.96", "Consultation"),
        new("ORG-028", "1.2.250.1.213.1.1.4.322", "Consultation pluridisciplinaire"),
        new("MED-096", "1.2.250.1.213.1.1.4.322", "Téléconsultation"),
        new("ORG-029", "1.2.250.1.213.1.1.4.322", "Avis sur dossier en consultation"),
        new("ORG-030", "1.2.250.1.213.1.1.4.322", "Avis en salle"),
        new("MED-095", "1.2.250.1.213.1.1.4.322", "Avis d'expertise sur un dossier"),
        new("29", "1.2.250.1.213.3.3.13", "Hospitalisation de jour (HJ)"),
        new("ORG-045", "1.2.250.1.213.1.1.4.322", "Hospitalisation traditionnelle"),
        new("ORG-198", "1.2.250.1.213.1.1.4.322", "RCP régionale ou locale - centre organisateur"),
        new("ORG-199", "1.2.250.1.213.1.1.4.322", "RCP nationale ou européenne - centre participatif"),
    ];

    public static IReadOnlyList<ActivityContext> All { get; } = Enum.GetValues<ActivityContext>();

    /// <summary>The extract code (CS, HC...).</summary>
    public static string Code(this ActivityContext context) => Codes[(int)context];

    /// <summary>The SDM-MR "contexte de l'activité" concept this context maps to.</summary>
    public static SdmMrConcept SdmMr(this ActivityContext context) => Sdm[(int)context];

    /// <summary>Whether rows of this context carry a <c>stay_id</c> (required), or must leave it empty.</summary>
    public static bool RequiresStay(this ActivityContext context) =>
        context is ActivityContext.FullHospitalisation or ActivityContext.BedsideOpinion;

    public static bool TryParse(string? code, out ActivityContext context)
    {
        var i = Array.IndexOf(Codes, code);
        context = (ActivityContext)Math.Max(i, 0);
        return i >= 0;
    }

    /// <summary>Parses an ASCII code from the extract's bytes.</summary>
    public static bool TryParse(ReadOnlySpan<byte> code, out ActivityContext context)
    {
        // Dispatch on length first: this runs once per row of files with tens of millions of rows.
        context = code.Length switch
        {
            2 when code.SequenceEqual("CS"u8) => ActivityContext.Consultation,
            2 when code.SequenceEqual("HC"u8) => ActivityContext.FullHospitalisation,
            3 when code.SequenceEqual("TLC"u8) => ActivityContext.Teleconsultation,
            3 when code.SequenceEqual("HDJ"u8) => ActivityContext.DayHospital,
            7 when code.SequenceEqual("AVIS_CS"u8) => ActivityContext.ConsultationFileOpinion,
            7 when code.SequenceEqual("RCP_ORG"u8) => ActivityContext.RcpOrganised,
            7 when code.SequenceEqual("RCP_NAT"u8) => ActivityContext.RcpNational,
            8 when code.SequenceEqual("CS_MULTI"u8) => ActivityContext.MultidisciplinaryConsultation,
            10 when code.SequenceEqual("AVIS_SALLE"u8) => ActivityContext.BedsideOpinion,
            12 when code.SequenceEqual("AVIS_DOSSIER"u8) => ActivityContext.ExpertFileOpinion,
            _ => (ActivityContext)255,
        };
        return (int)context < Count;
    }
}
