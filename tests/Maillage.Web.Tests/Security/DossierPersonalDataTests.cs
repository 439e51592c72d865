using System.IO.Compression;
using System.Net;
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
/// A succession dossier names a successor with an RPPS and a birth date (the ministry checks the age conditions). The
/// parties that give an opinion on the successor — the associations with a convention — read the dossier, but the
/// successor's identifying data are not theirs to read (docs/security.md, "Who reads what"): the dossier and its ZIP export
/// show them to the ministry, the dossier's authors and the roles whose scope covers the centre, and leave them out for
/// the associations.
/// </summary>
public sealed class DossierPersonalDataTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly string SuccessorRpps = Rpps.Create(1000391234).Value;
    private const string BirthDate = "1961-07-29";

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task An_association_party_reads_the_dossier_without_the_successors_rpps_and_birth_date(DatabaseProvider provider)
    {
        await using var app = new MaillageFactory(provider);
        string site, association, region;
        await using (var s = app.Services.CreateAsyncScope())
        {
            var db = s.ServiceProvider.GetRequiredService<MaillageDbContext>();
            var today = DateOnly.FromDateTime(DateTime.Today);
            // A site with a sitting head and an association with a convention on the site or its network.
            var candidates = await db.Centres.AsNoTracking().Include(c => c.Establishment!.Departement)
                .Where(c => c.Kind == CentreKind.ReferenceSite && c.ClosedOn == null
                    && db.Mandates.Any(m => m.CentreId == c.Id && m.Role == MandateRole.CentreHead && m.From <= today && (m.To == null || m.To >= today)))
                .OrderBy(c => c.Id).ToListAsync(Ct);
            var conventions = await db.AssociationConventions.AsNoTracking().ToListAsync(Ct);
            var pick = candidates.Select(c => (Centre: c, Association: conventions
                    .Where(v => (v.TargetKind == ConventionTarget.Centre && v.TargetId == c.Id) || (v.TargetKind == ConventionTarget.Network && v.TargetId == c.NetworkId))
                    .Select(v => v.AssociationId).OrderBy(x => x, StringComparer.Ordinal).FirstOrDefault()))
                .First(x => x.Association is not null);
            (site, association, region) = (pick.Centre.Id, pick.Association!, pick.Centre.Establishment!.Departement!.RegionCode);
        }
        using var admin = await app.ApiClientAsync(UserRole.NationalAdmin, null);
        using var party = await app.ApiClientAsync(UserRole.Association, association);
        using var ars = await app.ApiClientAsync(UserRole.RegionalAgency, region);

        using var opened = await admin.PostAsJsonAsync(new Uri(Routes.Api.Dossiers, UriKind.Relative), new
        {
            kind = "centre_head_succession", centre_id = site,
            successor = new { title = "Pr", first_name = "Camille", last_name = "Successeur", rpps = SuccessorRpps, status = "pu_ph", birth_date = BirthDate },
        }, Ct);
        var openedText = await opened.Content.ReadAsStringAsync(Ct);
        Assert.True(opened.StatusCode == HttpStatusCode.Created, openedText);
        var id = JsonNode.Parse(openedText)!["id"]!.GetValue<string>();

        // The association is a party: it reads the dossier (it gives its opinion) and its export, with the successor's name only.
        var seen = await ReadAsync(party, id);
        Assert.Contains("Successeur", seen.Successor["name"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Null(seen.Successor["rpps"]);
        Assert.Null(seen.Successor["birth_date"]);
        Assert.DoesNotContain(SuccessorRpps, seen.Export, StringComparison.Ordinal);
        Assert.DoesNotContain(BirthDate, seen.Export, StringComparison.Ordinal);
        Assert.Contains("Successeur", seen.Export, StringComparison.Ordinal);

        // The ministry and the regional agency of the centre's region read them (so the test can fail).
        foreach (var reader in new[] { admin, ars })
        {
            var full = await ReadAsync(reader, id);
            Assert.Equal(SuccessorRpps, full.Successor["rpps"]!.GetValue<string>());
            Assert.Equal(BirthDate, full.Successor["birth_date"]!.GetValue<string>());
            Assert.Contains(SuccessorRpps, full.Export, StringComparison.Ordinal);
        }
    }

    private static async Task<(JsonObject Successor, string Export)> ReadAsync(HttpClient client, string id)
    {
        using var r = await client.GetAsync(new Uri($"{Routes.Api.Dossiers}/{id}", UriKind.Relative), Ct);
        var text = await r.Content.ReadAsStringAsync(Ct);
        Assert.True(r.StatusCode == HttpStatusCode.OK, $"dossier: {(int)r.StatusCode} {text}");
        var successor = JsonNode.Parse(text)!["successor"]!.AsObject();
        using var e = await client.GetAsync(new Uri($"{Routes.Api.Dossiers}/{id}/export", UriKind.Relative), Ct);
        Assert.True(e.StatusCode == HttpStatusCode.OK, $"export: {(int)e.StatusCode}");
        using var zip = new ZipArchive(new MemoryStream(await e.Content.ReadAsByteArrayAsync(Ct)), ZipArchiveMode.Read);
        var json = zip.GetEntry("dossier.json") ?? throw new InvalidOperationException("no dossier.json in the export");
        using var reader = new StreamReader(json.Open());
        return (successor, await reader.ReadToEndAsync(Ct));
    }
}
