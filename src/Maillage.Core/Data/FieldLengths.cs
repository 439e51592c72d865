using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Maillage.Core.Data;

/// <summary>
/// A text value a field cannot take, found before anything was written. <see cref="Field"/> is the property as the API
/// spells it (snake_case, e.g. <c>first_name</c>); the message is French and names it.
/// </summary>
public class FieldValueException(string entity, string property, string message) : Exception(message)
{
    public string Entity { get; } = entity;
    public string Property { get; } = property;
    public string Field { get; } = JsonNamingPolicy.SnakeCaseLower.ConvertName(property);
}

/// <summary>A text longer than its field allows.</summary>
public sealed class FieldLengthException(string entity, string property, int length, int max)
    : FieldValueException(entity, property, $"Champ « {JsonNamingPolicy.SnakeCaseLower.ConvertName(property)} » : {length} caractères, au plus {max}.")
{
    public int Length { get; } = length;
    public int Max { get; } = max;
}

/// <summary>
/// One check of every declared maximum length on every write, whichever service writes: before SaveChanges, each added
/// or modified string property is measured against the EF model's <c>GetMaxLength()</c> (the varchar(n) of PostgreSQL;
/// SQLite would store any length), or against <see cref="UndeclaredTextMax"/> when none is declared. The first one too long throws <see cref="FieldLengthException"/>; nothing is written.
/// Registered for every host by <see cref="DatabaseOptions.Configure"/>.
/// </summary>
public sealed class FieldLengthInterceptor : SaveChangesInterceptor
{
    public static FieldLengthInterceptor Instance { get; } = new();

    /// <summary>
    /// A text column without a declared length (<c>text</c> in PostgreSQL) still takes no more than this from a client: no
    /// field of the registry, the reports or the procedures needs a million characters. Audit snapshots are exempt (they
    /// copy fields already checked).
    /// </summary>
    public const int UndeclaredTextMax = 1_000_000;

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Check(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        Check(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public static void Check(DbContext? db)
    {
        if (db is null) return;
        foreach (var entry in db.ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified)) continue;
            foreach (var p in entry.Properties)
            {
                if (p.Metadata.ClrType != typeof(string)) continue;
                var max = p.Metadata.GetMaxLength() ?? (entry.Entity is Infrastructure.Auditing.AuditEntry ? int.MaxValue : UndeclaredTextMax);
                if (entry.State == EntityState.Modified && !p.IsModified) continue;
                if (p.CurrentValue is not string s) continue;
                if (s.Length > max)
                    throw new FieldLengthException(entry.Metadata.ClrType.Name, p.Metadata.Name, s.Length, max);
                // PostgreSQL's text cannot hold U+0000 (SQLite would): refused on both.
                if (s.Contains('\0', StringComparison.Ordinal))
                    throw new FieldValueException(entry.Metadata.ClrType.Name, p.Metadata.Name,
                        $"Champ « {JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Metadata.Name)} » : le caractère nul (U+0000) n'est pas accepté.");
            }
        }
    }
}
