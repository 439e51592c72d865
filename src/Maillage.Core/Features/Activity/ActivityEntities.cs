using Maillage.Domain.Activity;

namespace Maillage.Core.Features.Activity;

/// <summary>Stored indicators of one centre for one calendar year (table <c>activity_indicators</c>): aggregates only.</summary>
public sealed class ActivityIndicatorRecord
{
    public required string CentreId { get; set; }
    public int Year { get; set; }
    public int ActivePatients { get; set; }
    public int Consultations { get; set; }
    public int DayHospitalStays { get; set; }
    public int FullHospitalStays { get; set; }
    public int BedsideOpinions { get; set; }
    public int FileOpinions { get; set; }
    public int RcpOrganised { get; set; }
    public int RcpNational { get; set; }
    public int Patients { get; set; }
    public int ConfirmedPatients { get; set; }
    public int OrphaCodedPatients { get; set; }
    public int ResidentSameDepartement { get; set; }
    public int ResidentSameRegion { get; set; }
    public int ResidentOtherRegion { get; set; }
    public int ResidentAbroad { get; set; }
    public int ResidentUnknown { get; set; }
    public int OutOfScopeActs { get; set; }
    /// <summary>The import that computed these figures.</summary>
    public long ImportId { get; set; }

    public static ActivityIndicatorRecord From(ActivityIndicators i, long importId)
    {
        ArgumentNullException.ThrowIfNull(i);
        return new()
        {
            CentreId = i.CentreId, Year = i.Year, ActivePatients = i.ActivePatients, Consultations = i.Consultations,
            DayHospitalStays = i.DayHospitalStays, FullHospitalStays = i.FullHospitalStays, BedsideOpinions = i.BedsideOpinions,
            FileOpinions = i.FileOpinions, RcpOrganised = i.RcpOrganised, RcpNational = i.RcpNational, Patients = i.Patients,
            ConfirmedPatients = i.ConfirmedPatients, OrphaCodedPatients = i.OrphaCodedPatients,
            ResidentSameDepartement = i.ResidentSameDepartement, ResidentSameRegion = i.ResidentSameRegion,
            ResidentOtherRegion = i.ResidentOtherRegion, ResidentAbroad = i.ResidentAbroad, ResidentUnknown = i.ResidentUnknown,
            OutOfScopeActs = i.OutOfScopeActs, ImportId = importId,
        };
    }

    public ActivityIndicators ToIndicators() => new()
    {
        CentreId = CentreId, Year = Year, ActivePatients = ActivePatients, Consultations = Consultations,
        DayHospitalStays = DayHospitalStays, FullHospitalStays = FullHospitalStays, BedsideOpinions = BedsideOpinions,
        FileOpinions = FileOpinions, RcpOrganised = RcpOrganised, RcpNational = RcpNational, Patients = Patients,
        ConfirmedPatients = ConfirmedPatients, OrphaCodedPatients = OrphaCodedPatients,
        ResidentSameDepartement = ResidentSameDepartement, ResidentSameRegion = ResidentSameRegion,
        ResidentOtherRegion = ResidentOtherRegion, ResidentAbroad = ResidentAbroad, ResidentUnknown = ResidentUnknown,
        OutOfScopeActs = OutOfScopeActs,
    };
}

/// <summary>One applied import of an activity extract (table <c>activity_imports</c>): who, when, which file, what came of it.</summary>
public sealed class ActivityImportRecord
{
    public long Id { get; set; }
    public DateTimeOffset ImportedAt { get; set; }
    public required string ImportedBy { get; set; }
    /// <summary>File name only (no directory).</summary>
    public required string FileName { get; set; }
    /// <summary>SHA-256 of the file as received (compressed bytes for a .gz), lowercase hex.</summary>
    public required string Sha256 { get; set; }
    public long SizeBytes { get; set; }
    /// <summary>Data rows (the header and empty lines excluded).</summary>
    public long Rows { get; set; }
    public long RejectedRows { get; set; }
    /// <summary>JSON object reason code → count, e.g. <c>{"centre_unknown":3}</c>.</summary>
    public required string RejectsByReason { get; set; }
    /// <summary>Calendar years present, comma-separated.</summary>
    public required string Years { get; set; }
    /// <summary>Number of (centre, year) indicator rows replaced.</summary>
    public int IndicatorRows { get; set; }
    public long DurationMs { get; set; }
}

/// <summary>
/// Active patients of one centre for one calendar year by département of residence (table <c>activity_residences</c>):
/// aggregates only, replaced with the indicators. <see cref="Residence"/> is an INSEE département code, "99" abroad, "" unknown.
/// </summary>
public sealed class ActivityResidenceRecord
{
    public required string CentreId { get; set; }
    public int Year { get; set; }
    public required string Residence { get; set; }
    public int ActivePatients { get; set; }
    public long ImportId { get; set; }
}
