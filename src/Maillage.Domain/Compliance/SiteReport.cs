using Maillage.Domain.Referential;
using Maillage.Domain.Registry;

namespace Maillage.Domain.Compliance;

/// <summary>
/// One site's annual figures and head, as checked by the compliance engine. A null number, status or date means the
/// value was not reported (missing). <see cref="Exception"/> is an exception claimed by the site and accepted.
/// <see cref="BndmrEntry"/> (the site enters its patients in the BNDMR) and <see cref="MeasuredActivePatients"/> (the
/// file active measured from the BaMaRa/activity extracts) are optional: null = unknown = no finding for their criterion.
/// </summary>
public sealed record SiteReport(
    string SiteId,
    SiteKind Kind,
    ClinicalField? Field,
    int Year,
    int? ActivePatients,
    int? Consultations,
    int? DayHospitalStays,
    int? FundedPiProjects5y,
    HeadStatus? HeadStatus,
    DateOnly? HeadBirthDate,
    bool? HeadClinicalActivity,
    ExceptionCode? Exception,
    bool? BndmrEntry = null,
    int? MeasuredActivePatients = null)
{
    /// <summary>CS/HDJ: consultations + day-hospital stays; missing when either is missing.</summary>
    public int? CsHdj => Consultations is { } c && DayHospitalStays is { } d ? c + d : null;
}
