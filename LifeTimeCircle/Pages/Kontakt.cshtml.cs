using System.ComponentModel.DataAnnotations;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Support;
using LifeTimeCircle.Infrastructure.Support;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LifeTimeCircle.Pages;

/// <summary>
/// The contact form for visitors without an account (issue 19 item 3, linked from the footer): address, topic, message.
/// Rate-limited per client (LTC_RATELIMIT_CODESEND) and with a honeypot field instead of a third-party captcha. Every
/// input that passes validation gets the same answer — kept, dropped as spam or over the per-address limit — and no
/// mail goes out now: only an admin's reply, and only to the given address. Signed-in accounts write from the profile.
/// </summary>
public sealed class KontaktModel(SupportInbox inbox, ILogger<KontaktModel> logger) : PageModel
{
    public const string Received = "Vielen Dank, Ihre Nachricht ist eingegangen. Wir antworten per E-Mail an die angegebene Adresse.";

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public sealed class InputModel
    {
        [StringLength(SupportRequest.MaxNameLength, ErrorMessage = "Der Name darf höchstens {1} Zeichen lang sein.")]
        public string? Name { get; set; }

        [Required(ErrorMessage = "Bitte geben Sie Ihre E-Mail-Adresse ein, damit wir antworten können.")]
        [MailAddress]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "Bitte wählen Sie ein Thema.")]
        public SupportTopic? Topic { get; set; }

        [Required(ErrorMessage = "Bitte schreiben Sie uns Ihre Nachricht.")]
        [StringLength(SupportRequest.MaxMessageLength, ErrorMessage = "Die Nachricht darf höchstens {1} Zeichen lang sein.")]
        public string Message { get; set; } = "";

        /// <summary>The honeypot: hidden from people (and assistive technology), filled in by form-filling bots.</summary>
        [StringLength(200)]
        public string? Website { get; set; }
    }

    public IActionResult OnGet() => Roles.Product.Any(User.IsInRole) ? RedirectToPage("/Profil/NeueAnfrage") : Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!string.IsNullOrEmpty(Input.Website))
        {
            logger.LogInformation("Contact form honeypot filled; message discarded");
            return Done();
        }
        if (!ModelState.IsValid) return Page();
        try
        {
            await inbox.CreateForVisitorAsync(Input.Email, Input.Name, Input.Topic!.Value, Input.Message, ct);
        }
        catch (DomainException ex)
        {
            ModelState.AddModelError("Input." + (ex.Field ?? "Message"), ex.Message);
            return Page();
        }
        return Done();
    }

    private RedirectToPageResult Done()
    {
        TempData["StatusMessage"] = Received;
        return RedirectToPage();
    }
}
