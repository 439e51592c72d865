using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Maillage.Core.Data;
using Maillage.Core.Infrastructure.Security;
using Maillage.Testing;
using Xunit;

namespace Maillage.Web.Tests.Registry;

/// <summary>Whole-registry export and import through the API: who may, round trip, located errors, nothing half-written.</summary>
public sealed class RegistryTransferApiTests(MaillageApps apps) : IClassFixture<MaillageApps>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static MultipartFormDataContent Upload(byte[] bytes, string name)
    {
        var form = new MultipartFormDataContent();
        form.Add(new ByteArrayContent(bytes), "file", name);
        return form;
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Export_then_reimport_changes_nothing(DatabaseProvider provider)
    {
        var app = apps[provider];
        using var anonymous = app.CreateClient();
        using var admin = await app.ApiClientAsync(UserRole.NationalAdmin, null);

        using var refused = await anonymous.GetAsync(new Uri(Routes.Api.Registry + "/export", UriKind.Relative), Ct);
        var zip = await admin.GetByteArrayAsync(new Uri(Routes.Api.Registry + "/export?format=zip", UriKind.Relative), Ct);
        using var reimport = await admin.PostAsync(new Uri(Routes.Api.Registry + "/import", UriKind.Relative), Upload(zip, "registre.zip"), Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        using (var archive = new ZipArchive(new MemoryStream(zip)))
        {
            Assert.Contains(archive.Entries, e => e.Name == "centres.csv");
            Assert.Contains(archive.Entries, e => e.Name == "README.txt");
        }
        Assert.Equal(HttpStatusCode.OK, reimport.StatusCode);
        var result = await reimport.Content.ReadFromJsonAsync<JsonNode>(Ct);
        Assert.True(result!["applied"]!.GetValue<bool>());
        Assert.Equal(0, result["created"]!.GetValue<int>());
        Assert.Equal(0, result["updated"]!.GetValue<int>());
        Assert.True(result["unchanged"]!.GetValue<int>() > 5000);
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task A_file_with_errors_is_refused_whole_with_file_line_and_column(DatabaseProvider provider)
    {
        var app = apps[provider];
        using var admin = await app.ApiClientAsync(UserRole.NationalAdmin, null);
        using var filiere = await app.ApiClientAsync(UserRole.FiliereCoordinator, "CARDIOGEN");
        var csv = "id;first_name;last_name;status;rpps\nP-NEW-1;Camille;Martin;pu_ph;\nP-NEW-2;Alex;Durand;pu_ph;01234567123\n";

        using var forbidden = await filiere.PostAsync(new Uri(Routes.Api.Registry + "/import", UriKind.Relative), Upload(Encoding.UTF8.GetBytes(csv), "people.csv"), Ct);
        using var rejected = await admin.PostAsync(new Uri(Routes.Api.Registry + "/import", UriKind.Relative), Upload(Encoding.UTF8.GetBytes(csv), "people.csv"), Ct);
        using var missing = await admin.GetAsync(new Uri(Routes.Api.People + "/P-NEW-1", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, rejected.StatusCode);
        var result = await rejected.Content.ReadFromJsonAsync<JsonNode>(Ct);
        Assert.False(result!["applied"]!.GetValue<bool>());
        var error = Assert.Single(result["errors"]!.AsArray());
        Assert.Equal("people.csv", error!["file"]!.GetValue<string>());
        Assert.Equal(3, error["line"]!.GetValue<int>());
        Assert.Equal("rpps", error["column"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }
}
