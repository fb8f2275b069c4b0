using System.ComponentModel.DataAnnotations;
using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Support;
using LifeTimeCircle.Infrastructure.Support;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Pages.Profil;

/// <summary>
/// One of the account's requests as a thread (issue 19 item 3): its message, the operator's replies and its own
/// follow-ups in order, and a form to write again (which opens a solved request again). Another account's request is 404.
/// </summary>
public sealed class AnfrageModel(AppDbContext db, SupportInbox inbox) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Bitte schreiben Sie eine Nachricht.")]
        [StringLength(SupportRequest.MaxMessageLength, ErrorMessage = "Die Nachricht darf höchstens {1} Zeichen lang sein.")]
        public string Body { get; set; } = "";
    }

    public SupportRequest Item { get; private set; } = null!;
    public IReadOnlyList<ThreadMessage> Thread { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string requestId, CancellationToken ct) =>
        await LoadAsync(requestId, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(string requestId, CancellationToken ct)
    {
        if (!await LoadAsync(requestId, ct)) return NotFound();
        if (!ModelState.IsValid) return Page();
        try
        {
            await inbox.FollowUpAsync(Item, User.UserId(), Input.Body, ct);
        }
        catch (DomainException ex)
        {
            ModelState.AddModelError("Input.Body", ex.Message);
            return Page();
        }
        TempData["StatusMessage"] = "Ihre Nachricht ist eingegangen.";
        return RedirectToPage(new { requestId });
    }

    private async Task<bool> LoadAsync(string requestId, CancellationToken ct)
    {
        var me = User.UserId();
        var request = await db.SupportRequests.SingleOrDefaultAsync(r => r.PublicId == requestId && r.UserId == me, ct);
        if (request is null) return false;
        Item = request;
        Thread = await inbox.ThreadAsync(request, ct);
        return true;
    }
}
