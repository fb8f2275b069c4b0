using System.ComponentModel.DataAnnotations;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Workshops;
using LifeTimeCircle.Infrastructure.Workshops;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LifeTimeCircle.Pages.Betrieb.Annahme;

/// <summary>
/// „Fahrzeug ohne Freigabe annehmen“ (issue 17 item 1): an intake for a walk-in vehicle by its VIN. The answer never depends
/// on whether a vehicle with that VIN is on the platform (the rule does not look); the session stays the business's own until
/// the vehicle's owner types the session's link code on it (<see cref="WalkInLinks"/>). A business account without profile gets 404.
/// </summary>
public sealed class LaufkundeModel(WorkshopAccess access, IntakeSessions intakes) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public sealed class InputModel
    {
        [StringLength(40, ErrorMessage = "Die FIN hat 17 Zeichen.")]
        public string? Vin { get; set; }

        [StringLength(IntakeSession.MaxMakeModelLength, ErrorMessage = "Höchstens 80 Zeichen.")]
        public string? MakeModel { get; set; }

        [StringLength(IntakeSession.MaxJobNumberLength, ErrorMessage = "Höchstens 20 Zeichen.")]
        public string? JobNumber { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) =>
        await access.ActorOfAsync(User.UserId(), ct) is null ? NotFound() : Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var actor = await access.ActorOfAsync(User.UserId(), ct);
        if (actor is null) return NotFound();
        if (!ModelState.IsValid) return Page();
        try
        {
            var (session, existing) = await intakes.StartWalkInAsync(actor, Input.Vin, Input.MakeModel, Input.JobNumber, User.UserId(), ct);
            TempData["StatusMessage"] = existing ? "Für diese FIN läuft bereits eine Annahme Ihres Betriebs; Sie arbeiten darin weiter." : "Annahme gestartet.";
            return RedirectToPage("/Betrieb/Annahme/Sitzung", new { sessionId = session.PublicId });
        }
        catch (DomainException ex)
        {
            ModelState.AddDomainError(ex, "Input");
            return Page();
        }
    }
}
