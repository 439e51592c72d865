namespace Maillage.Domain.Reports;

/// <summary>A declared figure of the report beside the figure measured from the activity extracts.</summary>
public sealed record ActivityComparison(string Field, string Label, int? Declared, int? Measured)
{
    /// <summary>
    /// True when both figures exist and differ by more than 10 % of the measured figure:
    /// <c>|declared − measured| / measured &gt; 0.10</c>, computed exactly in integers as
    /// <c>10 × |declared − measured| &gt; measured</c>. With a measured figure of 0 this reads "any declared figure
    /// other than 0 is flagged" (an infinite relative gap), and 0 declared for 0 measured is not. Exactly 10 % is not
    /// flagged. No declared or no measured figure: nothing to compare, not flagged.
    /// </summary>
    public bool Flagged => Declared is { } d && Measured is { } m && IsOverTenPercent(d, m);

    public static bool IsOverTenPercent(long declared, long measured) => 10L * Math.Abs(declared - measured) > measured;

    /// <summary>The gap in percent of the measured figure, for display; null when not computable (measured 0 or a figure missing).</summary>
    public decimal? GapPercent => Declared is { } d && Measured is { } m && m != 0 ? Math.Round(100m * (d - m) / m, 1) : null;
}
