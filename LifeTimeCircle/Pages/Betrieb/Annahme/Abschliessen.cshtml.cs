using System.ComponentModel.DataAnnotations;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Vehicles;
using LifeTimeCircle.Domain.Workshops;
using LifeTimeCircle.Infrastructure.Workshops;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LifeTimeCircle.Pages.Betrieb.Annahme;

/// <summary>
/// „Annahme abschließen“ (issue 17 item 4): the done items become one proposal into the owner's Modul-Postfach through
/// the workshop's proposal path; the form asks what every entry needs (date, category, odometer, optional cost). A
/// second click on a closed session leads back to it; nothing is sent twice. An unlinked walk-in closes without a proposal
/// (nobody to send it to).
/// </summary>
public sealed class AbschliessenModel(IntakeSessions intakes, WorkshopProposals proposals) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public IntakeContext Context { get; private set; } = null!;
    public IReadOnlyList<IntakeItem> Done { get; private set; } = [];
    public IReadOnlyList<IntakeItem> Open { get; private set; } = [];
    public int OpenRecommendations => Open.Count(i => i.Kind == IntakeItemKind.Empfehlung);

    public sealed class InputModel
    {
        public string Date { get; set; } = "";
        public EntryCategory? Category { get; set; }
        public string Odometer { get; set; } = "";
        [StringLength(20, ErrorMessage = "Bitte geben Sie einen Betrag wie 1.234,56 ein.")]
        public string? Cost { get; set; }
        /// <summary>Open recommendations go to the owner (checked by default).</summary>
        public bool SendRecommendations { get; set; } = true;
    }

    public async Task<IActionResult> OnGetAsync(string sessionId, CancellationToken ct)
    {
        if (!await LoadAsync(sessionId, ct)) return NotFound();
        if (!Context.Session.IsOpen) return RedirectToPage("/Betrieb/Annahme/Sitzung", new { sessionId });
        Input.Date = Display.Date(proposals.Today);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string sessionId, CancellationToken ct)
    {
        if (!await LoadAsync(sessionId, ct)) return NotFound();
        if (!Context.Session.IsOpen) return RedirectToPage("/Betrieb/Annahme/Sitzung", new { sessionId });
        IntakeCloseValues? values = null;
        if (Done.Count > 0 && !Context.Session.IsUnlinked)
        {
            var (date, km, cents) = Fahrzeuge.Eintragung.EntryInput.ParseTexts(Input.Date, Input.Odometer, Input.Cost, ModelState);
            if (string.IsNullOrWhiteSpace(Input.Date)) ModelState.AddModelError("Input.Date", "Bitte geben Sie das Datum an (TT.MM.JJJJ).");
            if (string.IsNullOrWhiteSpace(Input.Odometer)) ModelState.AddModelError("Input.Odometer", "Bitte geben Sie den Kilometerstand an.");
            if (Input.Category is null) ModelState.AddModelError("Input.Category", "Bitte wählen Sie eine Kategorie.");
            if (!ModelState.IsValid) return Page();
            values = new IntakeCloseValues(date, Input.Category!.Value, km, cents);
        }
        try
        {
            var refusal = await intakes.CloseAsync(Context, values, Input.SendRecommendations, User.UserId(), ct);
            if (refusal is not null)
            {
                ModelState.AddModelError("", refusal);
                return Page();
            }
        }
        catch (DomainException ex)
        {
            ModelState.AddDomainError(ex);
            return Page();
        }
        TempData["StatusMessage"] = Done.Count > 0 && !Context.Session.IsUnlinked ? "Annahme abgeschlossen. Die erledigten Punkte sind als Vorschlag beim Besitzer." : "Annahme abgeschlossen.";
        return RedirectToPage("/Betrieb/Annahme/Sitzung", new { sessionId });
    }

    private async Task<bool> LoadAsync(string sessionId, CancellationToken ct)
    {
        var context = await intakes.FindAsync(User.UserId(), sessionId, ct);
        if (context is null) return false;
        Context = context;
        var items = await intakes.ItemsAsync(context.Session, ct);
        Done = items.Where(i => i.Status == IntakeItemStatus.Erledigt).ToList();
        Open = items.Where(i => i.Status != IntakeItemStatus.Erledigt).ToList();
        return true;
    }
}
