using System.ComponentModel.DataAnnotations;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Support;
using LifeTimeCircle.Infrastructure.Support;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LifeTimeCircle.Pages.Profil;

/// <summary>The signed-in contact form (issue 19 item 3): topic and message; the thread then lives under „Meine Anfragen“.</summary>
public sealed class NeueAnfrageModel(SupportInbox inbox) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Bitte wählen Sie ein Thema.")]
        public SupportTopic? Topic { get; set; }

        [Required(ErrorMessage = "Bitte schreiben Sie uns Ihre Nachricht.")]
        [StringLength(SupportRequest.MaxMessageLength, ErrorMessage = "Die Nachricht darf höchstens {1} Zeichen lang sein.")]
        public string Message { get; set; } = "";
    }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (Input.Topic is { } topic && !SupportRequest.ContactTopics.Contains(topic))
        {
            ModelState.AddModelError("Input.Topic", "Bitte wählen Sie ein Thema.");
        }
        if (!ModelState.IsValid) return Page();
        try
        {
            var (request, refusal) = await inbox.CreateForAccountAsync(User.UserId(), Input.Topic!.Value, Input.Message, ct);
            if (request is null)
            {
                ModelState.AddModelError("", refusal!);
                return Page();
            }
            TempData["StatusMessage"] = "Ihre Anfrage ist eingegangen. Sobald wir antworten, erhalten Sie eine E-Mail.";
            return RedirectToPage("/Profil/Anfrage", new { requestId = request.PublicId });
        }
        catch (DomainException ex)
        {
            ModelState.AddModelError("Input." + (ex.Field ?? "Message"), ex.Message);
            return Page();
        }
    }
}
