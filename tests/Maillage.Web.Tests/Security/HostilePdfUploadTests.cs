using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Maillage.Core.Data;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain.Registry;
using Maillage.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Maillage.Web.Tests.Security;

/// <summary>
/// Hostile PDFs through an upload endpoint (the platform project's letter of intent, limited to 10 pages), on both
/// databases: each is refused with a French field error, quickly, and nothing is filed; a valid one-page PDF is filed.
/// </summary>
public sealed class HostilePdfUploadTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static DateOnly Today => DateOnly.FromDateTime(DateTime.Today);

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient c, string dossier, string item, byte[] pdf)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(pdf);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        form.Add(file, "file", "lettre.pdf");
        return await c.PostAsync(new Uri($"{Routes.Api.Dossiers}/{dossier}/documents/{Uri.EscapeDataString(item)}", UriKind.Relative), form, Ct);
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Hostile_pdfs_are_refused_quickly_and_nothing_is_filed(DatabaseProvider provider)
    {
        await using var app = new MaillageFactory(provider);
        string host, hostEj;
        List<string> centres;
        await using (var s = app.Services.CreateAsyncScope())
        {
            var db = s.ServiceProvider.GetRequiredService<MaillageDbContext>();
            var open = await db.Centres.AsNoTracking().Include(c => c.Establishment)
                .Where(c => c.ClosedOn == null && c.Establishment!.LegalEntityFiness != null).ToListAsync(Ct);
            var group = open.GroupBy(c => c.Establishment!.LegalEntityFiness!)
                .Where(g => g.Count(c => c.Kind is CentreKind.ReferenceSite or CentreKind.ResourceCentre) >= 1)
                .OrderBy(g => g.Key, StringComparer.Ordinal).First();
            hostEj = group.Key;
            host = group.First().EstablishmentFiness;
            centres = group.Where(c => c.EstablishmentFiness == host).Select(c => c.Id).Take(1).ToList();
        }
        using var admin = await app.ApiClientAsync(UserRole.NationalAdmin, null);
        using var direction = await app.ApiClientAsync(UserRole.Establishment, hostEj);
        using var call = await admin.PostAsJsonAsync(new Uri(Routes.Api.Calls, UriKind.Relative), new
        {
            kind = "platform_call", title = "Appel test", opens_on = Today.AddYears(-1), deadline = Today.AddDays(30), jury_session_on = Today.AddDays(60),
        }, Ct);
        Assert.True(call.IsSuccessStatusCode, await call.Content.ReadAsStringAsync(Ct));
        var callId = JsonNode.Parse(await call.Content.ReadAsStringAsync(Ct))!["id"]!.GetValue<string>();
        using var project = await direction.PostAsJsonAsync(new Uri($"{Routes.Api.Calls}/{callId}/platform-projects", UriKind.Relative), new
        {
            name = "Plateforme test", host_finess = host, other_establishments = Array.Empty<string>(), centres,
            recruits = new[] { new { function = "project_officer", job_title = "Chargée de missions", fte = 1.0m, yearly_cost = 60000m } },
        }, Ct);
        Assert.True(project.IsSuccessStatusCode, await project.Content.ReadAsStringAsync(Ct));
        var id = JsonNode.Parse(await project.Content.ReadAsStringAsync(Ct))!["id"]!.GetValue<string>();
        var item = $"letter_of_intent:{host}";

        var hostile = new (string Name, byte[] File, string Expected)[]
        {
            ("near-empty", HostilePdfSamples.NearEmpty(), "PDF"),
            ("near-empty padded", HostilePdfSamples.NearEmptyPadded(), "PDF lisible"),
            ("deflate bomb", HostilePdfSamples.DeflateBomb(1L << 30), "trop complexe"),
            ("repeated ObjStm", HostilePdfSamples.RepeatedObjStm(), "PDF"),
            ("many object streams", HostilePdfSamples.ManyObjectStreams(3000), "PDF"),
            ("truncated xref", HostilePdfSamples.TruncatedXref(), "PDF lisible"),
            ("11 pages", HostilePdfSamples.Valid(11), "11 pages"),
        };
        var failures = new List<string>();
        foreach (var (name, file, expected) in hostile)
        {
            var clock = Stopwatch.StartNew();
            using var r = await UploadAsync(direction, id, item, file);
            var body = await r.Content.ReadAsStringAsync(Ct);
            if (r.StatusCode != HttpStatusCode.UnprocessableEntity || !body.Contains(expected, StringComparison.Ordinal))
                failures.Add($"{name}: {(int)r.StatusCode} {body[..Math.Min(300, body.Length)]}");
            if (clock.Elapsed > TimeSpan.FromSeconds(30)) failures.Add($"{name}: {clock.Elapsed}");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        await using (var s = app.Services.CreateAsyncScope())
            Assert.Equal(0, await s.ServiceProvider.GetRequiredService<MaillageDbContext>().Set<Maillage.Core.Features.Procedures.DossierDocument>()
                .CountAsync(d => d.DossierId == id, Ct));

        using var ok = await UploadAsync(direction, id, item, HostilePdfSamples.Valid(1));
        Assert.True(ok.StatusCode == HttpStatusCode.OK, await ok.Content.ReadAsStringAsync(Ct));
        await using (var s = app.Services.CreateAsyncScope())
            Assert.Equal(1, await s.ServiceProvider.GetRequiredService<MaillageDbContext>().Set<Maillage.Core.Features.Procedures.DossierDocument>()
                .Where(d => d.DossierId == id).Select(d => d.PageCount).SingleAsync(Ct));
    }
}
