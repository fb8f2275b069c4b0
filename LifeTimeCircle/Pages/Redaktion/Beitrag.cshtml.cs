using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Cms;
using LifeTimeCircle.Infrastructure.Cms;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LifeTimeCircle.Pages.Redaktion;

/// <summary>One article on the editorial desk: state, preview, changes since the last review; a draft is submitted here.</summary>
public sealed class BeitragModel(Editorial editorial) : PageModel
{
    public ArticleDesk Desk { get; private set; } = null!;
    public string Role { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(string articleId, CancellationToken ct)
    {
        var article = await editorial.FindAsync(User.Editor(), articleId, ct);
        if (article is null) return NotFound();
        await ShowAsync(article, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostSubmitAsync(string articleId, CancellationToken ct)
    {
        var article = await editorial.FindAsync(User.Editor(), articleId, ct);
        if (article is null) return NotFound();
        try
        {
            await editorial.SubmitAsync(User.Editor(), article, ct);
            TempData["StatusMessage"] = "Der Beitrag ist zur Prüfung eingereicht.";
            return RedirectToPage(new { articleId });
        }
        catch (DomainException ex)
        {
            ModelState.AddDomainError(ex);
            await ShowAsync(article, ct);
            return Page();
        }
    }

    private async Task ShowAsync(Article article, CancellationToken ct)
    {
        Role = User.PrimaryRole();
        Desk = await ArticleDesk.LoadAsync(editorial, article, ct);
    }
}
