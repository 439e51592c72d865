namespace Maillage.Web.Api;

// JSON shapes shared by several API features (snake_case).

/// <summary>One page of a list: the items, the total across pages, the page asked for and whether the data is the fictitious demo.</summary>
public sealed record PageDto<T>(IReadOnlyList<T> Items, int Total, int Page, int PageSize, bool FictitiousDemoData);

/// <summary>One error of an all-or-nothing import, located by file, line and column.</summary>
public sealed record ImportErrorDto(string File, int Line, string Column, string Message);
