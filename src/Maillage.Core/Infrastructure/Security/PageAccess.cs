using Maillage.Core.Features.Activity;
using Maillage.Core.Features.Budget;
using Maillage.Core.Features.Committee;
using Maillage.Core.Features.Funding;
using Maillage.Core.Features.Registry;

namespace Maillage.Core.Infrastructure.Security;

/// <summary>A place a menu, a tile or a navigation link leads to, whose opening depends on the caller.</summary>
public enum Destination
{
    /// <summary>Registry import and export (/registre).</summary>
    RegistryTransfer,
    /// <summary>Heads reaching the age limit (/registre/limite-d-age).</summary>
    HeadAgeAlerts,
    /// <summary>Annual reports (/rapports).</summary>
    Reports,
    /// <summary>Compliance dashboard over the stored reports (/conformite/tableau-de-bord).</summary>
    ComplianceDashboard,
    /// <summary>Measured activity (/activite).</summary>
    Activity,
    /// <summary>Import of activity extracts (/activite/import).</summary>
    ActivityImport,
    /// <summary>The MIG budget chain (/financement/budget).</summary>
    Budget,
    /// <summary>The follow-up committee's funding simulator (/financement/simulateur).</summary>
    FundingSimulator,
    /// <summary>Procedures, calls and the yearly list (/procedures…).</summary>
    Procedures,
    /// <summary>The follow-up committee of the labelling (/comite-de-suivi).</summary>
    Committee,
    /// <summary>Associations' surveys (/associations/enquetes).</summary>
    Surveys,
    /// <summary>Personal API tokens (/compte/jetons).</summary>
    ApiTokens,
    /// <summary>Accounts' e-mail and RPPS (/administration/comptes).</summary>
    Accounts,
}

/// <summary>
/// Whether a caller may open a destination, asked by the menus and tiles so that they show only what opens (issue 13,
/// §3: no link that answers 403). Each case delegates to the rule the destination's own Core service applies — never a
/// second copy of it — so a menu and its page cannot disagree.
/// </summary>
public static class PageAccess
{
    public static bool CanOpen(Caller caller, Destination destination)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return destination switch
        {
            Destination.RegistryTransfer => RegistryTransfer.CanExport(caller),
            Destination.HeadAgeAlerts => HeadAgeAlerts.CanRead(caller),
            Destination.Reports => caller.IsAuthenticated,
            Destination.ComplianceDashboard => caller.IsAuthenticated,
            Destination.Activity => caller.IsAuthenticated,
            Destination.ActivityImport => ActivityImporter.CanImport(caller),
            Destination.Budget => Passes(() => BudgetService.AuthoriseRead(caller)),
            Destination.FundingSimulator => Passes(() => FundingSimulator.Authorise(caller)),
            Destination.Procedures => caller.IsAuthenticated,
            Destination.Committee => CommitteeService.MayRead(caller),
            Destination.Surveys => Features.Associations.AssociationSpaceService.HasSurveys(caller),
            Destination.ApiTokens => caller.IsAuthenticated,
            Destination.Accounts => Features.Accounts.AccountAdmin.CanManage(caller),
        };
    }

    private static bool Passes(Action authorise)
    {
        try
        {
            authorise();
            return true;
        }
        catch (AccessRefusedException)
        {
            return false;
        }
    }
}
