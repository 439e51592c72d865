using System.Globalization;

namespace Maillage.Core.Features.Registry.Transfer;

/// <summary>One file of the registry format (e.g. centres.csv / worksheet "centres"): its columns, its key, its entities.</summary>
public abstract class RegistrySheet
{
    private readonly Dictionary<string, string> _fieldToColumn;

    protected RegistrySheet(string name, int keyCount, IReadOnlyList<string> ruleEntities, Dictionary<string, string>? fieldToColumn)
    {
        Name = name;
        KeyCount = keyCount;
        RuleEntities = ruleEntities;
        _fieldToColumn = fieldToColumn ?? [];
    }

    /// <summary>Sheet name, and file name without ".csv".</summary>
    public string Name { get; }

    public string FileName => Name + ".csv";

    /// <summary>The first <see cref="KeyCount"/> columns form the stable key of a row.</summary>
    public int KeyCount { get; }

    /// <summary>Entity names used by <c>RegistryRules</c> for the rows of this sheet.</summary>
    public IReadOnlyList<string> RuleEntities { get; }

    /// <summary>Column names in file order.</summary>
    public abstract IReadOnlyList<string> Columns { get; }

    public abstract IReadOnlyList<bool> Required { get; }

    /// <summary>The column that shows a rule's field (e.g. "departement" → "departement_code"); the first key column otherwise.</summary>
    public string ColumnForField(string field) =>
        _fieldToColumn.TryGetValue(field, out var c) ? c : Columns.Contains(field) ? field : Columns[0];
}

/// <summary>A column: how a value is written (<see cref="Format"/>) and read (<see cref="Parse"/>: null or a French error).</summary>
public sealed record RegistryColumn<T>(string Name, bool Required, Func<T, string> Format, Func<T, string, string?> Parse);

public sealed class RegistrySheet<T> : RegistrySheet where T : class
{
    private readonly Func<T> _create;

    public RegistrySheet(string name, Func<T> create, int keyCount, IReadOnlyList<RegistryColumn<T>> columns, IReadOnlyList<string> ruleEntities,
        Dictionary<string, string>? fieldToColumn = null, Func<T, string>? ruleId = null)
        : base(name, keyCount, ruleEntities, fieldToColumn)
    {
        _create = create;
        Cols = columns;
        Columns = columns.Select(c => c.Name).ToList();
        Required = columns.Select(c => c.Required).ToList();
        RuleId = ruleId ?? (e => columns[0].Format(e));
    }

    public IReadOnlyList<RegistryColumn<T>> Cols { get; }

    public override IReadOnlyList<string> Columns { get; }

    public override IReadOnlyList<bool> Required { get; }

    /// <summary>The id <c>RegistryRules</c> uses in its violations for this entity.</summary>
    public Func<T, string> RuleId { get; }

    public T Create() => _create();

    public string[] Format(T entity) => Cols.Select(c => c.Format(entity)).ToArray();

    /// <summary>The stable key: the first <see cref="RegistrySheet.KeyCount"/> formatted cells.</summary>
    public string Key(T entity) => string.Join('\u001F', Cols.Take(KeyCount).Select(c => c.Format(entity)));

    /// <summary>Rows sorted by their key cells (ordinal, column by column): deterministic output.</summary>
    public List<string[]> Rows(IEnumerable<T> entities)
    {
        var rows = entities.Select(Format).ToList();
        rows.Sort((a, b) =>
        {
            for (var i = 0; i < KeyCount; i++)
            {
                var c = string.CompareOrdinal(a[i], b[i]);
                if (c != 0) return c;
            }
            return 0;
        });
        return rows;
    }

    /// <summary>Copies the value of <paramref name="column"/> from one entity to another (through its text form).</summary>
    public void CopyColumn(RegistryColumn<T> column, T from, T to) => column.Parse(to, column.Format(from));
}

/// <summary>Column builders for the usual cell types.</summary>
public static class Col
{
    public static RegistryColumn<T> Custom<T>(string name, bool required, Func<T, string?> format, Func<T, string, string?> parse) =>
        new(name, required, e => format(e) ?? "", parse);

    /// <summary>Text; an empty cell is null.</summary>
    public static RegistryColumn<T> Text<T>(string name, bool required, Func<T, string?> get, Action<T, string?> set) =>
        new(name, required, e => get(e) ?? "", (e, s) => { set(e, s.Length == 0 ? null : s); return null; });

    public static RegistryColumn<T> Enum<T, TEnum>(string name, Func<T, TEnum> get, Action<T, TEnum> set) where TEnum : struct, System.Enum =>
        new(name, true, e => SnakeCase.Of(get(e)), (e, s) =>
        {
            if (!SnakeCase.TryParse<TEnum>(s, out var v)) return UnknownValue<TEnum>(s);
            set(e, v);
            return null;
        });

    public static RegistryColumn<T> OptionalEnum<T, TEnum>(string name, Func<T, TEnum?> get, Action<T, TEnum?> set) where TEnum : struct, System.Enum =>
        new(name, false, e => get(e) is { } v ? SnakeCase.Of(v) : "", (e, s) =>
        {
            if (s.Length == 0) { set(e, null); return null; }
            if (!SnakeCase.TryParse<TEnum>(s, out var v)) return UnknownValue<TEnum>(s);
            set(e, v);
            return null;
        });

    private static string UnknownValue<TEnum>(string s) where TEnum : struct, System.Enum =>
        $"Valeur « {s} » inconnue : valeurs possibles {string.Join(", ", SnakeCase.Names<TEnum>())}.";

    /// <summary>A date written YYYY-MM-DD.</summary>
    public static RegistryColumn<T> Date<T>(string name, bool required, Func<T, DateOnly?> get, Action<T, DateOnly?> set) =>
        new(name, required, e => get(e)?.ToString(RegistryFormat.DateFormat, CultureInfo.InvariantCulture) ?? "", (e, s) =>
        {
            if (s.Length == 0) { set(e, null); return null; }
            if (!DateOnly.TryParseExact(s, RegistryFormat.DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
                return $"Date « {s} » invalide : format attendu AAAA-MM-JJ (ex. 2023-01-31).";
            set(e, d);
            return null;
        });

    /// <summary>An integer; an empty cell is 0.</summary>
    public static RegistryColumn<T> Long<T>(string name, Func<T, long> get, Action<T, long> set) =>
        new(name, false, e => get(e).ToString(CultureInfo.InvariantCulture), (e, s) =>
        {
            if (s.Length == 0) { set(e, 0); return null; }
            if (!long.TryParse(s.Replace(" ", "", StringComparison.Ordinal).Replace("\u00A0", "", StringComparison.Ordinal).Replace("\u202F", "", StringComparison.Ordinal),
                    NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v))
                return $"Nombre entier « {s} » invalide.";
            set(e, v);
            return null;
        });

    /// <summary>A decimal number written with "R" (invariant, '.'); ',' is accepted on input.</summary>
    public static RegistryColumn<T> Double<T>(string name, Func<T, double?> get, Action<T, double?> set) =>
        new(name, false, e => get(e)?.ToString("R", CultureInfo.InvariantCulture) ?? "", (e, s) =>
        {
            if (s.Length == 0) { set(e, null); return null; }
            if (!double.TryParse(s.Replace(',', '.'), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v))
                return $"Nombre « {s} » invalide (ex. 48.8566).";
            set(e, v);
            return null;
        });

    /// <summary>true/false (also accepted: 1/0, oui/non, vrai/faux); an empty cell takes <paramref name="defaultValue"/>.</summary>
    public static RegistryColumn<T> Bool<T>(string name, bool defaultValue, Func<T, bool> get, Action<T, bool> set) =>
        new(name, false, e => get(e) ? "true" : "false", (e, s) =>
        {
            switch (s.ToLowerInvariant())
            {
                case "": set(e, defaultValue); return null;
                case "true" or "1" or "oui" or "vrai" or "yes": set(e, true); return null;
                case "false" or "0" or "non" or "faux" or "no": set(e, false); return null;
                default: return $"Valeur « {s} » invalide : true ou false attendu.";
            }
        });

    /// <summary>A list inside one cell, items separated by '|' (written sorted, read trimmed, empty items and duplicates dropped).</summary>
    public static RegistryColumn<T> List<T>(string name, Func<T, IEnumerable<string>> get, Func<T, List<string>, string?> set) =>
        new(name, false, e => string.Join(RegistryFormat.ListSeparator, get(e)), (e, s) =>
        {
            var items = s.Split(RegistryFormat.ListSeparator, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Distinct(StringComparer.Ordinal).ToList();
            return set(e, items);
        });
}
