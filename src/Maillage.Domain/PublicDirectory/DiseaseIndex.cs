using System.Globalization;
using System.Text.RegularExpressions;

namespace Maillage.Domain.PublicDirectory;

/// <summary>One ORPHA nomenclature entry as the directory indexes it.</summary>
public sealed record DiseaseEntry(int Code, string NameEn, string? NameFr, IReadOnlyList<string> Synonyms, bool IsActive, int? RedirectTo)
{
    /// <summary>The name shown to a French reader: French when the nomenclature has one, English otherwise.</summary>
    public string Name => string.IsNullOrWhiteSpace(NameFr) ? NameEn : NameFr;
}

public enum MatchedLabel
{
    Code,
    FrenchName,
    EnglishName,
    Synonym,
}

/// <summary>A disease found by <see cref="DiseaseIndex.Search"/>: which label matched, and how well.</summary>
public sealed record DiseaseMatch(int Code, string Name, string MatchedText, MatchedLabel MatchedLabel, double Score, bool IsActive, int? RedirectTo, bool Exact, int Typos);

/// <summary>
/// An in-memory index of the ORPHA names and synonyms (about 11,000 entries, 30,000 labels) for the public directory:
/// ORPHAcode ("ORPHA:558", "orpha 558", "558"), French or English name, synonyms; accent- and case-insensitive
/// (<see cref="TextNormalizer"/>); every word of the query must match a word of one label, exactly, as a prefix, or
/// within a bounded number of typos (<see cref="TextNormalizer.AllowedTypos"/>). Immutable once built: safe to share.
/// </summary>
public sealed partial class DiseaseIndex
{
    private readonly record struct Label(int Code, string Text, MatchedLabel Kind, string Normalized, int Words);

    private readonly Dictionary<int, DiseaseEntry> _entries;
    private readonly Label[] _labels;
    private readonly Dictionary<string, int[]> _postings;
    private readonly string[] _vocabulary;
    private readonly string[][] _byLength;

    public DiseaseIndex(IEnumerable<DiseaseEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        _entries = [];
        var labels = new List<Label>();
        var postings = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        foreach (var e in entries)
        {
            _entries[e.Code] = e;
            var seen = new HashSet<string>(StringComparer.Ordinal);
            void Add(string? text, MatchedLabel kind)
            {
                if (string.IsNullOrWhiteSpace(text)) return;
                var norm = TextNormalizer.Normalize(text);
                if (norm.Length == 0 || !seen.Add(norm)) return;
                var tokens = norm.Split(' ');
                var id = labels.Count;
                labels.Add(new Label(e.Code, text.Trim(), kind, norm, tokens.Count(t => !TextNormalizer.IsStopWord(t))));
                foreach (var t in tokens.Distinct(StringComparer.Ordinal))
                {
                    if (!postings.TryGetValue(t, out var list)) postings[t] = list = [];
                    list.Add(id);
                }
            }
            Add(e.NameFr, MatchedLabel.FrenchName);
            Add(e.NameEn, MatchedLabel.EnglishName);
            foreach (var s in e.Synonyms) Add(s, MatchedLabel.Synonym);
        }
        _labels = [.. labels];
        _postings = postings.ToDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal);
        _vocabulary = [.. _postings.Keys.Order(StringComparer.Ordinal)];
        var maxLength = _vocabulary.Length == 0 ? 0 : _vocabulary.Max(v => v.Length);
        _byLength = new string[maxLength + 1][];
        for (var len = 0; len <= maxLength; len++) _byLength[len] = [];
        foreach (var g in _vocabulary.GroupBy(v => v.Length)) _byLength[g.Key] = [.. g];
    }

    public int DiseaseCount => _entries.Count;

    public int LabelCount => _labels.Length;

    public DiseaseEntry? Get(int code) => _entries.GetValueOrDefault(code);

    /// <summary>"ORPHA:558", "orpha 558", "Orphacode 558" or "558": the code; otherwise null.</summary>
    public static int? ParseCode(string? query)
    {
        if (string.IsNullOrWhiteSpace(query)) return null;
        var m = CodePattern().Match(query.Trim());
        return m.Success && int.TryParse(m.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var code) ? code : null;
    }

    [GeneratedRegex(@"^(?:orpha(?:code)?\s*:?\s*)?(\d{1,7})$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CodePattern();

    /// <summary>
    /// The diseases matching <paramref name="query"/>, best first (one row per disease, its best label). Answers are
    /// memoised per normalised query (bounded: the memo is emptied past 4,096 entries), since the same few prefixes
    /// come back from every user typing.
    /// </summary>
    public IReadOnlyList<DiseaseMatch> Search(string? query, int limit = 20)
    {
        if (string.IsNullOrWhiteSpace(query) || limit <= 0) return [];
        var key = string.Create(CultureInfo.InvariantCulture, $"{limit}|{TextNormalizer.Normalize(query)}");
        if (_memo.TryGetValue(key, out var known)) return known;
        var found = SearchUncached(query, limit);
        if (_memo.Count >= 4096) _memo.Clear();
        _memo[key] = found;
        return found;
    }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, IReadOnlyList<DiseaseMatch>> _memo = new(StringComparer.Ordinal);

    private IReadOnlyList<DiseaseMatch> SearchUncached(string query, int limit)
    {
        if (ParseCode(query) is { } code)
            return _entries.TryGetValue(code, out var byCode)
                ? [new DiseaseMatch(code, byCode.Name, "ORPHA:" + code.ToString(CultureInfo.InvariantCulture), MatchedLabel.Code, 1000, byCode.IsActive, byCode.RedirectTo, true, 0)]
                : [];

        var words = TextNormalizer.QueryTokens(query);
        if (words.Length == 0) return [];
        var normalizedQuery = string.Join(' ', TextNormalizer.Tokens(query));

        // For each query word: the labels holding a matching word, with the best (score, typos) of that word.
        Dictionary<int, (int Score, int Typos)>? acc = null;
        for (var i = 0; i < words.Length; i++)
        {
            var hits = WordHits(words[i], isLast: i == words.Length - 1);
            if (hits.Count == 0) return [];
            if (acc is null)
            {
                acc = hits;
                continue;
            }
            var next = new Dictionary<int, (int, int)>(Math.Min(acc.Count, hits.Count));
            foreach (var (label, s) in acc)
                if (hits.TryGetValue(label, out var h))
                    next[label] = (s.Score + h.Score, s.Typos + h.Typos);
            acc = next;
            if (acc.Count == 0) return [];
        }

        var best = new Dictionary<int, DiseaseMatch>();
        foreach (var (id, s) in acc!)
        {
            var l = _labels[id];
            var e = _entries[l.Code];
            var exact = l.Normalized == normalizedQuery;
            var score = s.Score * 10.0
                + 10.0 * Math.Min(1.0, words.Length / (double)Math.Max(1, l.Words))
                + (exact ? 50 : l.Normalized.StartsWith(normalizedQuery, StringComparison.Ordinal) ? 10 : 0)
                + l.Kind switch { MatchedLabel.FrenchName => 3, MatchedLabel.EnglishName => 2, _ => 1 }
                - 4.0 * s.Typos
                - (e.IsActive ? 0 : 25);
            var match = new DiseaseMatch(l.Code, e.Name, l.Text, l.Kind, score, e.IsActive, e.RedirectTo, exact, s.Typos);
            if (!best.TryGetValue(l.Code, out var current) || current.Score < score) best[l.Code] = match;
        }
        return [.. best.Values.OrderByDescending(m => m.Score).ThenBy(m => m.Name.Length).ThenBy(m => m.Code).Take(limit)];
    }

    /// <summary>Labels holding a word that matches <paramref name="word"/>: exact 3, prefix 2, within the allowed typos 1.</summary>
    private Dictionary<int, (int Score, int Typos)> WordHits(string word, bool isLast)
    {
        var result = new Dictionary<int, (int Score, int Typos)>();
        void AddPostings(string token, int score, int typos)
        {
            foreach (var id in _postings[token])
                if (!result.TryGetValue(id, out var cur) || cur.Score < score) result[id] = (score, typos);
        }
        if (_postings.ContainsKey(word)) AddPostings(word, 3, 0);

        // Prefixes: the vocabulary is sorted, so the words starting with `word` are one contiguous run.
        var minPrefix = isLast ? 2 : 4;
        if (word.Length >= minPrefix)
        {
            var start = Array.BinarySearch(_vocabulary, word, StringComparer.Ordinal);
            if (start < 0) start = ~start;
            for (var i = start; i < _vocabulary.Length && _vocabulary[i].StartsWith(word, StringComparison.Ordinal); i++)
                if (_vocabulary[i].Length != word.Length) AddPostings(_vocabulary[i], 2, 0);
        }

        var allowed = TextNormalizer.AllowedTypos(word.Length);
        if (allowed == 0) return result;
        // Whole words within the allowed typos: only words whose length is within that many letters can be.
        for (var len = Math.Max(1, word.Length - allowed); len <= word.Length + allowed && len < _byLength.Length; len++)
            foreach (var v in _byLength[len])
            {
                if (v == word) continue;
                var d = TextNormalizer.BoundedDistance(word, v, allowed);
                if (d <= allowed) AddPostings(v, 1, d);
            }
        // A last word still being typed, with a typo: compare with the start of longer words that begin with the same
        // letter (one contiguous run of the sorted vocabulary).
        if (isLast && word.Length >= 5)
        {
            var first = word[..1];
            var start = Array.BinarySearch(_vocabulary, first, StringComparer.Ordinal);
            if (start < 0) start = ~start;
            for (var i = start; i < _vocabulary.Length && _vocabulary[i][0] == word[0]; i++)
            {
                var v = _vocabulary[i];
                if (v.Length <= word.Length + allowed) continue;
                var dp = TextNormalizer.BoundedDistance(word.AsSpan(), v.AsSpan(0, word.Length), allowed);
                if (dp <= allowed && dp > 0) AddPostings(v, 1, dp);
            }
        }
        return result;
    }
}
