using System.Xml.Linq;
using Maillage.Browser.Tests.Infrastructure;
using Maillage.Browser.Tests.Pages;
using Microsoft.Playwright;
using Xunit;

namespace Maillage.Browser.Tests;

/// <summary>The territory map in a real browser: the map draws every département (overseas included) and downloads as SVG.</summary>
public sealed class TerritoryMapTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task The_departement_map_draws_overseas_too_and_downloads_as_an_svg_with_its_colours()
    {
        var map = new TerritoryMapPage(await app.NewPageAsync(), "?niveau=departement&mesure=par-million");
        await map.GotoAsync();
        await Assertions.Expect(map.TableRows).ToHaveCountAsync(101);
        // At least one shape per département (the script draws them; waited for, not counted at once).
        await Assertions.Expect(map.MapShapes.Nth(100)).ToBeAttachedAsync();

        var (name, text) = await map.DownloadSvgAsync();
        Directory.CreateDirectory(Screenshots.Directory);
        await File.WriteAllTextAsync(Path.Combine(Screenshots.Directory, "territoire-carte.svg"), text, TestContext.Current.CancellationToken);
        Assert.EndsWith(".svg", name, StringComparison.Ordinal);
        var svg = XDocument.Parse(text).Root!;
        XNamespace ns = "http://www.w3.org/2000/svg";
        Assert.Equal(ns + "svg", svg.Name);
        var paths = svg.Descendants(ns + "path").ToList();
        Assert.True(paths.Count >= 101, $"{paths.Count} shapes");
        // colours inlined from the computed style: a choropleth has several fills, not one default
        Assert.True(paths.Select(p => (string?)p.Attribute("fill")).Where(f => f is not null).Distinct().Count() > 3);
        Assert.Contains("Centres par million d'habitants", text, StringComparison.Ordinal);
        // the legend: the component's colour scale as a gradient, with its min and max
        Assert.True(svg.Descendants(ns + "linearGradient").Single().Elements(ns + "stop").Count() >= 2);
        Assert.Contains(svg.Descendants(ns + "text"), t => t.Value == "Légende");
        map.AssertNoProblems();
    }
}
