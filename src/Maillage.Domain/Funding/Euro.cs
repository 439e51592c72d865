using System.Globalization;

namespace Maillage.Domain.Funding;

/// <summary>French formatting of euro amounts and percentages for explanation lines ("1 234 567,89 €", "12,5 %").</summary>
public static class Euro
{
    private static readonly NumberFormatInfo French = new()
    {
        NumberDecimalSeparator = ",",
        NumberGroupSeparator = " ",
        NumberGroupSizes = [3],
        PercentDecimalSeparator = ",",
    };

    /// <summary>Whole euros without decimals ("120 000 €"), otherwise with cents ("12 345,67 €").</summary>
    public static string Format(decimal amount) =>
        (amount == decimal.Truncate(amount) ? amount.ToString("#,##0", French) : amount.ToString("#,##0.00", French)) + " €";

    /// <summary>Always with cents ("12 345,00 €").</summary>
    public static string FormatCents(decimal amount) => amount.ToString("#,##0.00", French) + " €";

    /// <summary>A number in French notation, up to <paramref name="decimals"/> decimals ("12,5").</summary>
    public static string Number(decimal value, int decimals = 2) =>
        value.ToString("#,##0." + new string('#', decimals), French);

    public static string Percent(decimal pct, int decimals = 2) => Number(pct, decimals) + " %";
}

/// <summary>A funding input that cannot be computed: names the input field at fault.</summary>
public sealed class FundingInputException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}
