using System.Globalization;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Core.Data;

/// <summary>Readable ids made by the application: a stem and a number one above the highest already taken (SUC-2026-0001, SCN-2024-001…).</summary>
public static class SequentialIds
{
    /// <param name="ids">The ids of the table (a query; only those starting with <paramref name="stem"/> are read).</param>
    /// <param name="format">The number's format, e.g. "0000".</param>
    public static async Task<string> NextAsync(IQueryable<string> ids, string stem, string format, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentNullException.ThrowIfNull(stem);
        var taken = await ids.Where(x => x.StartsWith(stem)).ToListAsync(ct);
        var next = taken.Select(x => int.TryParse(x.AsSpan(stem.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0).DefaultIfEmpty(0).Max() + 1;
        return stem + next.ToString(format, CultureInfo.InvariantCulture);
    }
}
