using System.Globalization;
using Maillage.Core.Infrastructure.Validation;

namespace Maillage.Web.Pages.Shared;

/// <summary>
/// The page number of a paged list page, read from the query string by hand: "page" is also Razor Pages' own route value,
/// so it cannot be a bound property. Not a number, or below 1: the first page; above <see cref="InputRanges.MaxPage"/>:
/// that page (the lists clamp past their last page themselves).
/// </summary>
public static class PageQuery
{
    public static int Number(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return int.TryParse(request.Query["page"], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? Math.Clamp(n, 1, InputRanges.MaxPage) : 1;
    }
}
