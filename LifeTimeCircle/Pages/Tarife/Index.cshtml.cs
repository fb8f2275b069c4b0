using LifeTimeCircle.Infrastructure.Legal;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LifeTimeCircle.Pages.Tarife;

/// <summary>
/// Public „Tarife“ page (issue 19 item 1): what each plan includes, as built today, and how to pay as the operator
/// writes it (<c>zahlung.md</c> in the legal folder). Signed-in users are led to „Upgrade anfragen“.
/// </summary>
public sealed class IndexModel(LegalDocuments legal) : PageModel
{
    public LegalDocument Payment => legal.Text(OperatorText.Zahlung);

    public bool SignedIn => User.Identity?.IsAuthenticated == true;

    public void OnGet()
    {
    }
}
