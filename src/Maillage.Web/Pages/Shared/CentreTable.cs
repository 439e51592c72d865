using Maillage.Core.Features.Registry;

namespace Maillage.Web.Pages.Shared;

/// <summary>Model of the shared table of centres (<c>_CentreTable</c>).</summary>
public sealed record CentreTable(string Caption, IReadOnlyList<CentreRow> Rows, bool ShowNetwork = true, bool ShowEstablishment = true);
