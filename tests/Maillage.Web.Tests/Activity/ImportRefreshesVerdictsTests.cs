using Maillage.Core.Data;
using Maillage.Core.Demo;
using Maillage.Core.Features.Activity;
using Maillage.Core.Features.Reports;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain.Activity;
using Maillage.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Maillage.Web.Tests.Activity;

/// <summary>
/// An activity import refreshes the stored compliance verdicts that use the measured file active (criterion
/// <c>verified_active_patients</c>: « Est-ce que les données sur BaMaRa seront récupérées pour vérifier la file active
/// des centres de référence et compétence ? OUI », DGOS, présentation du 7 avril 2022), on both databases: at the
/// minimum the report is verified, one patient fewer it is not, and the report's version does not move.
/// </summary>
public sealed class ImportRefreshesVerdictsTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("maillage-activity-verdicts-");

    public void Dispose() => _dir.Delete(recursive: true);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string Extract(string name, string finess, string centreId, int year, int patients)
    {
        var path = Path.Combine(_dir.FullName, name);
        var rows = Enumerable.Range(1, patients).Select(k => $"{k.ToString("x20", System.Globalization.CultureInfo.InvariantCulture)};{finess};{centreId};{year}-03-15;CS;;;confirme;1980;F;75;0");
        File.WriteAllText(path, ActivityExtract.Header + "\n" + string.Join("\n", rows) + "\n");
        return path;
    }

    private static async Task<ActivityImportResult> ImportAsync(MaillageFactory app, string path)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MaillageDbContext>();
        var result = await ActivityImporter.ImportAsync(db, Caller.Operator, path, new ActivityImportOptions { ImportedBy = "test" }, Ct);
        Assert.Equal(ActivityImportOutcome.Applied, result.Outcome);
        return result;
    }

    private static async Task<(AnnualReport Report, StoredFinding? Verified)> ReportAsync(MaillageFactory app, string centreId, int year)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MaillageDbContext>();
        var r = await db.AnnualReports.AsNoTracking().SingleAsync(x => x.CentreId == centreId && x.Year == year, Ct);
        return (r, ReportJson.Findings(r).SingleOrDefault(f => f.Criterion == "verified_active_patients"));
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task A_stored_verdict_follows_the_imported_file_active_at_its_minimum(DatabaseProvider provider)
    {
        await using var app = new MaillageFactory(provider);
        const int year = DemoReports.Year;
        string centreId, finess;
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MaillageDbContext>();
            // A compliant stored report: only the measured file active can make it non-compliant.
            var compliant = await db.AnnualReports.AsNoTracking().Where(r => r.Year == year && r.Verdict == "compliant").OrderBy(r => r.CentreId).Select(r => r.CentreId).FirstAsync(Ct);
            centreId = compliant;
            finess = await db.Centres.AsNoTracking().Where(c => c.Id == compliant).Select(c => c.EstablishmentFiness).SingleAsync(Ct);
        }

        // 200 patients measured: above every threshold of the referential; the finding tells the minimum of this site.
        var first = await ImportAsync(app, Extract("a.csv", finess, centreId, year, 200));
        var (report, verified) = await ReportAsync(app, centreId, year);
        Assert.NotNull(verified);
        Assert.Equal("met", verified.Status);
        Assert.Equal("200", verified.Actual);
        Assert.Equal("compliant", report.Verdict);
        var version = report.Version;
        var minimum = int.Parse(verified.Expected!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(minimum >= 25, $"minimum {minimum}");

        // Exactly the minimum: still verified.
        await ImportAsync(app, Extract("b.csv", finess, centreId, year, minimum));
        (report, verified) = await ReportAsync(app, centreId, year);
        Assert.Equal("met", verified!.Status);
        Assert.Equal(minimum.ToString(System.Globalization.CultureInfo.InvariantCulture), verified.Actual);
        Assert.Equal("compliant", report.Verdict);

        // One patient fewer: not verified, the stored verdict becomes non-compliant at once; the report's version is unchanged.
        var last = await ImportAsync(app, Extract("c.csv", finess, centreId, year, minimum - 1));
        Assert.Equal(1, last.VerdictsRefreshed);
        (report, verified) = await ReportAsync(app, centreId, year);
        Assert.Equal("not_met", verified!.Status);
        Assert.Equal((minimum - 1).ToString(System.Globalization.CultureInfo.InvariantCulture), verified.Actual);
        Assert.Equal("non_compliant", report.Verdict);
        Assert.Equal(version, report.Version);
        Assert.True(first.VerdictsRefreshed >= 0);

        // The same file again changes nothing: no verdict to refresh.
        Assert.Equal(0, (await ImportAsync(app, Extract("d.csv", finess, centreId, year, minimum - 1))).VerdictsRefreshed);
    }
}
