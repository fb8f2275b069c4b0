using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Cms;
using LifeTimeCircle.Infrastructure.Cms;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LifeTimeCircle.Pages.Redaktion;

/// <summary>
/// An article's cover and body images (issue 20, ADR 0024): upload (works without JavaScript), choose or remove the cover,
/// delete after a confirmation. The same reach as the edit page: a moderator only their own articles, another is not found.
/// </summary>
public sealed class BilderModel(Editorial editorial, ArticleImages images) : PageModel
{
    [BindProperty]
    public ImageInput Bild { get; set; } = new();

    [BindProperty]
    public string? ImageId { get; set; }

    public ImageDesk Desk { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string articleId, string? loeschen, CancellationToken ct) =>
        await editorial.FindAsync(User.Editor(), articleId, ct) is { } article ? await ShowAsync(article, loeschen, ct) : NotFound();

    public async Task<IActionResult> OnPostUploadAsync(string articleId, CancellationToken ct)
    {
        if (await editorial.FindAsync(User.Editor(), articleId, ct) is not { } article) return NotFound();
        if (Bild.Datei is not { Length: > 0 }) ModelState.AddModelError("Bild.Datei", "Bitte wählen Sie ein Bild aus.");
        if (!ModelState.IsValid) return await ShowAsync(article, null, ct);
        try
        {
            if (await images.UploadAsync(User.Editor(), article, Bild.Datei!, Bild.AltText, Bild.Titelbild, ct) is { } refusal)
            {
                ModelState.AddModelError("Bild.Datei", refusal.Message);
                return await ShowAsync(article, null, ct);
            }
        }
        catch (DomainException ex)
        {
            ModelState.AddDomainError(ex, "Bild");
            return await ShowAsync(article, null, ct);
        }
        TempData["StatusMessage"] = "Das Bild wurde hochgeladen und wird geprüft.";
        return RedirectToPage("/Redaktion/Bilder", new { articleId });
    }

    public Task<IActionResult> OnPostCoverAsync(string articleId, CancellationToken ct) =>
        ChangeAsync(articleId, "Das Titelbild wurde gewählt.", (article, c) => images.SetCoverAsync(User.Editor(), article, ImageId ?? "", c), ct);

    public Task<IActionResult> OnPostNoCoverAsync(string articleId, CancellationToken ct) =>
        ChangeAsync(articleId, "Der Beitrag hat kein Titelbild mehr.", (article, c) => images.SetCoverAsync(User.Editor(), article, null, c), ct);

    public Task<IActionResult> OnPostDeleteAsync(string articleId, CancellationToken ct) =>
        ChangeAsync(articleId, "Das Bild wurde gelöscht.", (article, c) => images.DeleteAsync(User.Editor(), article, ImageId ?? "", c), ct);

    /// <summary>Cover and delete: an image the article does not have is not found; a state that forbids it is the German reason.</summary>
    private async Task<IActionResult> ChangeAsync(string articleId, string done, Func<Article, CancellationToken, Task<bool>> change, CancellationToken ct)
    {
        if (await editorial.FindAsync(User.Editor(), articleId, ct) is not { } article) return NotFound();
        try
        {
            if (!await change(article, ct)) return NotFound();
        }
        catch (DomainException ex)
        {
            ModelState.AddDomainError(ex, "Bild");
            return await ShowAsync(article, null, ct);
        }
        TempData["StatusMessage"] = done;
        return RedirectToPage("/Redaktion/Bilder", new { articleId });
    }

    private async Task<IActionResult> ShowAsync(Article article, string? confirm, CancellationToken ct)
    {
        Desk = new ImageDesk(article.PublicId, ArticleWorkflow.May(User.PrimaryRole(), article.State, ArticleAction.Edit), await images.ListAsync(article, ct), confirm);
        return Page();
    }
}
