namespace Maillage.Domain.Activity;

/// <summary>
/// 64-bit keys for pseudonymous identifiers, so that no identifier is kept as text. A patient id (16 to 64 hex
/// characters) is read 16 hex digits (64 bits) at a time, each block folded in with the SplitMix64 finaliser (a
/// bijection), the length as seed: distinct 16-character ids never collide; longer ids collide with probability
/// about n²/2⁶⁵ (n = 1.6 million patients: under 10⁻⁷ for the whole national bank). A (patient, stay) pair folds the
/// stay id's bytes into the patient key the same way.
/// </summary>
public static class ActivityKeys
{
    private static readonly sbyte[] HexValue = BuildHex();

    private static sbyte[] BuildHex()
    {
        var t = new sbyte[256];
        Array.Fill(t, (sbyte)-1);
        for (var c = '0'; c <= '9'; c++) t[c] = (sbyte)(c - '0');
        for (var c = 'a'; c <= 'f'; c++) t[c] = (sbyte)(c - 'a' + 10);
        return t;
    }

    /// <summary>SplitMix64 finaliser: a bijection of 64-bit values with good avalanche.</summary>
    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Validates a patient id (16–64 lowercase hex characters) and computes its key.</summary>
    public static bool TryPatientKey(ReadOnlySpan<byte> id, out ulong key)
    {
        key = 0;
        if (id.Length is < 16 or > 64) return false;
        var h = 0x9E3779B97F4A7C15UL * (ulong)id.Length;
        while (!id.IsEmpty)
        {
            var n = Math.Min(16, id.Length);
            ulong block = 0;
            var invalid = 0;
            for (var i = 0; i < n; i++)
            {
                int v = HexValue[id[i]];
                invalid |= v;
                block = (block << 4) | (uint)(v & 0xF);
            }
            if (invalid < 0) return false;
            h = Mix(h ^ block);
            id = id[n..];
        }
        key = h;
        return true;
    }

    /// <summary>The key of a (patient, stay) pair.</summary>
    public static ulong StayKey(ulong patientKey, ReadOnlySpan<byte> stayId)
    {
        var h = patientKey ^ 0xD6E8FEB86659FD93UL;
        while (stayId.Length >= 8)
        {
            h = Mix(h ^ BitConverter.ToUInt64(stayId));
            stayId = stayId[8..];
        }
        ulong tail = (ulong)stayId.Length << 56;
        for (var i = 0; i < stayId.Length; i++) tail |= (ulong)stayId[i] << (8 * i);
        return Mix(h ^ tail);
    }
}
