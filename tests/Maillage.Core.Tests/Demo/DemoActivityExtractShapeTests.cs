using System.Text;
using Maillage.Core.Demo;
using Maillage.Domain.Activity;
using Maillage.Domain.Registry;
using Xunit;

namespace Maillage.Core.Tests.Demo;

/// <summary>
/// The data shapes of the generated activity extracts (bench/activity/run.sh --shape): each is deterministic, valid against
/// the registry it was drawn from, and differs from the default shape in the way it is named for.
/// </summary>
public sealed class DemoActivityExtractShapeTests
{
    private static readonly string[] Departements = ["01", "13", "2A", "69", "75", "92", "971"];

    private static readonly Dictionary<string, string> Regions = new()
    {
        ["01"] = "84", ["13"] = "93", ["2A"] = "94", ["69"] = "84", ["75"] = "11", ["92"] = "11", ["971"] = "01",
    };

    /// <summary>200 centres spread over the départements above, each with two ORPHAcodes.</summary>
    private static readonly List<DemoExtractCentre> Centres = Enumerable.Range(1, 200).Select(i =>
    {
        var dep = Departements[i % Departements.Length];
        var prefix = dep == "971" ? "97" : dep;
        return new DemoExtractCentre($"C{i:D4}", Finess.Create(prefix, i).Value, dep, [558, 100]);
    }).ToList();

    private static ActivityReferential Referential { get; } = new(
        Centres.Select(c => new ActivityCentre(c.Id, c.Finess, null, c.Departement, Regions[c.Departement])),
        Regions, new Dictionary<int, bool> { [558] = true, [100] = true });

    private static string Generate(DemoActivityShape shape, long rows = 20_000, ulong seed = 7)
    {
        using var output = new MemoryStream();
        var written = DemoActivityExtract.Write(Centres, Regions, output, new DemoActivityExtractOptions { Rows = rows, Seed = seed, Year = 2024, Shape = shape });
        Assert.Equal(rows, written);
        return Encoding.ASCII.GetString(output.ToArray());
    }

    private static List<string[]> Rows(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split(';')).ToList();

    public static TheoryData<string> Shapes => [.. DemoActivityShapes.All.Select(s => s.Code())];

    [Theory]
    [MemberData(nameof(Shapes))]
    public void A_shape_is_deterministic_valid_and_parsed_back_from_its_code(string code)
    {
        Assert.True(DemoActivityShapes.TryParse(code, out var shape));
        Assert.Equal(code, shape.Code());
        var text = Generate(shape);
        Assert.Equal(text, Generate(shape));
        Assert.NotEqual(text, Generate(shape, seed: 8));
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(ActivityExtract.Header, lines[0]);
        Assert.Equal(20_001, lines.Length);
        foreach (var line in lines.Skip(1))
            Assert.True(ActivityExtract.TryParse(Encoding.ASCII.GetBytes(line), Referential, out _, out var column, out var reason),
                $"{code}: {line} rejected at column {column} ({reason})");
    }

    [Fact]
    public void An_unknown_shape_code_is_refused()
    {
        Assert.False(DemoActivityShapes.TryParse("Zipf", out _));
        Assert.False(DemoActivityShapes.TryParse("", out _));
        Assert.False(DemoActivityShapes.TryParse(null, out _));
    }

    private static int DistinctPatients(string text) => Rows(text).Select(r => r[0]).Distinct().Count();

    [Fact]
    public void Many_patients_gives_several_times_more_distinct_patients()
    {
        var standard = DistinctPatients(Generate(DemoActivityShape.Default, rows: 200_000));
        var many = DistinctPatients(Generate(DemoActivityShape.ManyPatients, rows: 200_000));
        Assert.True(many >= 4 * standard, $"default {standard}, many-patients {many}");
        Assert.True(many >= 200_000 / 3, $"many-patients {many} of 200,000 rows");
    }

    [Fact]
    public void Zipf_spreads_the_rows_over_every_centre_with_one_over_rank_sizes()
    {
        var perCentre = Rows(Generate(DemoActivityShape.Zipf, rows: 60_000)).GroupBy(r => r[2]).Select(g => g.Count()).OrderDescending().ToList();
        Assert.Equal(Centres.Count, perCentre.Count);
        // 1/rank: the largest centre has about ten times the tenth (multi-day stays add noise).
        var ratio = (double)perCentre[0] / perCentre[9];
        Assert.InRange(ratio, 5, 20);
        // Patients within a centre are Zipf too: more distinct patients than the default shape (about 1.9× here).
        var (zipf, standard) = (DistinctPatients(Generate(DemoActivityShape.Zipf, rows: 200_000)), DistinctPatients(Generate(DemoActivityShape.Default, rows: 200_000)));
        Assert.True(2 * zipf > 3 * standard, $"default {standard}, zipf {zipf}");
    }

    private static List<int> StayLengths(string text) =>
        Rows(text).Where(r => r[5].Length > 0).GroupBy(r => r[5]).Select(g => g.Count()).ToList();

    [Fact]
    public void Long_stays_has_stays_of_weeks_and_more_stay_rows()
    {
        var standard = StayLengths(Generate(DemoActivityShape.Default));
        var longer = StayLengths(Generate(DemoActivityShape.LongStays));
        Assert.True(standard.Max() <= 7, $"default stays up to {standard.Max()} days");
        Assert.True(longer.Max() > 21, $"long-stays up to {longer.Max()} days");
        Assert.True(longer.Sum() > 2 * standard.Sum(), $"stay rows: default {standard.Sum()}, long-stays {longer.Sum()}");
    }

    private static double MoverShare(string text)
    {
        var residences = Rows(text).GroupBy(r => r[0]).Where(g => g.Count() >= 3).Select(g => g.Select(r => r[10]).Distinct().Count()).ToList();
        return (double)residences.Count(n => n > 1) / residences.Count;
    }

    [Fact]
    public void Residence_moves_gives_most_frequent_patients_more_than_one_residence()
    {
        var standard = MoverShare(Generate(DemoActivityShape.Default));
        var moves = MoverShare(Generate(DemoActivityShape.ResidenceMoves));
        Assert.True(moves > 0.5, $"residence-moves: {moves:P0} of patients with 3+ acts change residence");
        Assert.True(moves > 2 * standard, $"default {standard:P0}, residence-moves {moves:P0}");
    }
}
