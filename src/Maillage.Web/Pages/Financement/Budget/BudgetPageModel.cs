using Maillage.Core.Features.Budget;
using Maillage.Core.Features.Compliance;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain.Funding;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Web.Pages.Financement.Budget;

/// <summary>
/// The budget chain's pages: parse, call <see cref="BudgetService"/> with the caller, map its refusals (sign-in, 403,
/// 404), its rules (messages in the form, input kept) and a stale version (the conflict banner, input kept).
/// </summary>
public abstract class BudgetPageModel(BudgetService budget) : PageModel
{
    protected BudgetService Budget => budget;

    protected Caller Me => Caller.From(User);

    /// <summary>Set on a stale save: who changed the object in between, and when.</summary>
    public string? Conflict { get; private set; }

    public bool IsNational => Me is { IsAuthenticated: true, Role: UserRole.NationalAdmin };

    /// <summary>Runs a read or a write; null when it went through or its rule was refused (errors in ModelState); else the refusal to answer.</summary>
    protected async Task<IActionResult?> RunAsync(Func<Task> action)
    {
        try
        {
            await action();
            return null;
        }
        catch (AccessRefusedException e)
        {
            return e.Unauthenticated && User.Identity?.IsAuthenticated != true ? Challenge() : StatusCode(StatusCodes.Status403Forbidden);
        }
        catch (BudgetNotFoundException)
        {
            return NotFound();
        }
        catch (BudgetRuleException e)
        {
            ModelState.AddModelError("", e.Message);
        }
        catch (BudgetStaleException e)
        {
            Conflict = e.Message;
        }
        catch (FundingInputException e)
        {
            ModelState.AddModelError("", e.Message);
        }
        catch (InputFileException e)
        {
            ModelState.AddModelError("", e.Message);
        }
        return null;
    }

    /// <summary>Whether the last <see cref="RunAsync"/> went through (no rule error, no conflict).</summary>
    protected bool Succeeded => ModelState.IsValid && Conflict is null;

    /// <summary>Euros typed by a French user ("1 234,56", "-15000"); a rule error otherwise.</summary>
    protected static decimal Euros(string? text, string field)
    {
        var t = (text ?? "").Replace(" ", "", StringComparison.Ordinal).Replace("\u00a0", "", StringComparison.Ordinal).Replace("\u202f", "", StringComparison.Ordinal).Replace(',', '.').Trim();
        if (t.Length is 0 or > 20 || !decimal.TryParse(t, System.Globalization.NumberStyles.AllowLeadingSign | System.Globalization.NumberStyles.AllowDecimalPoint,
                System.Globalization.CultureInfo.InvariantCulture, out var euros))
            throw new BudgetRuleException(field, $"« {(text?.Length > 20 ? text[..20] + "…" : text)} » n'est pas un montant en euros (ex. 1234,56).");
        return euros;
    }

    public static string Money(decimal d) => Euro.FormatCents(d);
}
