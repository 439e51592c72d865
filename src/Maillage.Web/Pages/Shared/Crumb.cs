namespace Maillage.Web.Pages.Shared;

/// <summary>One step of a breadcrumb; the last one (the current page) has no link.</summary>
public sealed record Crumb(string Text, string? Href = null);
