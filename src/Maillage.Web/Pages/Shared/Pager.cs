namespace Maillage.Web.Pages.Shared;

/// <summary>Model of the DSFR pagination (<c>_Pager</c>): current page, page count and the link of a page.</summary>
public sealed record Pager(int Page, int PageCount, Func<int, string> Href);
