namespace Maillage.Domain.Activity;

/// <summary>
/// Residence codes of the extract as small ranks: 0 = empty (unknown), then every valid code (INSEE départements
/// 01–19, 21–95, 2A, 2B, 971–976, and 99 abroad) numbered in ordinal text order, so that comparing ranks compares the
/// codes as text. That order breaks ties between acts of the same day (docs/formats/activity-extract.md).
/// </summary>
public static class ResidenceCodes
{
    public const string Abroad = "99";

    /// <summary>Valid codes in ordinal order; rank = index + 1.</summary>
    public static IReadOnlyList<string> Codes { get; } = BuildCodes();

    public static readonly byte AbroadRank = (byte)(Array.IndexOf((string[])Codes, Abroad) + 1);

    private static readonly Dictionary<int, byte> ByPackedCode = Codes.Select((c, i) => (c, i)).ToDictionary(x => Pack(x.c), x => (byte)(x.i + 1));

    private static string[] BuildCodes()
    {
        var codes = new List<string> { "2A", "2B", Abroad, "971", "972", "973", "974", "975", "976" };
        for (var n = 1; n <= 95; n++)
            if (n != 20) codes.Add(n.ToString("D2", System.Globalization.CultureInfo.InvariantCulture));
        codes.Sort(StringComparer.Ordinal);
        return [.. codes];
    }

    private static int Pack(ReadOnlySpan<char> code)
    {
        var v = code.Length;
        foreach (var c in code) v = (v << 8) | c;
        return v;
    }

    private static int Pack(string code) => Pack(code.AsSpan());

    /// <summary>The rank of a code (0 for empty); false when the code is not valid.</summary>
    public static bool TryRank(ReadOnlySpan<byte> code, out byte rank)
    {
        rank = 0;
        if (code.IsEmpty) return true;
        if (code.Length > 3) return false;
        var v = code.Length;
        foreach (var b in code) v = (v << 8) | b;
        return ByPackedCode.TryGetValue(v, out rank);
    }

    public static bool TryRank(string? code, out byte rank) =>
        TryRank(System.Text.Encoding.ASCII.GetBytes(code ?? ""), out rank);

    /// <summary>The code of a rank ("" for 0).</summary>
    public static string CodeOf(byte rank) => rank == 0 ? "" : Codes[rank - 1];
}
