using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Cms;
using LifeTimeCircle.Infrastructure.Cms;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LifeTimeCircle.Pages.Redaktion;

/// <summary>
/// Edits the text of a draft or an approved article (which becomes a draft again); every save is a new revision.
/// A moderator reaches only their own articles; another article is not found.
/// </summary>
public sealed class BearbeitenModel(Editorial editorial) : PageModel
{
    [BindProperty]
    public ArticleInput Input { get; set; } = new();

    public string ArticleId { get; private set; } = "";
    public ArticleState State { get; private set; }

    /// <summary>The article's images and the (unbound) upload form, which posts to /Redaktion/Bilder (ADR 0024).</summary>
    public ImageDesk Images { get; private set; } = null!;
    public ImageInput Bild { get; } = new();

    public async Task<IActionResult> OnGetAsync(string articleId, CancellationToken ct)
    {
        var article = await editorial.FindAsync(User.Editor(), articleId, ct);
        if (article is null) return NotFound();
        await ShowAsync(article, ct);
        Input = new ArticleInput { Kind = article.Kind, Title = article.Title, Slug = article.Slug, Teaser = article.Teaser, Markdown = article.Markdown };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string articleId, CancellationToken ct)
    {
        var article = await editorial.FindAsync(User.Editor(), articleId, ct);
        if (article is null) return NotFound();
        await ShowAsync(article, ct);
        ModelState.Remove("Input.Kind"); // the kind is fixed at creation
        if (!ModelState.IsValid) return Page();
        try
        {
            await editorial.EditAsync(User.Editor(), article, Input.Slug, Input.ToText(), ct);
            TempData["StatusMessage"] = "Gespeichert.";
            return RedirectToPage("/Redaktion/Beitrag", new { articleId });
        }
        catch (DomainException ex)
        {
            ModelState.AddDomainError(ex);
            return Page();
        }
    }

    private async Task ShowAsync(Article article, CancellationToken ct)
    {
        ArticleId = article.PublicId;
        State = article.State;
        Images = new ImageDesk(article.PublicId, ArticleWorkflow.May(User.PrimaryRole(), article.State, ArticleAction.Edit), await editorial.ImagesAsync(article, ct));
    }
}
