namespace Maillage.Domain.Registry;

/// <summary>Luhn (mod 10) check used by FINESS, RPPS and SIREN.</summary>
public static class Luhn
{
    /// <summary>True when the digit string (check key last) passes the Luhn test.</summary>
    public static bool IsValid(ReadOnlySpan<char> digits)
    {
        if (digits.IsEmpty) return false;
        var sum = 0;
        var doubleIt = false;
        for (var i = digits.Length - 1; i >= 0; i--)
        {
            var c = digits[i];
            if (c is < '0' or > '9') return false;
            var d = c - '0';
            if (doubleIt)
            {
                d *= 2;
                if (d > 9) d -= 9;
            }
            sum += d;
            doubleIt = !doubleIt;
        }
        return sum % 10 == 0;
    }

    /// <summary>The check digit to append to <paramref name="payload"/>.</summary>
    public static char CheckDigit(ReadOnlySpan<char> payload)
    {
        Span<char> buffer = stackalloc char[payload.Length + 1];
        payload.CopyTo(buffer);
        for (var k = 0; k <= 9; k++)
        {
            buffer[^1] = (char)('0' + k);
            if (IsValid(buffer)) return buffer[^1];
        }
        throw new InvalidOperationException("unreachable");
    }
}

/// <summary>
/// A FINESS number (9 characters): 2-character département (01-95, 2A, 2B, 97x overseas as "97"),
/// 6-character order number, Luhn check key. For Corsica the letter (A/B) counts as 0 in the key
/// computation (docs/adr/0004-identifiers.md).
/// </summary>
public readonly record struct Finess
{
    public string Value { get; }

    private Finess(string value) => Value = value;

    public override string ToString() => Value;

    /// <summary>The département prefix: "2A", "2B", "01".."95", or "97"/"98" followed by the third digit for overseas.</summary>
    public string DepartementCode => Value[..2] is "97" or "98" ? Value[..3] : Value[..2];

    public static bool TryParse(string? text, out Finess finess, out string? error)
    {
        finess = default;
        error = Validate(text);
        if (error is not null) return false;
        finess = new Finess(text!.Trim().ToUpperInvariant());
        return true;
    }

    public static Finess Parse(string text) =>
        TryParse(text, out var f, out var error) ? f : throw new FormatException(error);

    public static bool IsValid(string? text) => Validate(text) is null;

    /// <summary>Null when valid, else a French message naming the problem.</summary>
    public static string? Validate(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return "Numéro FINESS manquant.";
        var v = text.Trim().ToUpperInvariant();
        if (v.Length != 9) return $"Le numéro FINESS « {v} » doit comporter 9 caractères.";
        var prefix = v[..2];
        var isCorsica = prefix is "2A" or "2B";
        for (var i = isCorsica ? 2 : 0; i < 9; i++)
            if (!char.IsAsciiDigit(v[i])) return $"Le numéro FINESS « {v} » ne doit contenir que des chiffres (sauf 2A/2B).";
        if (!isCorsica && prefix == "00") return $"Le numéro FINESS « {v} » a un département « 00 » inconnu.";
        Span<char> digits = stackalloc char[9];
        v.AsSpan().CopyTo(digits);
        if (isCorsica) digits[1] = '0';
        return Luhn.IsValid(digits) ? null : $"La clé de contrôle du numéro FINESS « {v} » est invalide.";
    }

    /// <summary>Builds a valid FINESS from a département prefix ("75", "2A", "97") and a 6-digit order number.</summary>
    public static Finess Create(string departementPrefix, int order)
    {
        if (departementPrefix.Length != 2) throw new ArgumentException("prefix must have 2 characters", nameof(departementPrefix));
        var body = departementPrefix + order.ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
        var forKey = body[..1] + (body[1] is 'A' or 'B' ? '0' : body[1]) + body[2..];
        return new Finess(body + Luhn.CheckDigit(forKey));
    }
}

/// <summary>An RPPS number: 11 digits, the last being the Luhn key of the first 10.</summary>
public readonly record struct Rpps
{
    public string Value { get; }

    private Rpps(string value) => Value = value;

    public override string ToString() => Value;

    public static string? Validate(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return "Numéro RPPS manquant.";
        var v = text.Trim();
        if (v.Length != 11 || !v.All(char.IsAsciiDigit)) return $"Le numéro RPPS « {v} » doit comporter 11 chiffres.";
        return Luhn.IsValid(v) ? null : $"La clé de contrôle du numéro RPPS « {v} » est invalide.";
    }

    public static bool IsValid(string? text) => Validate(text) is null;

    public static bool TryParse(string? text, out Rpps rpps, out string? error)
    {
        rpps = default;
        error = Validate(text);
        if (error is not null) return false;
        rpps = new Rpps(text!.Trim());
        return true;
    }

    public static Rpps Parse(string text) =>
        TryParse(text, out var r, out var error) ? r : throw new FormatException(error);

    /// <summary>Builds a valid RPPS from a 10-digit payload.</summary>
    public static Rpps Create(long payload)
    {
        var body = payload.ToString("D10", System.Globalization.CultureInfo.InvariantCulture);
        if (body.Length != 10) throw new ArgumentOutOfRangeException(nameof(payload));
        return new Rpps(body + Luhn.CheckDigit(body));
    }
}

/// <summary>INSEE codes of French départements: 01-19, 21-95, 2A, 2B, 971-976.</summary>
public static class DepartementCode
{
    public static bool IsValid(string? code)
    {
        if (string.IsNullOrEmpty(code)) return false;
        if (code is "2A" or "2B") return true;
        if (code.Length == 2 && code.All(char.IsAsciiDigit))
        {
            var n = int.Parse(code, System.Globalization.CultureInfo.InvariantCulture);
            return n is >= 1 and <= 95 && n != 20;
        }
        return code is "971" or "972" or "973" or "974" or "975" or "976";
    }
}
