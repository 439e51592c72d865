using System.Globalization;

namespace Maillage.Domain;

/// <summary>
/// French typography of what people read (issue 13, §2): one date format everywhere — « 7 décembre 2026 », with
/// « 1er » for the first day of a month —, a time as « 7 décembre 2026 à 14:05 », and counts with their plural
/// (« 0 ligne », « 1 ligne », « 2 lignes »: in French the singular covers 0 and 1). Pure; the pages' <c>Fr</c> helper,
/// Core's messages and the CLI use it.
/// </summary>
public static class French
{
    public static readonly CultureInfo Culture = CultureInfo.GetCultureInfo("fr-FR");

    /// <summary>« 1er janvier 2026 », « 2 janvier 2026 ».</summary>
    public static string Date(DateOnly d) =>
        (d.Day == 1 ? "1er" : d.Day.ToString(CultureInfo.InvariantCulture)) + " " + d.ToString("MMMM yyyy", Culture);

    /// <summary>A day of a month, without year: « 1er janvier », « 30 juin ».</summary>
    public static string DayMonth(int month, int day) =>
        (day == 1 ? "1er" : day.ToString(CultureInfo.InvariantCulture)) + " " + Culture.DateTimeFormat.GetMonthName(month);

    /// <summary>A local date and time: « 1er mars 2026 à 09:05 ».</summary>
    public static string DateTime(System.DateTime local) =>
        Date(DateOnly.FromDateTime(local)) + " à " + local.ToString("HH:mm", CultureInfo.InvariantCulture);

    /// <summary>The day of an instant in a time zone (the clock's local zone): « 1er mars 2026 ».</summary>
    public static string Date(DateTimeOffset at, TimeZoneInfo zone) => Date(DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, zone).DateTime));

    /// <summary>An instant in a time zone (the clock's local zone): « 1er mars 2026 à 09:05 ».</summary>
    public static string DateTime(DateTimeOffset at, TimeZoneInfo zone) => DateTime(TimeZoneInfo.ConvertTime(at, zone).DateTime);

    /// <summary>A date that may be missing: « 1er mars 2026 », or « — ».</summary>
    public static string Date(DateOnly? d) => d is { } day ? Date(day) : "—";

    /// <summary>A whole number with French digit grouping (narrow no-break space): « 12 345 ».</summary>
    public static string Number(long n) => n.ToString("N0", Culture);

    /// <summary>Whether a count takes the plural: from 2 (and below -1) in French.</summary>
    public static bool IsPlural(long n) => n is > 1 or < -1;

    /// <summary>« 1 ligne », « 2 lignes », « 0 ligne ».</summary>
    public static string Count(long n, string singular, string plural) => $"{Number(n)} {(IsPlural(n) ? plural : singular)}";

    /// <summary>« de » elided before a vowel: « d'accepter », « de valider » (« Impossible d'accepter »).</summary>
    public static string De(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        return word.Length > 0 && "aeiouyéèêëàâäîïôöûüœ".Contains(char.ToLowerInvariant(word[0]), StringComparison.Ordinal) ? "d'" + word : "de " + word;
    }

    /// <summary>The word alone, agreed with a count: « modifié » / « modifiés ».</summary>
    public static string Agree(long n, string singular, string plural) => IsPlural(n) ? plural : singular;
}
