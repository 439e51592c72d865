using System.Globalization;

namespace Maillage.Domain.PublicDirectory;

/// <summary>
/// Small-cell suppression for anything shown publicly: an activity count below <see cref="Threshold"/> (1 to 9 patients,
/// and 0, which would also tell something) is never shown, only "moins de 10".
/// </summary>
public static class SmallCells
{
    public const int Threshold = 10;

    /// <summary>The count if it may be published, otherwise null.</summary>
    public static long? Publishable(long? count) => count is { } n && n >= Threshold ? n : null;

    /// <summary>The count in French ("1 234"), or "moins de 10"; "non communiqué" when unknown.</summary>
    public static string Display(long? count) => count switch
    {
        null => "non communiqué",
        < Threshold => "moins de 10",
        { } n => n.ToString("N0", CultureInfo.GetCultureInfo("fr-FR")).Replace('\u202f', ' ').Replace('\u00a0', ' '),
    };
}
