using System.Globalization;

namespace Maillage.Core.Features.Reports;

public static class ReportKeys
{
    /// <summary>The audit id of a report: <c>CENTRE-ID/2024</c>.</summary>
    public static string Of(string centreId, int year) => centreId + "/" + year.ToString(CultureInfo.InvariantCulture);
}
