using System.Collections.Concurrent;
using System.Text;

namespace Maillage.Core.Features.Registry.Transfer;

/// <summary>Enum values as snake_case strings in files and APIs (ReferenceSite → reference_site, PuPh → pu_ph).</summary>
public static class SnakeCase
{
    private static readonly ConcurrentDictionary<Type, (Dictionary<string, object> ByName, Dictionary<object, string> ByValue)> Cache = new();

    public static string Convert(string pascal)
    {
        var sb = new StringBuilder(pascal.Length + 4);
        for (var i = 0; i < pascal.Length; i++)
        {
            var c = pascal[i];
            if (char.IsUpper(c))
            {
                if (i > 0) sb.Append('_');
                sb.Append(char.ToLowerInvariant(c));
            }
            else sb.Append(c);
        }
        return sb.ToString();
    }

    private static (Dictionary<string, object> ByName, Dictionary<object, string> ByValue) Maps<TEnum>() where TEnum : struct, Enum =>
        Cache.GetOrAdd(typeof(TEnum), _ =>
        {
            var byName = new Dictionary<string, object>(StringComparer.Ordinal);
            var byValue = new Dictionary<object, string>();
            foreach (var v in Enum.GetValues<TEnum>())
            {
                var name = Convert(v.ToString());
                byName[name] = v;
                byValue[v] = name;
            }
            return (byName, byValue);
        });

    public static string Of<TEnum>(TEnum value) where TEnum : struct, Enum => Maps<TEnum>().ByValue[value];

    /// <summary>Parses a snake_case name (case-insensitive, surrounding spaces ignored).</summary>
    public static bool TryParse<TEnum>(string text, out TEnum value) where TEnum : struct, Enum
    {
        if (Maps<TEnum>().ByName.TryGetValue(text.Trim().ToLowerInvariant(), out var o)) { value = (TEnum)o; return true; }
        value = default;
        return false;
    }

    public static IEnumerable<string> Names<TEnum>() where TEnum : struct, Enum => Enum.GetValues<TEnum>().Select(Of);
}
