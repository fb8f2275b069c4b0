using System.ComponentModel.DataAnnotations;
using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Support;
using LifeTimeCircle.Infrastructure.Support;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Pages.Tarife;

/// <summary>
/// „Upgrade anfragen“: a signed-in account on the free plan files one request (VIP or one more vehicle) that admins
/// see in the support inbox („Anfragen“) and the user under „Meine Anfragen“. One open upgrade request at a time; the
/// message is the user's own words (never audited).
/// </summary>
public sealed class AnfrageModel(AppDbContext db, SupportInbox inbox) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Bitte wählen Sie, was Sie anfragen.")]
        public SupportTopic? Topic { get; set; }

        [StringLength(SupportRequest.MaxMessageLength, ErrorMessage = "Die Nachricht darf höchstens {1} Zeichen lang sein.")]
        public string? Message { get; set; }
    }

    /// <summary>VIP, dealer and staff accounts have unlimited vehicles already: no form.</summary>
    public bool FreePlan => User.IsInRole(Roles.User);

    public DateTimeOffset? OpenSince { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => OpenSince = await OpenSinceAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        OpenSince = await OpenSinceAsync(ct);
        if (!FreePlan || OpenSince is not null) return Page();
        if (!ModelState.IsValid) return Page();
        if (Input.Topic is not (SupportTopic.UpgradeVip or SupportTopic.UpgradeVehicle))
        {
            ModelState.AddModelError("Input.Topic", "Bitte wählen Sie, was Sie anfragen.");
            return Page();
        }
        try
        {
            var (_, refusal) = await inbox.CreateForAccountAsync(User.UserId(), Input.Topic.Value, Input.Message, ct);
            if (refusal is not null)
            {
                ModelState.AddModelError("", refusal);
                return Page();
            }
        }
        catch (DomainException ex)
        {
            ModelState.AddModelError("Input." + (ex.Field ?? "Message"), ex.Message);
            return Page();
        }
        TempData["StatusMessage"] = "Ihre Anfrage ist eingegangen. Wir melden uns per E-Mail; den Verlauf finden Sie im Profil unter „Meine Anfragen“.";
        return RedirectToPage();
    }

    private Task<DateTimeOffset?> OpenSinceAsync(CancellationToken ct) =>
        db.SupportRequests.AsNoTracking().Where(r => r.UserId == User.UserId() && r.Status != SupportStatus.Geloest
            && (r.Topic == SupportTopic.UpgradeVip || r.Topic == SupportTopic.UpgradeVehicle))
            .OrderBy(r => r.CreatedAt).Select(r => (DateTimeOffset?)r.CreatedAt).FirstOrDefaultAsync(ct);
}
