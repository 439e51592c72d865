using Maillage.Domain.Procedures;

namespace Maillage.Core.Infrastructure.Validation;

public enum EditStatus
{
    Ok,
    NotFound,
    Forbidden,
    Invalid,
    Conflict,
    /// <summary>The write was made from a version that is no longer the stored one.</summary>
    Stale,
}

/// <summary>
/// The outcome of a write of the follow-up committee and the associations' space: field errors (snake_case field,
/// French message) for forms and problem details; the id written; the version after the write, or the stored one when stale.
/// </summary>
public sealed record EditResult(EditStatus Status, IReadOnlyList<FieldError> Errors, string? Id = null, int? Version = null)
{
    public static EditResult Ok(string id, int version) => new(EditStatus.Ok, [], id, version);
    public static readonly EditResult NotFound = new(EditStatus.NotFound, []);
    public static readonly EditResult Forbidden = new(EditStatus.Forbidden, []);
    public static EditResult Invalid(params FieldError[] errors) => new(EditStatus.Invalid, errors);
    public static EditResult Invalid(IReadOnlyList<FieldError> errors) => new(EditStatus.Invalid, errors);
    public static EditResult Conflict(string field, string message) => new(EditStatus.Conflict, [new FieldError(field, message)]);
    public static EditResult Stale(string id, string message, int current) => new(EditStatus.Stale, [new FieldError("version", message)], id, current);

    /// <summary>Checks a text: required or not, at most <paramref name="max"/> characters; adds the French error.</summary>
    public static string? Text(List<FieldError> errors, string field, string label, string? value, int max, bool required)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var v = string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        if (v is null && required) errors.Add(new FieldError(field, $"{label} : obligatoire."));
        else if (v is not null && v.Length > max) errors.Add(new FieldError(field, $"{label} : {v.Length} caractères, au plus {max}."));
        return v;
    }
}
