using System.Net;
using System.Text.Json.Nodes;
using Maillage.Core.Data;
using Maillage.Testing;
using Xunit;

namespace Maillage.Web.Tests.PublicDirectory;

/// <summary>The public directory API on the demo network (shared app per provider, nothing written), anonymous.</summary>
public sealed class DirectoryApiTests(MaillageApps apps) : IClassFixture<MaillageApps>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<JsonNode> GetJsonAsync(HttpClient c, string url)
    {
        using var response = await c.GetAsync(new Uri(url, UriKind.Relative), Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!;
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task A_misspelt_French_synonym_finds_the_disease_and_the_network_labelled_for_its_group_says_which(DatabaseProvider provider)
    {
        var app = apps[provider];
        var g = await DirectoryTestData.FindGroupCaseAsync(app, Ct);
        using var c = app.CreateClient();

        var found = await GetJsonAsync(c, Routes.Api.Directory + "/search?q=" + Uri.EscapeDataString(g.Misspelt));
        Assert.Equal(g.DiseaseCode, found["diseases"]![0]!["orpha_code"]!.GetValue<int>());
        Assert.Equal("synonyme", found["diseases"]![0]!["matched_label"]!.GetValue<string>());
        Assert.Equal(g.FrenchSynonym, found["diseases"]![0]!["matched_text"]!.GetValue<string>());

        var result = await GetJsonAsync(c, $"{Routes.Api.Directory}/search?orpha={g.DiseaseCode}");
        Assert.Equal(g.DiseaseCode, result["disease"]!["orpha_code"]!.GetValue<int>());
        var network = result["networks"]!.AsArray().Single(n => n!["network_id"]!.GetValue<string>() == g.NetworkId)!;
        Assert.True(network["through_group"]!.GetValue<bool>());
        Assert.Equal(1, network["levels"]!.GetValue<int>());
        var labelledCode = network["labelled_code"]!.GetValue<int>();
        var labelledName = network["labelled_name"]!.GetValue<string>();
        Assert.Contains($"groupe « {labelledName} » (ORPHA:{labelledCode}), qui contient cette maladie", network["explanation"]!.GetValue<string>(), StringComparison.Ordinal);
        var group = await GetJsonAsync(c, $"{Routes.Api.Orpha}/{labelledCode}");
        Assert.Contains(g.DiseaseCode, group["children"]!.AsArray().Select(x => x!.GetValue<int>()));

        // Its centres: the network's sites (and the CCMR/CRC attached to it) are listed.
        var sites = await GetJsonAsync(c, $"{Routes.Api.Sites}?network={Uri.EscapeDataString(g.NetworkId)}&page_size=1000");
        var centreIds = result["centres"]!.AsArray().Select(x => x!["id"]!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
        Assert.NotEmpty(sites["items"]!.AsArray());
        Assert.All(sites["items"]!.AsArray(), s => Assert.Contains(s!["id"]!.GetValue<string>(), centreIds));

        // The group itself: the same network, labelled for it directly.
        var direct = await GetJsonAsync(c, $"{Routes.Api.Directory}/search?q=ORPHA:{g.GroupCode}");
        var directNetwork = direct["networks"]!.AsArray().Single(n => n!["network_id"]!.GetValue<string>() == g.NetworkId)!;
        Assert.False(directNetwork["through_group"]!.GetValue<bool>());
        Assert.Equal(g.GroupCode, directNetwork["labelled_code"]!.GetValue<int>());
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Sickle_cell_disease_answers_MCGRE_first_says_why_in_French_or_English_and_refuses_an_unknown_language(DatabaseProvider provider)
    {
        using var c = apps[provider].CreateClient();
        var fr = await GetJsonAsync(c, Routes.Api.Directory + "/search?q=dr%C3%A9panocytose&place=75013");
        var networks = fr["networks"]!.AsArray().Select(n => n!).ToList();
        Assert.Equal("MCGRE", networks[0]["filiere"]!.GetValue<string>());
        Assert.Equal("disease", networks[0]["kind"]!.GetValue<string>());
        Assert.Equal("Labellisé pour cette maladie (ORPHA:232).", networks[0]["explanation"]!.GetValue<string>());
        Assert.DoesNotContain(networks, n => n["filiere"]!.GetValue<string>() == "BRAIN-TEAM");
        var kinds = networks.Select(n => n["kind"]!.GetValue<string>()).ToList();
        Assert.Equal(kinds.OrderBy(k => k switch { "disease" => 0, "group" => 1, _ => 2 }), kinds);
        var centre = fr["centres"]![0]!;
        Assert.Equal("disease", centre["coverage"]!.GetValue<string>());
        Assert.Contains("MCGRE", centre["filieres"]!.AsArray().Select(x => x!.GetValue<string>()));
        Assert.False(string.IsNullOrEmpty(centre["phone"]!.GetValue<string>()));
        Assert.False(string.IsNullOrEmpty(centre["email"]!.GetValue<string>()));
        Assert.NotNull(centre["age_valence"]);

        var en = await GetJsonAsync(c, Routes.Api.Directory + "/search?orpha=232&place=75013&lang=en");
        Assert.Equal("Sickle cell anemia", en["disease"]!["name"]!.GetValue<string>());
        Assert.Equal("Designated for this disease (ORPHA:232).", en["networks"]![0]!["explanation"]!.GetValue<string>());
        Assert.Equal(fr["centres"]!.AsArray().Select(x => x!["id"]!.GetValue<string>()), en["centres"]!.AsArray().Select(x => x!["id"]!.GetValue<string>()));
        var suggestions = await GetJsonAsync(c, Routes.Api.Directory + "/suggest?q=mucoviscidose&lang=en");
        Assert.Equal("Cystic fibrosis", suggestions[0]!["name"]!.GetValue<string>());

        foreach (var url in new[] { "/search?orpha=232&lang=de", "/suggest?q=muco&lang=xx" })
        {
            using var bad = await c.GetAsync(new Uri(Routes.Api.Directory + url, UriKind.Relative), Ct);
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Contains("lang", await bad.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task A_postcode_ranks_centres_same_departement_then_region_then_the_rest_nearest_first(DatabaseProvider provider)
    {
        using var c = apps[provider].CreateClient();
        var result = await GetJsonAsync(c, Routes.Api.Directory + "/search?place=69003&limit=5000");
        Assert.Equal("postal_code", result["place"]!["kind"]!.GetValue<string>());
        Assert.Equal("69", result["place"]!["departement_code"]!.GetValue<string>());
        Assert.Equal("84", result["place"]!["region_code"]!.GetValue<string>());
        Assert.NotNull(result["place"]!["latitude"]);
        var centres = result["centres"]!.AsArray().Select(x => x!).ToList();
        Assert.Equal(result["total_centres"]!.GetValue<int>(), centres.Count);
        Assert.True(centres.Count > 1000, $"{centres.Count} centres");

        string Tier(JsonNode n) => n["proximity"]!.GetValue<string>();
        Assert.Equal("same_departement", Tier(centres[0]));
        Assert.Equal("69", centres[0]["departement_code"]!.GetValue<string>());
        var order = new[] { "same_departement", "same_region", "elsewhere" };
        var tiers = centres.Select(x => Array.IndexOf(order, Tier(x))).ToList();
        Assert.Equal(tiers.Order(), tiers);
        Assert.All(centres.Where(x => Tier(x) == "same_region"), x => Assert.Equal("84", x["region_code"]!.GetValue<string>()));
        Assert.All(centres.Where(x => Tier(x) == "elsewhere"), x => Assert.NotEqual("84", x["region_code"]!.GetValue<string>()));
        foreach (var tier in order)
        {
            var km = centres.Where(x => Tier(x) == tier).Select(x => x["distance_km"]).TakeWhile(d => d is not null).Select(d => d!.GetValue<double>()).ToList();
            Assert.Equal(km.Order(), km);
        }
        // Lyon's own hospitals are located: the nearest one is in Lyon, a few km away at most.
        Assert.InRange(centres[0]["distance_km"]!.GetValue<double>(), 0, 10);
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Suggestions_codes_and_bad_input(DatabaseProvider provider)
    {
        using var c = apps[provider].CreateClient();
        var suggestions = await GetJsonAsync(c, Routes.Api.Directory + "/suggest?q=mucovisi");
        Assert.Equal(586, suggestions[0]!["orpha_code"]!.GetValue<int>());
        var byCode = await GetJsonAsync(c, Routes.Api.Directory + "/suggest?q=ORPHA%3A586");
        Assert.Equal("orphacode", byCode[0]!["matched_label"]!.GetValue<string>());
        var english = await GetJsonAsync(c, Routes.Api.Directory + "/search?q=cystic%20fibrosis&place=Rennes");
        Assert.Equal(586, english["disease"]!["orpha_code"]!.GetValue<int>());
        Assert.Equal("35", english["place"]!["departement_code"]!.GetValue<string>());
        Assert.Equal("35", english["centres"]![0]!["departement_code"]!.GetValue<string>());
        Assert.True(english["fictitious_demo_data"]!.GetValue<bool>());
        Assert.Equal("Orphanet, INSERM — CC BY 4.0", english["attribution"]!.GetValue<string>());

        using var empty = await c.GetAsync(new Uri(Routes.Api.Directory + "/search", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        using var badPlace = await c.GetAsync(new Uri(Routes.Api.Directory + "/search?place=Xyzzyville", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, badPlace.StatusCode);
        Assert.Contains("Xyzzyville", await badPlace.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        var nothing = await GetJsonAsync(c, Routes.Api.Directory + "/search?q=zzqqxxww");
        Assert.Empty(nothing["diseases"]!.AsArray());
        Assert.Null(nothing["disease"]);
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Open_data_exports_agree_with_each_other_and_carry_the_licences(DatabaseProvider provider)
    {
        using var c = apps[provider].CreateClient();
        var json = await GetJsonAsync(c, Routes.Api.Directory + "/export?format=json");
        Assert.Equal("Licence Ouverte / Open Licence 2.0 (Etalab)", json["licence"]!.GetValue<string>());
        Assert.Equal("Orphanet, INSERM — CC BY 4.0", json["orphanet_attribution"]!.GetValue<string>());
        Assert.True(json["fictitious_demo_data"]!.GetValue<bool>());
        var centres = json["centres"]!.AsArray();
        var stats = await GetJsonAsync(c, Routes.Api.Stats);
        var t = stats["totals"]!;
        Assert.Equal(t["coordinating_sites"]!.GetValue<int>() + t["constitutive_sites"]!.GetValue<int>() + t["competence_centres"]!.GetValue<int>() + t["resource_centres"]!.GetValue<int>(),
            centres.Count);
        Assert.Equal(t["networks"]!.GetValue<int>(), json["networks"]!.AsArray().Count);
        var ids = centres.Select(x => x!["id"]!.GetValue<string>()).ToList();
        Assert.Equal(ids.Order(StringComparer.Ordinal), ids);

        using var csvResponse = await c.GetAsync(new Uri(Routes.Api.Directory + "/export?format=csv", UriKind.Relative), Ct);
        Assert.Equal("text/csv", csvResponse.Content.Headers.ContentType!.MediaType);
        var csv = (await csvResponse.Content.ReadAsStringAsync(Ct)).TrimStart('\uFEFF');
        var lines = Maillage.Core.Infrastructure.Tabular.CsvTable.Parse(csv);
        Assert.Equal(Maillage.Core.Features.PublicDirectory.OpenData.CsvHeader, lines[0].Cells);
        Assert.Equal(ids, lines.Skip(1).Select(l => l.Cells[0]));

        var orphanet = (await c.GetStringAsync(new Uri(Routes.Api.Directory + "/orphanet-list", UriKind.Relative), Ct)).TrimStart('\uFEFF');
        Assert.StartsWith("centre_id;centre_kind;centre_name;network_id;network_name;establishment_finess;establishment_name;commune;orpha_code;orpha_name;labelled_for\r\n", orphanet, StringComparison.Ordinal);
        var rows = Maillage.Core.Infrastructure.Tabular.CsvTable.Parse(orphanet).Skip(1).Select(r => r.Cells).ToList();
        var first = centres[0]!;
        var codes = first["orpha_codes"]!.AsArray().Select(x => x!.GetValue<int>().ToString(System.Globalization.CultureInfo.InvariantCulture)).ToHashSet(StringComparer.Ordinal);
        var listed = rows.Where(f => f[0] == first["id"]!.GetValue<string>()).Select(f => f[8]).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(codes, listed);

        using var bad = await c.GetAsync(new Uri(Routes.Api.Directory + "/export?format=xml", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }
}
