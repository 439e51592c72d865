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

    /// <summary>The one date format of the pages (<see cref="Domain.French.Date"/>): « 1er janvier 2026 », « 7 décembre 2026 ».</summary>
    public static string Date(DateOnly d) => Domain.French.Date(d);

    public static string Date(DateOnly? d) => d is null ? "" : Date(d.Value);

    /// <summary>A day of a month without year: « 1er janvier » (<see cref="Domain.French.DayMonth"/>).</summary>
    public static string DayMonth(int month, int day) => Domain.French.DayMonth(month, day);

    /// <summary>Kept for its callers: the same format as <see cref="Date(DateOnly)"/> (one date format everywhere).</summary>
    public static string ShortDate(DateOnly d) => Date(d);

    /// <summary>A point in time, in Paris time: « 12 mars 2025 à 14:05 ».</summary>
    public static string DateTime(DateTimeOffset at) => Domain.French.DateTime(TimeZoneInfo.ConvertTime(at, Paris).DateTime);

    /// <summary>ISO date for URLs and <c>input type=date</c>.</summary>
    public static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Iso(DateOnly? d) => d is null ? "" : Iso(d.Value);

    public static string Invariant(int n) => n.ToString(CultureInfo.InvariantCulture);

    public static bool TryParseIsoDate(string? text, out DateOnly date) =>
        DateOnly.TryParseExact(text?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    /// <summary>Plural helper: « 0 centre », « 1 centre », « 3 centres » (<see cref="Domain.French.Count"/>).</summary>
    public static string Count(int n, string singular, string plural) => Domain.French.Count(n, singular, plural);

    /// <summary>The word alone, agreed with a count (« enregistré » / « enregistrés »).</summary>
    public static string Agree(int n, string singular, string plural) => Domain.French.Agree(n, singular, plural);
}
