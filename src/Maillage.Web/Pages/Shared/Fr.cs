using System.Globalization;

namespace Maillage.Web.Pages.Shared;

/// <summary>French formatting of numbers and dates for the pages (URLs use the invariant culture).</summary>
public static class Fr
{
    public static readonly CultureInfo Culture = CultureInfo.GetCultureInfo("fr-FR");

    private static readonly TimeZoneInfo Paris = FindParis();

    private static TimeZoneInfo FindParis()
    {
        try { return TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris"); }
        catch (TimeZoneNotFoundException) { return TimeZoneInfo.Utc; }
    }

    public static string Number(int n) => n.ToString("N0", Culture);

    public static string Number(long n) => n.ToString("N0", Culture);

    public static string Number(double n, int decimals) => n.ToString("N" + decimals.ToString(CultureInfo.InvariantCulture), Culture);

    public static string Date(DateOnly d) => d.ToString("d MMMM yyyy", Culture);

    public static string Date(DateOnly? d) => d is null ? "" : Date(d.Value);

    public static string ShortDate(DateOnly d) => d.ToString("dd/MM/yyyy", Culture);

    /// <summary>A point in time, in Paris time: "12/03/2025 à 14:05".</summary>
    public static string DateTime(DateTimeOffset at)
    {
        var local = TimeZoneInfo.ConvertTime(at, Paris);
        return local.ToString("dd/MM/yyyy 'à' HH:mm", Culture);
    }

    /// <summary>ISO date for URLs and <c>input type=date</c>.</summary>
    public static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Iso(DateOnly? d) => d is null ? "" : Iso(d.Value);

    public static string Invariant(int n) => n.ToString(CultureInfo.InvariantCulture);

    public static bool TryParseIsoDate(string? text, out DateOnly date) =>
        DateOnly.TryParseExact(text?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    /// <summary>Plural helper: "1 centre", "3 centres".</summary>
    public static string Count(int n, string singular, string plural) => $"{Number(n)} {(n > 1 ? plural : singular)}";
}
