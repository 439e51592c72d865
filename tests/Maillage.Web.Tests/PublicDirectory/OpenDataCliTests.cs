using System.Text;
using Maillage.Core.Data;
using Maillage.Testing;
using Xunit;

namespace Maillage.Web.Tests.PublicDirectory;

/// <summary><c>maillage opendata</c> gives the same files as the API.</summary>
[Collection(nameof(ProcessStateCollection))]
public sealed class OpenDataCliTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Cli_export_equals_the_api_and_rejects_an_unknown_format(DatabaseProvider provider)
    {
        await using var app = new MaillageFactory(provider);
        using var c = app.CreateClient();
        var dir = Directory.CreateTempSubdirectory("maillage-opendata-").FullName;
        try
        {
            foreach (var format in new[] { "csv", "json" })
            {
                var file = Path.Combine(dir, "annuaire." + format);
                var (code, _, errors) = await CliRunner.RunAsync(app, "opendata", "export", "--format", format, "--output", file);
                Assert.True(code == 0, errors);
                var api = await c.GetByteArrayAsync(new Uri(Routes.Api.Directory + "/export?format=" + format, UriKind.Relative), Ct);
                Assert.Equal(api, await File.ReadAllBytesAsync(file, Ct));
            }
            var (stdoutCode, stdout, _) = await CliRunner.RunAsync(app, "opendata", "orphanet");
            Assert.Equal(0, stdoutCode);
            var list = Encoding.UTF8.GetString(await c.GetByteArrayAsync(new Uri(Routes.Api.Directory + "/orphanet-list", UriKind.Relative), Ct)).TrimStart('\uFEFF');
            Assert.Equal(list, stdout);

            var (bad, _, badErrors) = await CliRunner.RunAsync(app, "opendata", "export", "--format", "xml");
            Assert.Equal(1, bad);
            Assert.Contains("Format « xml » inconnu", badErrors, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
