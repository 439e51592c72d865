using System.Text.Json;
using Maillage.Core.Features.Reports;
using Maillage.Domain.Reports;
using Xunit;

namespace Maillage.Core.Tests.Features.Reports;

/// <summary>
/// The reports' JSON columns are written with build-time metadata (<c>ReportJsonContext</c>): the text must stay the one
/// reflection wrote, byte for byte — the stored findings are compared as text to decide whether a verdict changed, and an
/// exported report re-imported must be « unchanged ».
/// </summary>
public sealed class ReportJsonTests
{
    private static readonly JsonSerializerOptions Reflection = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver(),
    };

    [Fact]
    public void Findings_publications_and_projects_are_written_as_reflection_wrote_them_and_read_back()
    {
        List<StoredFinding> findings =
        [
            new("file_active", "active_patients", "fail", "≥ 100", "42", "Note DGOS du 25 février 2023, annexe 2 « critères »", "File active « 42 » < 100 — l'exigence n'est pas atteinte."),
            new("bndmr", "bndmr", "pass", null, null, "Instruction \"BNDMR\" \\ 2024", "Saisie\nfaite\t."),
        ];
        List<Publication> publications = [new("Cohorte « nationale »", "Orphanet J Rare Dis", 2024, "10.1000/x", null)];
        List<ResearchProject> projects = [new("Registre européen", 2023, "PHRC")];

        Assert.Equal(JsonSerializer.Serialize(findings, Reflection), ReportJson.Write(findings));
        Assert.Equal(JsonSerializer.Serialize(publications, Reflection), ReportJson.Write(publications));
        Assert.Equal(JsonSerializer.Serialize(projects, Reflection), ReportJson.Write(projects));
        Assert.Contains("\"expected\":\"≥ 100\"", ReportJson.Write(findings), StringComparison.Ordinal);

        var report = new AnnualReport
        {
            CentreId = "SITE-00001", Year = 2024, Campaign = "2023-2028", UpdatedBy = "test",
            FindingsJson = ReportJson.Write(findings), PublicationsJson = ReportJson.Write(publications), ResearchProjectsJson = ReportJson.Write(projects),
        };
        Assert.Equal(findings, ReportJson.Findings(report));
        Assert.Equal(publications, ReportJson.Publications(report));
        Assert.Equal(projects, ReportJson.Projects(report));
    }
}
