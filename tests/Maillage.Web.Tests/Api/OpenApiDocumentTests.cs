using System.Text.Json;
using System.Text.Json.Nodes;
using Maillage.Core.Data;
using Maillage.Testing;
using Xunit;

namespace Maillage.Web.Tests.Api;

/// <summary>
/// The OpenAPI document served at /api/v1/openapi.json is committed as docs/openapi.json so that API changes show in
/// review. Set MAILLAGE_UPDATE_OPENAPI=1 to rewrite the committed file from the running app.
/// </summary>
public sealed class OpenApiDocumentTests(MaillageApps apps) : IClassFixture<MaillageApps>
{
    [Fact]
    public async Task Committed_document_matches_the_served_one()
    {
        using var c = apps[DatabaseProvider.Sqlite].CreateClient();
        var served = JsonNode.Parse(await c.GetStringAsync(new Uri(Routes.Api.OpenApiDocument, UriKind.Relative), TestContext.Current.CancellationToken))!;
        var text = served.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";
        var path = Path.Combine(RepoRoot(), "docs", "openapi.json");
        if (Environment.GetEnvironmentVariable("MAILLAGE_UPDATE_OPENAPI") == "1")
            await File.WriteAllTextAsync(path, text, TestContext.Current.CancellationToken);

        Assert.True(File.Exists(path), "docs/openapi.json is missing: run the tests once with MAILLAGE_UPDATE_OPENAPI=1");
        var committed = await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken);
        Assert.True(committed == text, "docs/openapi.json differs from the served document: run the tests with MAILLAGE_UPDATE_OPENAPI=1 and commit it");
        foreach (var p in new[] { Routes.Api.Networks, Routes.Api.Sites + "/{id}", Routes.Api.Orpha + "/{code}", Routes.Api.Stats })
            Assert.NotNull(served["paths"]![p]);
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Maillage.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }
}
