namespace Maillage.Domain;

/// <summary>
/// The one code+label table of an enum: a stable snake_case code (files, JSON, YAML, URLs) and a French label per
/// value, built from an exhaustive switch (no default arm: the build fails with CS8509 when a value is added without its
/// code and label). Built once; refuses an empty code or label and a code used twice, so a slip fails at start-up and in
/// the table tests, not on a user's screen.
/// </summary>
public sealed class EnumTable<T> where T : struct, Enum
{
    private readonly Dictionary<T, (string Code, string Label)> byValue = [];
    private readonly Dictionary<string, T> byCode = new(StringComparer.Ordinal);

    public EnumTable(Func<T, (string Code, string Label)> entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        foreach (var value in Enum.GetValues<T>())
        {
            var (code, label) = entry(value);
            if (string.IsNullOrWhiteSpace(code) || string.IsNullOrWhiteSpace(label))
                throw new InvalidOperationException($"{typeof(T).Name}.{value} : code ou libellé vide.");
            if (!byCode.TryAdd(code, value))
                throw new InvalidOperationException($"{typeof(T).Name} : le code « {code} » sert à {byCode[code]} et à {value}.");
            byValue[value] = (code, label);
        }
        Values = [.. byValue.Keys];
        Codes = [.. byCode.Keys];
    }

    /// <summary>Every named value, in declaration order.</summary>
    public IReadOnlyList<T> Values { get; }

    /// <summary>Every code, in declaration order.</summary>
    public IReadOnlyList<string> Codes { get; }

    public string Code(T value) => byValue[value].Code;

    public string Label(T value) => byValue[value].Label;

    /// <summary>The value of an exact code (ordinal comparison); false for anything else, null included.</summary>
    public bool TryParse(string? code, out T value)
    {
        if (code is not null && byCode.TryGetValue(code, out value)) return true;
        value = default;
        return false;
    }
}
