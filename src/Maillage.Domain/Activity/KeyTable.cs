namespace Maillage.Domain.Activity;

/// <summary>
/// A hash map from well-mixed 64-bit keys (<see cref="ActivityKeys"/>) to small structs: open addressing with linear
/// probing in one array of (key, value) entries, so a lookup costs one cache miss where <see cref="Dictionary{TKey,TValue}"/>
/// costs two (buckets, then entries). The keys are already hashes, so their low bits index the table directly.
/// Key 0 (the empty slot marker) is kept aside.
/// </summary>
internal sealed class KeyTable<TValue> where TValue : struct
{
    private struct Entry
    {
        public ulong Key;
        public TValue Value;
    }

    private Entry[] _entries = new Entry[16];
    private int _used;
    private bool _hasZero;
    private TValue _zero;

    public int Count => _used + (_hasZero ? 1 : 0);

    /// <summary>The value for <paramref name="key"/>, added as default when absent.</summary>
    public ref TValue GetOrAdd(ulong key)
    {
        if (key == 0)
        {
            _hasZero = true;
            return ref _zero;
        }
        if (_used >= _entries.Length - (_entries.Length >> 2)) Grow();
        var entries = _entries;
        var mask = entries.Length - 1;
        var i = (int)key & mask;
        while (true)
        {
            ref var e = ref entries[i];
            if (e.Key == key) return ref e.Value;
            if (e.Key == 0)
            {
                e.Key = key;
                _used++;
                return ref e.Value;
            }
            i = (i + 1) & mask;
        }
    }

    /// <summary>Reads the key in <paramref name="key"/>'s home slot, so that a later <see cref="GetOrAdd"/> finds its line in
    /// the cache: a batch's reads are independent and their cache misses overlap.</summary>
    public ulong Touch(ulong key)
    {
        var entries = _entries;
        return entries[(int)key & (entries.Length - 1)].Key;
    }

    private void Grow()
    {
        var old = _entries;
        _entries = new Entry[old.Length * 2];
        _used = 0;
        foreach (var e in old)
            if (e.Key != 0) GetOrAdd(e.Key) = e.Value;
    }

    public void EnsureCapacity(int count)
    {
        var size = _entries.Length;
        while (count >= size - (size >> 2)) size *= 2;
        if (size == _entries.Length) return;
        var old = _entries;
        _entries = new Entry[size];
        _used = 0;
        foreach (var e in old)
            if (e.Key != 0) GetOrAdd(e.Key) = e.Value;
    }

    /// <summary>Every (key, value), in no particular order.</summary>
    public IEnumerable<KeyValuePair<ulong, TValue>> Entries()
    {
        if (_hasZero) yield return new(0, _zero);
        foreach (var e in _entries)
            if (e.Key != 0) yield return new(e.Key, e.Value);
    }

    /// <summary>Every value, in no particular order (no pair built per entry: the indicators read millions).</summary>
    public IEnumerable<TValue> Values()
    {
        if (_hasZero) yield return _zero;
        foreach (var e in _entries)
            if (e.Key != 0) yield return e.Value;
    }
}
