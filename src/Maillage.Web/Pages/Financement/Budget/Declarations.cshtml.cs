using System.Globalization;
using Maillage.Core.Features.Budget;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain.Funding;
using Microsoft.AspNetCore.Mvc;

namespace Maillage.Web.Pages.Financement.Budget;

/// <summary>
/// The ARS check of the credits: an establishment's direction declares the use of its credits per centre; the ARS of its
/// region validates or raises a reserve; the national administration sees everything. Scope from <see cref="BudgetService"/>.
/// </summary>
public sealed class DeclarationsModel(BudgetService budget) : BudgetPageModel(budget)
{
    [BindProperty(SupportsGet = true, Name = "annee")] public int Annee { get; set; }
    [BindProperty] public string? Finess { get; set; }
    [BindProperty] public string? Line { get; set; }
    [BindProperty] public string? CentreId { get; set; }
    [BindProperty] public string? Amount { get; set; }
    [BindProperty] public string? Comment { get; set; }
    [BindProperty] public string? Id { get; set; }
    [BindProperty] public string? Decision { get; set; }
    [BindProperty] public int? Version { get; set; }

    public IReadOnlyList<DeclarationRow> Rows { get; private set; } = [];
    public IReadOnlyList<(string Id, string Name)> Centres { get; private set; } = [];
    public bool CanDeclare => Me is { IsAuthenticated: true, Role: UserRole.Establishment } || IsNational;
    public bool CanReview => Me is { IsAuthenticated: true, Role: UserRole.RegionalAgency } || IsNational;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await RunAsync(() => LoadAsync(ct)) ?? Page();

    public async Task<IActionResult> OnPostDeclareAsync(CancellationToken ct)
    {
        var refused = await RunAsync(async () =>
        {
            BudgetService.AuthoriseRead(Me);
            var finess = IsNational ? Finess ?? "" : Me.ScopeId ?? "";
            await Budget.DeclareAsync(Me, new DeclarationInput(Annee, finess, BudgetCodes.Line(Line), CentreId ?? "", Euros(Amount, "amount"), Comment), Version, ct);
        });
        return await AfterAsync(refused, "Déclaration enregistrée : l'ARS la vérifiera.", ct);
    }

    public async Task<IActionResult> OnPostReviewAsync(CancellationToken ct)
    {
        var refused = await RunAsync(async () =>
        {
            BudgetService.AuthoriseRead(Me);
            await Budget.ReviewAsync(Me, Id ?? "", BudgetCodes.Decision(Decision), Comment, Version, ct);
        });
        return await AfterAsync(refused, "Vérification enregistrée.", ct);
    }

    private async Task<IActionResult> AfterAsync(IActionResult? refused, string success, CancellationToken ct)
    {
        if (refused is not null) return refused;
        if (Succeeded)
        {
            TempData["Success"] = success;
            return Redirect($"{Routes.Pages.Budget}/declarations?annee={Annee.ToString(CultureInfo.InvariantCulture)}");
        }
        return await RunAsync(() => LoadAsync(ct)) ?? Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Rows = await Budget.DeclarationsAsync(Me, Annee, null, ct);
        if (Me is { Role: UserRole.Establishment, ScopeId: { } ej }) Centres = await Budget.CentresOfAsync(Me, ej, ct);
    }

    public static string Status(BudgetDeclarationStatus s) => MigLines.DeclarationStatuses.Label(s);
}
