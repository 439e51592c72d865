namespace Maillage.Core.Infrastructure.Validation;

/// <summary>
/// The ranges a client's year, date or page number must fall in before any service works with it: outside them a value
/// is a 400 naming the parameter, never a 500 from a date constructor or an overflowing offset (docs/security.md,
/// "Hostile input").
/// </summary>
public static class InputRanges
{
    /// <summary>Years of the network's life, with room on both sides: the first national plan is 2005.</summary>
    public const int MinYear = 1900, MaxYear = 2200;

    /// <summary>Page numbers of a paged list.</summary>
    public const int MaxPage = 1_000_000;

    public static bool IsYear(int year) => year is >= MinYear and <= MaxYear;

    public static bool IsDate(DateOnly date) => IsYear(date.Year);

    public static string YearError(string parameter, long value) =>
        $"Paramètre « {parameter} » : {value} n'est pas une année acceptée ({MinYear} à {MaxYear}).";

    public static string DateError(string parameter, DateOnly value) =>
        $"Paramètre « {parameter} » : la date {value:yyyy-MM-dd} est hors de la plage acceptée ({MinYear}-01-01 à {MaxYear}-12-31).";

    public static string PageError(string parameter, long value) =>
        $"Paramètre « {parameter} » : {value} n'est pas un numéro de page accepté (1 à {MaxPage}).";
}
