using System.ComponentModel.DataAnnotations;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Cms;
using LifeTimeCircle.Infrastructure.Cms;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LifeTimeCircle.Pages.Redaktion;

/// <summary>The review (admin, superadmin): approve, or send back to the author with a comment. Moderators get 403.</summary>
[Authorize(Policy = Policies.Admin)]
public sealed class PruefenModel(Editorial editorial) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public ArticleDesk Desk { get; private set; } = null!;

    public sealed class InputModel
    {
        [StringLength(Article.MaxReviewNoteLength, ErrorMessage = "Der Kommentar darf höchstens 1.200 Zeichen lang sein.")]
        public string? ReviewNote { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(string articleId, CancellationToken ct) =>
        await LoadAsync(articleId, ct) is null ? NotFound() : Page();

    public Task<IActionResult> OnPostApproveAsync(string articleId, CancellationToken ct) =>
        ActAsync(articleId, a => editorial.ApproveAsync(User.Editor(), a, Input.ReviewNote, ct), "Der Beitrag ist freigegeben. Ein Superadmin kann ihn jetzt veröffentlichen.", ct);

    public Task<IActionResult> OnPostSendBackAsync(string articleId, CancellationToken ct) =>
        ActAsync(articleId, a => editorial.SendBackAsync(User.Editor(), a, Input.ReviewNote, ct), "Der Beitrag ist mit Ihrem Kommentar an die Redaktion zurückgegeben.", ct);

    private async Task<IActionResult> ActAsync(string articleId, Func<Article, Task> act, string done, CancellationToken ct)
    {
        var article = await LoadAsync(articleId, ct);
        if (article is null) return NotFound();
        if (!ModelState.IsValid) return Page();
        try
        {
            await act(article);
            TempData["StatusMessage"] = done;
            return RedirectToPage("/Redaktion/Beitrag", new { articleId });
        }
        catch (DomainException ex)
        {
            ModelState.AddDomainError(ex);
            Desk = await ArticleDesk.LoadAsync(editorial, article, ct);
            return Page();
        }
    }

    private async Task<Article?> LoadAsync(string articleId, CancellationToken ct)
    {
        var article = await editorial.FindAsync(User.Editor(), articleId, ct);
        if (article is not null) Desk = await ArticleDesk.LoadAsync(editorial, article, ct);
        return article;
    }
}
