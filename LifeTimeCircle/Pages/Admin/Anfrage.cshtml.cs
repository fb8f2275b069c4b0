using System.ComponentModel.DataAnnotations;
using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Support;
using LifeTimeCircle.Infrastructure.Support;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Pages.Admin;

/// <summary>
/// One request of the support inbox: the thread, a reply (mailed — to an account as a link to its thread, to a visitor
/// with the text) and the status: offen → in Prüfung → gelöst. Replies and changes are audited without the text.
/// </summary>
public sealed class AnfrageModel(AppDbContext db, SupportInbox inbox) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Bitte schreiben Sie eine Antwort.")]
        [StringLength(SupportRequest.MaxMessageLength, ErrorMessage = "Die Antwort darf höchstens {1} Zeichen lang sein.")]
        public string Body { get; set; } = "";
    }

    public SupportRequest Item { get; private set; } = null!;
    public string Sender { get; private set; } = "";
    public IReadOnlyList<ThreadMessage> Thread { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string requestId, CancellationToken ct) => await LoadAsync(requestId, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostReplyAsync(string requestId, CancellationToken ct)
    {
        if (!await LoadAsync(requestId, ct)) return NotFound();
        if (!ModelState.IsValid) return Page();
        try
        {
            await inbox.ReplyAsync(Item, User.UserId(), Input.Body, ct);
        }
        catch (DomainException ex)
        {
            ModelState.AddModelError("Input.Body", ex.Message);
            return Page();
        }
        TempData["StatusMessage"] = "Antwort gesendet.";
        return RedirectToPage(new { requestId });
    }

    public Task<IActionResult> OnPostReviewAsync(string requestId, CancellationToken ct) => SetStatusAsync(requestId, SupportStatus.InPruefung, "Die Anfrage ist in Prüfung.", ct);

    public Task<IActionResult> OnPostResolveAsync(string requestId, CancellationToken ct) => SetStatusAsync(requestId, SupportStatus.Geloest, "Die Anfrage ist gelöst.", ct);

    private async Task<IActionResult> SetStatusAsync(string requestId, SupportStatus status, string done, CancellationToken ct)
    {
        if (!await LoadAsync(requestId, ct)) return NotFound();
        TempData["StatusMessage"] = await inbox.SetStatusAsync(Item, User.UserId(), status, ct) ? done : "Der Status war bereits geändert.";
        return RedirectToPage(new { requestId });
    }

    private async Task<bool> LoadAsync(string requestId, CancellationToken ct)
    {
        var request = await db.SupportRequests.SingleOrDefaultAsync(r => r.PublicId == requestId, ct);
        if (request is null) return false;
        Item = request;
        Sender = request.UserId is null
            ? Display.MaskedEmail(request.ContactEmail) + " (ohne Konto)"
            : Display.MaskedEmail(await db.Users.Where(u => u.Id == request.UserId).Select(u => u.Email).SingleOrDefaultAsync(ct));
        Thread = await inbox.ThreadAsync(request, ct);
        return true;
    }
}
