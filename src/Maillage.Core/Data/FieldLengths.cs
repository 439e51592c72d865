using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Maillage.Core.Data;

/// <summary>
/// A text longer than its field allows, found before anything was written. <see cref="Field"/> is the property as the API
/// spells it (snake_case, e.g. <c>first_name</c>); the message is French and names it.
/// </summary>
public sealed class FieldLengthException(string entity, string property, int length, int max)
    : Exception($"Champ « {JsonNamingPolicy.SnakeCaseLower.ConvertName(property)} » : {length} caractères, au plus {max}.")
{
    public string Entity { get; } = entity;
    public string Property { get; } = property;
    public string Field { get; } = JsonNamingPolicy.SnakeCaseLower.ConvertName(property);
    public int Length { get; } = length;
    public int Max { get; } = max;
}

/// <summary>
/// One check of every declared maximum length on every write, whichever service writes: before SaveChanges, each added
/// or modified string property is measured against the EF model's <c>GetMaxLength()</c> (the varchar(n) of PostgreSQL;
/// SQLite would store any length). The first one too long throws <see cref="FieldLengthException"/>; nothing is written.
/// Registered for every host by <see cref="DatabaseOptions.Configure"/>.
/// </summary>
public sealed class FieldLengthInterceptor : SaveChangesInterceptor
{
    public static FieldLengthInterceptor Instance { get; } = new();

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
                if (p.Metadata.ClrType != typeof(string) || p.Metadata.GetMaxLength() is not { } max) continue;
                if (entry.State == EntityState.Modified && !p.IsModified) continue;
                if (p.CurrentValue is string s && s.Length > max)
                    throw new FieldLengthException(entry.Metadata.ClrType.Name, p.Metadata.Name, s.Length, max);
            }
        }
    }
}
