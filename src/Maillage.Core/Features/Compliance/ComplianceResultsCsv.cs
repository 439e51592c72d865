using Maillage.Core.Infrastructure.Tabular;
using Maillage.Domain.Compliance;
using Maillage.Domain.Referential;

namespace Maillage.Core.Features.Compliance;

/// <summary>
/// The results of a check as a <c>;</c>-separated CSV (UTF-8 with BOM), one line per finding:
/// <c>site_id;year;verdict;criterion;rule;status;expected;actual;source;message</c> (codes as in the JSON).
/// </summary>
public static class ComplianceResultsCsv
{
    public static readonly IReadOnlyList<string> Header =
        ["site_id", "year", "verdict", "criterion", "rule", "status", "expected", "actual", "source", "message"];

    public static byte[] ToBytes(IEnumerable<SiteEvaluation> evaluations)
    {
        ArgumentNullException.ThrowIfNull(evaluations);
        var rows = evaluations.SelectMany(e => e.Findings.Select(f => (IReadOnlyList<string?>)
        [
            e.SiteId, e.Year.ToString(System.Globalization.CultureInfo.InvariantCulture), e.Verdict.Code(), f.Criterion.Code(), f.Rule,
            f.Status.Code(), f.Expected?.ToString(), f.Actual?.ToString(), f.Source.Citation, f.Message,
        ]));
        return CsvTable.ToBytes(Header, rows);
    }
}
