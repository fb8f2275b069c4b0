using LifeTimeCircle.Domain;
using LifeTimeCircle.Infrastructure.Cms;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LifeTimeCircle.Pages.Redaktion;

/// <summary>A new draft (moderator, admin, superadmin): rendered and sanitised on save, then the article's page with the preview.</summary>
public sealed class NeuModel(Editorial editorial) : PageModel
{
    [BindProperty]
    public ArticleInput Input { get; set; } = new();

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid) return Page();
        try
        {
            var article = await editorial.CreateAsync(User.Editor(), Input.Kind!.Value, Input.Slug, Input.ToText(), ct);
            TempData["StatusMessage"] = "Der Entwurf ist gespeichert. Unten sehen Sie die Vorschau.";
            return RedirectToPage("/Redaktion/Beitrag", new { articleId = article.PublicId });
        }
        catch (DomainException ex)
        {
            ModelState.AddDomainError(ex);
            return Page();
        }
    }
}
