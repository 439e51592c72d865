using System.Globalization;
using System.Text;

namespace Maillage.Domain.PublicDirectory;

/// <summary>
/// Search normalisation: lower case, no accents (NFD, combining marks dropped), ligatures opened (œ → oe, æ → ae, ß → ss),
/// anything that is not a letter or a digit becomes a space, spaces collapsed. "Maladie de Crohn" and "MALADIE  DE crohn"
/// and "maladie-de-crôhn" all give "maladie de crohn".
/// </summary>
public static class TextNormalizer
{
    /// <summary>French and English words that carry no meaning in a disease name; ignored when the query has other words.</summary>
    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "a", "au", "aux", "d", "de", "des", "du", "en", "et", "l", "la", "le", "les", "ou", "par", "pour", "sans", "un", "une",
        "an", "and", "by", "in", "of", "or", "the", "to", "with",
    };

    public static string Normalize(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(decomposed.Length);
        var space = true;
        foreach (var ch in decomposed)
        {
            var cat = CharUnicodeInfo.GetUnicodeCategory(ch);
            if (cat is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark) continue;
            if (char.IsLetterOrDigit(ch))
            {
                switch (ch)
                {
                    case 'œ' or 'Œ': sb.Append("oe"); break;
                    case 'æ' or 'Æ': sb.Append("ae"); break;
                    case 'ß': sb.Append("ss"); break;
                    default: sb.Append(char.ToLowerInvariant(ch)); break;
                }
                space = false;
            }
            else if (!space)
            {
                sb.Append(' ');
                space = true;
            }
        }
        if (sb.Length > 0 && sb[^1] == ' ') sb.Length--;
        return sb.ToString();
    }

    /// <summary>The normalised words of <paramref name="text"/>.</summary>
    public static string[] Tokens(string? text) =>
        Normalize(text).Split(' ', StringSplitOptions.RemoveEmptyEntries);

    public static bool IsStopWord(string token) => StopWords.Contains(token);

    /// <summary>The words a query is matched on: its tokens without stop words (unless it has nothing else).</summary>
    public static string[] QueryTokens(string? text)
    {
        var all = Tokens(text);
        var meaningful = all.Where(t => !IsStopWord(t)).ToArray();
        return meaningful.Length > 0 ? meaningful : all;
    }

    /// <summary>
    /// Optimal string alignment distance (Levenshtein plus adjacent transposition) between <paramref name="a"/> and
    /// <paramref name="b"/>, or <c>max + 1</c> as soon as it must exceed <paramref name="max"/> (banded, so cheap).
    /// </summary>
    public static int BoundedDistance(string a, string b, int max)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return BoundedDistance(a.AsSpan(), b.AsSpan(), max);
    }

    /// <inheritdoc cref="BoundedDistance(string, string, int)"/>
    public static int BoundedDistance(ReadOnlySpan<char> a, ReadOnlySpan<char> b, int max)
    {
        if (Math.Abs(a.Length - b.Length) > max) return max + 1;
        if (a.Length == 0 || b.Length == 0) return Math.Max(a.Length, b.Length);
        var n = b.Length;
        Span<int> prev2 = n < 64 ? stackalloc int[n + 1] : new int[n + 1];
        Span<int> prev = n < 64 ? stackalloc int[n + 1] : new int[n + 1];
        Span<int> cur = n < 64 ? stackalloc int[n + 1] : new int[n + 1];
        for (var j = 0; j <= n; j++) prev[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            var rowMin = cur[0];
            for (var j = 1; j <= n; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var v = Math.Min(Math.Min(prev[j] + 1, cur[j - 1] + 1), prev[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) v = Math.Min(v, prev2[j - 2] + 1);
                cur[j] = v;
                if (v < rowMin) rowMin = v;
            }
            if (rowMin > max) return max + 1;
            var t = prev2; prev2 = prev; prev = cur; cur = t;
        }
        return prev[n] > max ? max + 1 : prev[n];
    }

    /// <summary>
    /// How many typos a word of this length may carry and still match: none up to 3 letters, one from 4 to 7, two from 8.
    /// </summary>
    public static int AllowedTypos(int length) => length <= 3 ? 0 : length <= 7 ? 1 : 2;
}
