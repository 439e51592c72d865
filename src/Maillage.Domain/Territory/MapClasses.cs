namespace Maillage.Domain.Territory;

/// <summary>One class of a map's legend: values from <see cref="From"/> to <see cref="To"/> (both included for the last
/// class; the upper bound excluded otherwise), and how many areas fall in it.</summary>
public sealed record MapClass(double From, double To, int Areas)
{
    /// <summary>A class of a single value (every area painted has the same value).</summary>
    public bool Single => From.Equals(To);
}

/// <summary>
/// Classes of a choropleth map's legend, equal intervals between the smallest and the largest value of the areas that
/// have one (issue 13, §3: a map whose areas all carry one value has one class, and its legend says so, not "45,8–45,8").
/// </summary>
public static class MapClasses
{
    public const int DefaultCount = 4;

    public static IReadOnlyList<MapClass> Of(IEnumerable<double> values, int count = DefaultCount)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var list = values.Where(double.IsFinite).ToList();
        if (list.Count == 0) return [];
        var min = list.Min();
        var max = list.Max();
        if (min.Equals(max)) return [new MapClass(min, max, list.Count)];
        var n = Math.Min(count, list.Distinct().Count());
        var width = (max - min) / n;
        var classes = new List<MapClass>(n);
        for (var i = 0; i < n; i++)
        {
            var from = min + (i * width);
            var to = i == n - 1 ? max : min + ((i + 1) * width);
            var last = i == n - 1;
            classes.Add(new MapClass(from, to, list.Count(v => v >= from && (last ? v <= to : v < to))));
        }
        return classes;
    }
}
