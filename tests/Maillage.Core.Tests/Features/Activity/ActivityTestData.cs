using Maillage.Domain.Activity;
using Maillage.Domain.Registry;

namespace Maillage.Core.Tests.Features.Activity;

/// <summary>A tiny registry and helpers to run hand-written extract lines through the parser and the aggregator.</summary>
public static class ActivityTestData
{
    public static readonly string F75 = Finess.Create("75", 1).Value;
    public static readonly string F69 = Finess.Create("69", 2).Value;
    public static readonly string F13 = Finess.Create("13", 3).Value;
    public const string P1 = "00000000000000a1";
    public const string P2 = "00000000000000b2";
    public const string P3 = "0123456789abcdef0123456789abcdef";

    /// <summary>C75 (Paris, IDF), C69 (Lyon, ARA), CLOSED (Marseille, closed on 2024-07-01).</summary>
    public static ActivityReferential TestReferential { get; } = new(
        [
            new ActivityCentre("C75", F75, null, "75", "11"),
            new ActivityCentre("C69", F69, null, "69", "84"),
            new ActivityCentre("CLOSED", F13, new DateOnly(2024, 7, 1), "13", "93"),
        ],
        new Dictionary<string, string> { ["75"] = "11", ["92"] = "11", ["69"] = "84", ["01"] = "84", ["13"] = "93", ["2A"] = "94" },
        new Dictionary<int, bool> { [558] = true, [100] = true, [200] = true, [300] = false });

    /// <summary>A valid row; override fields by name.</summary>
    public static string Row(string patient = P1, string? finess = null, string centre = "C75", string date = "2024-03-01",
        string context = "CS", string stay = "", string orpha = "", string status = "", string birth = "1980", string sex = "F",
        string residence = "75", string outOfScope = "0") =>
        string.Join(';', patient, finess ?? FinessOf(centre), centre, date, context, stay, orpha, status, birth, sex, residence, outOfScope);

    private static string FinessOf(string centre) => centre switch { "C69" => F69, "CLOSED" => F13, _ => F75 };

    public sealed record Run(List<ActivityIndicators> Indicators, List<(int Line, byte Column, ActivityRejectReason Reason)> Rejects)
    {
        public ActivityIndicators For(string centre, int year = 2024) => Indicators.Single(i => i.CentreId == centre && i.Year == year);
    }

    public static Run Aggregate(params string[] lines) => Aggregate(ActivityIndicatorDefinition.Default, lines);

    public static Run Aggregate(ActivityIndicatorDefinition definition, params string[] lines)
    {
        var aggregator = new ActivityAggregator();
        var rejects = new List<(int, byte, ActivityRejectReason)>();
        for (var i = 0; i < lines.Length; i++)
        {
            if (ActivityExtract.TryParse(System.Text.Encoding.UTF8.GetBytes(lines[i]), TestReferential, out var act, out var column, out var reason))
                aggregator.Add(act);
            else rejects.Add((i + 2, column, reason));
        }
        return new Run(aggregator.Compute(TestReferential, definition), rejects);
    }
}
