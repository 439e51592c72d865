namespace Maillage.Domain.Activity;

/// <summary>
/// Which activity contexts count for each indicator: campaign data (the campaign referential), not code.
/// <see cref="Default"/> is the definition of the activity issue and of the 2018 note on the file active.
/// A plain object so that a referential loader can build one; masks are computed once on construction.
/// </summary>
public sealed class ActivityIndicatorDefinition
{
    public ActivityIndicatorDefinition(
        IEnumerable<ActivityContext> activePatients,
        IEnumerable<ActivityContext> consultations,
        IEnumerable<ActivityContext> dayHospitalStays,
        IEnumerable<ActivityContext> fullHospitalStays,
        IEnumerable<ActivityContext> bedsideOpinions,
        IEnumerable<ActivityContext> fileOpinions,
        IEnumerable<ActivityContext> rcpOrganised,
        IEnumerable<ActivityContext> rcpNational,
        IEnumerable<ActivityContext> patients)
    {
        ActivePatients = [.. activePatients];
        Consultations = [.. consultations];
        DayHospitalStays = [.. dayHospitalStays];
        FullHospitalStays = [.. fullHospitalStays];
        BedsideOpinions = [.. bedsideOpinions];
        FileOpinions = [.. fileOpinions];
        RcpOrganised = [.. rcpOrganised];
        RcpNational = [.. rcpNational];
        Patients = [.. patients];
        foreach (var c in FullHospitalStays.Concat(BedsideOpinions))
            if (!c.RequiresStay())
                throw new ArgumentException($"Le contexte {c.Code()} n'a pas d'identifiant de séjour : il ne peut pas compter des séjours distincts.");
    }

    /// <summary>The definition: file active = CS, CS_MULTI, TLC, HDJ; stays counted once whatever their days.</summary>
    public static ActivityIndicatorDefinition Default { get; } = new(
        activePatients: [ActivityContext.Consultation, ActivityContext.MultidisciplinaryConsultation, ActivityContext.Teleconsultation, ActivityContext.DayHospital],
        consultations: [ActivityContext.Consultation, ActivityContext.MultidisciplinaryConsultation, ActivityContext.Teleconsultation],
        dayHospitalStays: [ActivityContext.DayHospital],
        fullHospitalStays: [ActivityContext.FullHospitalisation],
        bedsideOpinions: [ActivityContext.BedsideOpinion],
        fileOpinions: [ActivityContext.ExpertFileOpinion, ActivityContext.ConsultationFileOpinion],
        rcpOrganised: [ActivityContext.RcpOrganised],
        rcpNational: [ActivityContext.RcpNational],
        patients: ActivityContexts.All);

    /// <summary>Distinct patients with at least one act of these contexts (the file active); also the population of the residence attraction.</summary>
    public IReadOnlyList<ActivityContext> ActivePatients { get; }
    /// <summary>Count of acts.</summary>
    public IReadOnlyList<ActivityContext> Consultations { get; }
    /// <summary>Count of acts.</summary>
    public IReadOnlyList<ActivityContext> DayHospitalStays { get; }
    /// <summary>Distinct (patient, stay) pairs; only contexts that carry a stay.</summary>
    public IReadOnlyList<ActivityContext> FullHospitalStays { get; }
    /// <summary>Distinct (patient, stay) pairs; only contexts that carry a stay.</summary>
    public IReadOnlyList<ActivityContext> BedsideOpinions { get; }
    /// <summary>Count of acts.</summary>
    public IReadOnlyList<ActivityContext> FileOpinions { get; }
    /// <summary>Count of acts.</summary>
    public IReadOnlyList<ActivityContext> RcpOrganised { get; }
    /// <summary>Count of acts.</summary>
    public IReadOnlyList<ActivityContext> RcpNational { get; }
    /// <summary>Distinct patients with an act of these contexts (default: any).</summary>
    public IReadOnlyList<ActivityContext> Patients { get; }

    /// <summary>
    /// The definition of a campaign referential's <c>indicators</c> section (referentials/*.yaml); an indicator it does
    /// not list keeps its <see cref="Default"/> contexts.
    /// </summary>
    public static ActivityIndicatorDefinition FromReferential(IEnumerable<Referential.IndicatorContexts> indicators)
    {
        ArgumentNullException.ThrowIfNull(indicators);
        var byName = indicators.ToDictionary(i => i.Indicator, StringComparer.Ordinal);
        IEnumerable<ActivityContext> Get(string name, string counting, IReadOnlyList<ActivityContext> fallback)
        {
            if (!byName.TryGetValue(name, out var entry)) return fallback;
            if (entry.Counting != counting)
                throw new ArgumentException($"Indicateur {name} : comptage « {entry.Counting} » inattendu (attendu : {counting}).");
            return entry.Contexts.Select(code => ActivityContexts.TryParse(code, out var c) ? c
                : throw new ArgumentException($"Indicateur {name} : contexte d'activité « {code} » inconnu."));
        }
        var d = Default;
        return new ActivityIndicatorDefinition(
            Get("active_patients", "distinct_patients", d.ActivePatients),
            Get("consultations", "acts", d.Consultations),
            Get("day_hospital_stays", "acts", d.DayHospitalStays),
            Get("full_hospital_stays", "distinct_stays", d.FullHospitalStays),
            Get("bedside_opinions", "distinct_stays", d.BedsideOpinions),
            Get("file_opinions", "acts", d.FileOpinions),
            Get("rcp_organised", "acts", d.RcpOrganised),
            Get("rcp_national", "acts", d.RcpNational),
            Get("patients", "distinct_patients", d.Patients));
    }

    internal static ushort Mask(IEnumerable<ActivityContext> contexts) =>
        contexts.Aggregate((ushort)0, (m, c) => (ushort)(m | (1 << (int)c)));
}
