using System.Net;
using System.Text;
using Maillage.Core.Data;
using Maillage.Core.Features.Activity;
using Maillage.Domain.Activity;
using Maillage.Testing;
using Maillage.Web.Activity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Maillage.Web.Tests.Activity;

/// <summary>
/// The upload page /activite/import without JavaScript (a plain multipart form post, then the job's page): national
/// administrators only — anonymous callers go to the sign-in page, every scoped demo user gets 403 on the upload and the
/// cancel handlers, and nothing is imported; the administrator's upload is imported and summarised.
/// </summary>
public sealed class ActivityImportPageTests
{
    private static readonly string[] ScopedDemoUsers = ["ars-idf", "filiere-cardiogen", "etablissement", "responsable", "association"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static MultipartFormDataContent Upload(string token, string csv, string fileName = "extrait-2024.csv", string percent = "0.1")
    {
        // The order of a browser's form: token, options, then the file.
        var form = new MultipartFormDataContent();
        form.Add(new StringContent(token), HtmlForm.AntiforgeryField);
        form.Add(new StringContent(percent), "MaxRejectRatePercent");
        form.Add(new ByteArrayContent(Encoding.UTF8.GetBytes(csv)), "file", fileName);
        return form;
    }

    /// <summary>The imports made here (the demo's first start imported its own extract: docs/demo-data.md).</summary>
    private static async Task<long> ImportCountAsync(MaillageFactory app)
    {
        await using var s = app.Services.CreateAsyncScope();
        return await s.ServiceProvider.GetRequiredService<MaillageDbContext>().ActivityImports.Where(i => i.FileName != Maillage.Core.Demo.DemoActivity.FileName).LongCountAsync(Ct);
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task The_upload_page_is_for_the_national_administrator_and_works_without_javascript(DatabaseProvider provider)
    {
        await using var app = new MaillageFactory(provider);
        string csv;
        await using (var s = app.Services.CreateAsyncScope())
        {
            var site = await s.ServiceProvider.GetRequiredService<MaillageDbContext>().Centres.AsNoTracking().Where(c => c.ClosedOn == null)
                .OrderBy(c => c.Id).FirstAsync(Ct);
            csv = ActivityExtract.Header + $"\naaaaaaaaaaaaaaaa0001;{site.EstablishmentFiness};{site.Id};2024-01-05;CS;;;confirme;1980;F;75;0\n"
                + $"bbbbbbbbbbbbbbbb0002;{site.EstablishmentFiness};{site.Id};2024-01-32;CS;;;confirme;1980;F;75;0\n";
        }

        using (var anonymous = app.PageClient())
        {
            var token = HtmlForm.AntiforgeryToken(await anonymous.GetPageAsync(Routes.Pages.SignIn));
            using var get = await anonymous.GetAsync(new Uri(Routes.Pages.ActivityImport, UriKind.Relative), Ct);
            Assert.Equal(HttpStatusCode.Redirect, get.StatusCode);
            using var post = await anonymous.PostAsync(new Uri(Routes.Pages.ActivityImport, UriKind.Relative), Upload(token, csv), Ct);
            Assert.Equal(HttpStatusCode.Redirect, post.StatusCode);
            Assert.Contains(Routes.Pages.SignIn, post.Headers.Location?.OriginalString, StringComparison.Ordinal);
            using var cancel = await anonymous.PostFormAsync(Routes.Pages.ActivityImport + "/x?handler=Cancel", [new(HtmlForm.AntiforgeryField, token)]);
            Assert.Contains(Routes.Pages.SignIn, cancel.Headers.Location?.OriginalString, StringComparison.Ordinal);
        }
        foreach (var user in ScopedDemoUsers)
        {
            using var client = await app.SignInAsync(user);
            var token = HtmlForm.AntiforgeryToken(await client.GetPageAsync(Routes.Pages.Activity));
            Assert.DoesNotContain("href=\"/activite/import\"", await client.GetPageAsync(Routes.Pages.Activity), StringComparison.Ordinal);
            using (var get = await client.GetAsync(new Uri(Routes.Pages.ActivityImport, UriKind.Relative), Ct))
                Assert.True(get.StatusCode == HttpStatusCode.Forbidden, $"GET as {user}: {(int)get.StatusCode}");
            using (var post = await client.PostAsync(new Uri(Routes.Pages.ActivityImport, UriKind.Relative), Upload(token, csv), Ct))
                Assert.True(post.StatusCode == HttpStatusCode.Forbidden, $"upload as {user}: {(int)post.StatusCode}");
            using (var cancel = await client.PostFormAsync(Routes.Pages.ActivityImport + "/x?handler=Cancel", [new(HtmlForm.AntiforgeryField, token)]))
                Assert.True(cancel.StatusCode == HttpStatusCode.Forbidden, $"cancel as {user}: {(int)cancel.StatusCode}");
        }
        Assert.Empty(await ActivityJobRows.ListAsync(app, Ct));
        Assert.Equal(0, await ImportCountAsync(app));

        using var admin = await app.SignInAsync("admin");
        var page = await admin.GetPageAsync(Routes.Pages.ActivityImport);
        Assert.Contains("for=\"fichier\"", page, StringComparison.Ordinal);
        var adminToken = HtmlForm.AntiforgeryToken(page);

        // Without the form's token the upload is refused before the file is read.
        using (var forged = await admin.PostAsync(new Uri(Routes.Pages.ActivityImport, UriKind.Relative), Upload("forged", csv), Ct))
            Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        using (var txt = await admin.PostAsync(new Uri(Routes.Pages.ActivityImport, UriKind.Relative), Upload(adminToken, csv, "extrait.txt"), Ct))
        {
            Assert.Equal(HttpStatusCode.BadRequest, txt.StatusCode);
            Assert.Contains(".csv ou .csv.gz", WebUtility.HtmlDecode(await txt.Content.ReadAsStringAsync(Ct)), StringComparison.Ordinal);
        }
        Assert.Empty(await ActivityJobRows.ListAsync(app, Ct));

        // 50 % allowed: the valid row is imported, the bad date reported.
        using var posted = await admin.PostAsync(new Uri(Routes.Pages.ActivityImport, UriKind.Relative), Upload(adminToken, csv, percent: "50"), Ct);
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var jobUrl = posted.Headers.Location!.OriginalString;
        Assert.StartsWith(Routes.Pages.ActivityImport + "/", jobUrl, StringComparison.Ordinal);
        var job = await ActivityJobRows.WaitFinishedAsync(app, Assert.Single(await ActivityJobRows.ListAsync(app, Ct)).Id, Ct);

        var html = WebUtility.HtmlDecode(await admin.GetPageAsync(jobUrl));
        Assert.Contains("Terminé", html, StringComparison.Ordinal);
        Assert.Contains("appliqué", html, StringComparison.Ordinal);
        Assert.Contains("activity_date_invalid", html, StringComparison.Ordinal);
        Assert.Contains($"{Routes.Api.Activity}/imports/{job.Id}/rejects", html, StringComparison.Ordinal);
        Assert.Contains("<td>extrait-2024.csv</td>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("aaaaaaaaaaaaaaaa0001", html, StringComparison.Ordinal);
        Assert.Equal(1, await ImportCountAsync(app));

        // The cancel form of a finished job changes nothing.
        using var late = await admin.PostFormAsync($"{jobUrl}?handler=Cancel", [new(HtmlForm.AntiforgeryField, adminToken)]);
        Assert.Equal(HttpStatusCode.Redirect, late.StatusCode);
        Assert.Equal(Maillage.Core.Features.Activity.Jobs.ActivityImportJobState.Succeeded, (await ActivityJobRows.GetAsync(app, job.Id, Ct)).State);
    }
}
