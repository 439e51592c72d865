namespace Maillage.Domain.Reports;

/// <summary>Where one required item of a report stands before submission.</summary>
public enum ChecklistState
{
    /// <summary>Filled with a valid value.</summary>
    Complete,
    /// <summary>Required and empty.</summary>
    Missing,
    /// <summary>Filled, but a value is invalid (kept as typed in the draft, with its warning).</summary>
    Invalid,
}

/// <summary>
/// One line of a report's completeness checklist: its section, the field's snake_case path (the API's and the warnings'),
/// its French label, its state and, unless complete, what to do.
/// </summary>
public sealed record ChecklistItem(string Section, string Field, string Label, ChecklistState State, string? Message);

/// <summary>The completeness checklist computed before a submission: a report is submitted only when every item is complete.</summary>
public sealed record ReportChecklist(IReadOnlyList<ChecklistItem> Items)
{
    public bool Complete => Items.All(i => i.State == ChecklistState.Complete);

    public static readonly EnumTable<ChecklistState> States = new(v => v switch
    {
        ChecklistState.Complete => ("complete", "complet"),
        ChecklistState.Missing => ("missing", "manquant"),
        ChecklistState.Invalid => ("invalid", "à corriger"),
    });
}
