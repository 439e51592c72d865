using System.Text;

namespace Maillage.Domain.Activity;

[Flags]
public enum ActFlags : byte
{
    None = 0,
    Confirmed = 1,
    OrphaCoded = 2,
    OutOfScope = 4,
}

/// <summary>A validated row, reduced to what the indicators need: no identifier in clear.</summary>
public struct ActivityAct
{
    /// <summary>Index in <see cref="ActivityReferential.Centres"/>.</summary>
    public int Centre;
    public int Year;
    /// <summary><see cref="DateOnly.DayNumber"/> of the act.</summary>
    public int Day;
    public ulong Patient;
    /// <summary>(patient, stay) key; 0 when the context has no stay.</summary>
    public ulong Stay;
    public ActivityContext Context;
    /// <summary><see cref="ResidenceCodes"/> rank, 0 when empty.</summary>
    public byte Residence;
    public ActFlags Flags;
}

/// <summary>The activity extract format v1 (docs/formats/activity-extract.md): header, and parsing of one row.</summary>
public static class ActivityExtract
{
    public const int ColumnCount = 12;
    public const int MaxLineBytes = 1024 * 1024;

    public static IReadOnlyList<string> Columns { get; } =
    [
        "patient_id", "site_finess", "centre_id", "activity_date", "activity_context", "stay_id", "orpha_code",
        "diagnosis_status", "birth_year", "sex", "residence", "out_of_scope",
    ];

    public static string Header { get; } = string.Join(';', Columns);

    private static readonly byte[] HeaderBytes = Encoding.ASCII.GetBytes(Header);

    private static readonly byte[][] DiagnosisStatuses =
        ["en_cours"u8.ToArray(), "probable"u8.ToArray(), "confirme"u8.ToArray(), "indetermine"u8.ToArray(), "infirme"u8.ToArray(), "porteur_sain"u8.ToArray()];

    public static string ColumnName(byte column) => column == 0 ? "" : Columns[column - 1];

    /// <summary>Whether the first line (without BOM and line end) is the v1 header.</summary>
    public static bool IsHeader(ReadOnlySpan<byte> line) => TrimEnd(line).SequenceEqual(HeaderBytes);

    /// <summary>The line without its trailing carriage return.</summary>
    public static ReadOnlySpan<byte> TrimEnd(ReadOnlySpan<byte> line) =>
        !line.IsEmpty && line[^1] == (byte)'\r' ? line[..^1] : line;

    /// <summary>
    /// Validates one data line (without its line end) against the referential. On failure, <paramref name="column"/>
    /// (1-based, 0 = whole line) and <paramref name="reason"/> name the first problem in column order.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> line, ActivityReferential referential, out ActivityAct act, out byte column, out ActivityRejectReason reason)
    {
        ArgumentNullException.ThrowIfNull(referential);
        act = default;
        line = TrimEnd(line);

        Span<Range> fields = stackalloc Range[ColumnCount + 1];
        var count = Split(line, fields);
        if (count != ColumnCount) return Fail(0, ActivityRejectReason.ColumnCount, out column, out reason);

        // 1 patient_id
        if (!ActivityKeys.TryPatientKey(line[fields[0]], out act.Patient)) return Fail(1, ActivityRejectReason.PatientIdInvalid, out column, out reason);

        // 2 site_finess (key), 3 centre_id, then the site must be the centre's establishment
        // A site FINESS equal to its centre's valid one is valid: the key is computed only otherwise, to tell the reasons
        // apart in the same order as always (invalid FINESS, then unknown centre, then another establishment's FINESS).
        var finess = line[fields[1]];
        act.Centre = referential.FindCentre(line[fields[2]]);
        if (act.Centre < 0 || !referential.CentreFinessValid(act.Centre) || !finess.SequenceEqual(referential.CentreFiness(act.Centre)))
        {
            if (!IsValidFiness(finess)) return Fail(2, ActivityRejectReason.SiteFinessInvalid, out column, out reason);
            if (act.Centre < 0) return Fail(3, ActivityRejectReason.CentreUnknown, out column, out reason);
            return Fail(2, ActivityRejectReason.SiteFinessMismatch, out column, out reason);
        }

        // 4 activity_date, then the centre must be open that day
        if (!TryParseDate(line[fields[3]], out act.Year, out act.Day)) return Fail(4, ActivityRejectReason.ActivityDateInvalid, out column, out reason);
        if (act.Day >= referential.CentreClosedFromDay(act.Centre)) return Fail(3, ActivityRejectReason.CentreClosed, out column, out reason);

        // 5 activity_context, 6 stay_id
        if (!ActivityContexts.TryParse(line[fields[4]], out act.Context)) return Fail(5, ActivityRejectReason.ActivityContextUnknown, out column, out reason);
        var stay = line[fields[5]];
        if (act.Context.RequiresStay())
        {
            if (stay.IsEmpty) return Fail(6, ActivityRejectReason.StayIdMissing, out column, out reason);
            act.Stay = ActivityKeys.StayKey(act.Patient, stay);
        }
        else if (!stay.IsEmpty) return Fail(6, ActivityRejectReason.StayIdUnexpected, out column, out reason);

        // 7 orpha_code
        var orpha = line[fields[6]];
        if (!orpha.IsEmpty)
        {
            if (!TryParseInt(orpha, 7, out var code)) return Fail(7, ActivityRejectReason.OrphaCodeUnknown, out column, out reason);
            switch (referential.OrphaUsable(code))
            {
                case null: return Fail(7, ActivityRejectReason.OrphaCodeUnknown, out column, out reason);
                case false: return Fail(7, ActivityRejectReason.OrphaCodeInactive, out column, out reason);
            }
            act.Flags |= ActFlags.OrphaCoded;
        }

        // 8 diagnosis_status
        var status = line[fields[7]];
        if (!status.IsEmpty)
        {
            var s = IndexOf(DiagnosisStatuses, status);
            if (s < 0) return Fail(8, ActivityRejectReason.DiagnosisStatusUnknown, out column, out reason);
            if (s == 2) act.Flags |= ActFlags.Confirmed;
        }

        // 9 birth_year
        var birth = line[fields[8]];
        if (!birth.IsEmpty && (birth.Length != 4 || !TryParseInt(birth, 4, out _))) return Fail(9, ActivityRejectReason.BirthYearInvalid, out column, out reason);

        // 10 sex
        var sex = line[fields[9]];
        if (sex.Length != 1 || sex[0] is not ((byte)'F' or (byte)'M' or (byte)'I')) return Fail(10, ActivityRejectReason.SexInvalid, out column, out reason);

        // 11 residence
        if (!ResidenceCodes.TryRank(line[fields[10]], out act.Residence)) return Fail(11, ActivityRejectReason.ResidenceInvalid, out column, out reason);

        // 12 out_of_scope
        var oos = line[fields[11]];
        if (oos.Length != 1 || oos[0] is not ((byte)'0' or (byte)'1')) return Fail(12, ActivityRejectReason.OutOfScopeInvalid, out column, out reason);
        if (oos[0] == (byte)'1') act.Flags |= ActFlags.OutOfScope;

        column = 0;
        reason = default;
        return true;
    }

    private static bool Fail(byte col, ActivityRejectReason why, out byte column, out ActivityRejectReason reason)
    {
        column = col;
        reason = why;
        return false;
    }

    /// <summary>Splits on ';' into at most fields.Length ranges; returns the number of fields (capped at fields.Length).</summary>
    private static int Split(ReadOnlySpan<byte> line, Span<Range> fields)
    {
        var count = 0;
        var start = 0;
        while (count < fields.Length)
        {
            var i = line[start..].IndexOf((byte)';');
            if (i < 0)
            {
                fields[count++] = new Range(start, line.Length);
                return count;
            }
            fields[count++] = new Range(start, start + i);
            start += i + 1;
        }
        return count;
    }

    private static int IndexOf(byte[][] values, ReadOnlySpan<byte> text)
    {
        for (var i = 0; i < values.Length; i++)
            if (text.SequenceEqual(values[i])) return i;
        return -1;
    }

    private static bool TryParseInt(ReadOnlySpan<byte> digits, int maxDigits, out int value)
    {
        value = 0;
        if (digits.IsEmpty || digits.Length > maxDigits) return false;
        foreach (var b in digits)
        {
            var d = b - (byte)'0';
            if ((uint)d > 9) return false;
            value = value * 10 + d;
        }
        return true;
    }

    private const int MinYear = 1900;
    private const int MaxYear = 2100;
    private static readonly int[] YearStart = Enumerable.Range(MinYear, MaxYear - MinYear + 1).Select(y => new DateOnly(y, 1, 1).DayNumber).ToArray();
    private static readonly int[,] DaysInMonth = Months((y, m) => DateTime.DaysInMonth(y, m));
    private static readonly int[,] DaysBeforeMonth = Months((y, m) => new DateOnly(y, m, 1).DayOfYear - 1);

    private static int[,] Months(Func<int, int, int> f)
    {
        var t = new int[2, 13];
        for (var m = 1; m <= 12; m++)
        {
            t[0, m] = f(2023, m);
            t[1, m] = f(2024, m);
        }
        return t;
    }

    /// <summary>YYYY-MM-DD, a real calendar date with a year from 1900 to 2100.</summary>
    public static bool TryParseDate(ReadOnlySpan<byte> text, out int year, out int dayNumber)
    {
        year = dayNumber = 0;
        if (text.Length != 10 || text[4] != (byte)'-' || text[7] != (byte)'-') return false;
        if (!TryParseInt(text[..4], 4, out year) || !TryParseInt(text.Slice(5, 2), 2, out var month) || !TryParseInt(text.Slice(8, 2), 2, out var day)) return false;
        if (year is < MinYear or > MaxYear || month is < 1 or > 12 || day < 1) return false;
        var leap = DateTime.IsLeapYear(year) ? 1 : 0;
        if (day > DaysInMonth[leap, month]) return false;
        dayNumber = YearStart[year - MinYear] + DaysBeforeMonth[leap, month] + day - 1;
        return true;
    }

    /// <summary>A FINESS number with a valid Luhn key (2A/2B: the letter counts as 0), as ASCII bytes.</summary>
    public static bool IsValidFiness(ReadOnlySpan<byte> f)
    {
        if (f.Length != 9) return false;
        var corsica = f[0] == (byte)'2' && f[1] is (byte)'A' or (byte)'B';
        if (!corsica && f[0] == (byte)'0' && f[1] == (byte)'0') return false;
        var sum = 0;
        for (var i = 0; i < 9; i++)
        {
            int d;
            if (i == 1 && corsica) d = 0;
            else
            {
                d = f[i] - (byte)'0';
                if ((uint)d > 9) return false;
            }
            if ((8 - i) % 2 == 1)
            {
                d *= 2;
                if (d > 9) d -= 9;
            }
            sum += d;
        }
        return sum % 10 == 0;
    }
}
