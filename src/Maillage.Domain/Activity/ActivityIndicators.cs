namespace Maillage.Domain.Activity;

/// <summary>How the residence of a patient of the file active relates to the site of the centre.</summary>
public enum ResidenceClass
{
    SameDepartement,
    SameRegion,
    OtherRegion,
    Abroad,
    Unknown,
}

/// <summary>One centre's indicators for one calendar year (docs/formats/activity-extract.md).</summary>
public sealed record ActivityIndicators
{
    public required string CentreId { get; init; }
    public int Year { get; init; }
    public int ActivePatients { get; init; }
    public int Consultations { get; init; }
    public int DayHospitalStays { get; init; }
    public int FullHospitalStays { get; init; }
    public int BedsideOpinions { get; init; }
    public int FileOpinions { get; init; }
    public int RcpOrganised { get; init; }
    public int RcpNational { get; init; }
    public int Patients { get; init; }
    public int ConfirmedPatients { get; init; }
    public int OrphaCodedPatients { get; init; }
    public int ResidentSameDepartement { get; init; }
    public int ResidentSameRegion { get; init; }
    public int ResidentOtherRegion { get; init; }
    public int ResidentAbroad { get; init; }
    public int ResidentUnknown { get; init; }
    public int OutOfScopeActs { get; init; }

    /// <summary>The column names of <c>maillage activity indicators</c>, in order.</summary>
    public static IReadOnlyList<string> Columns { get; } =
    [
        "centre_id", "year", "active_patients", "consultations", "day_hospital_stays", "full_hospital_stays",
        "bedside_opinions", "file_opinions", "rcp_organised", "rcp_national", "patients", "confirmed_patients",
        "orpha_coded_patients", "resident_same_departement", "resident_same_region", "resident_other_region",
        "resident_abroad", "resident_unknown", "out_of_scope_acts",
    ];

    /// <summary>The counters after <c>centre_id</c>, in column order.</summary>
    public int[] Values() =>
    [
        Year, ActivePatients, Consultations, DayHospitalStays, FullHospitalStays, BedsideOpinions, FileOpinions,
        RcpOrganised, RcpNational, Patients, ConfirmedPatients, OrphaCodedPatients, ResidentSameDepartement,
        ResidentSameRegion, ResidentOtherRegion, ResidentAbroad, ResidentUnknown, OutOfScopeActs,
    ];
}
