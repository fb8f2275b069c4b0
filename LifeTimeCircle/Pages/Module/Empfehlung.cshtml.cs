using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Vehicles;
using LifeTimeCircle.Domain.Workshops;
using LifeTimeCircle.Infrastructure.Workshops;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LifeTimeCircle.Pages.Module;

/// <summary>
/// „Empfehlung der Werkstatt“ (issue 17 item 4): the owner turns a workshop's recommendation into a reminder — due by a
/// date and/or an odometer reading — or dismisses it. Another owner's recommendation, or a decided one: 404.
/// </summary>
public sealed class EmpfehlungModel(WorkshopRecommendations recommendations) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public WorkshopRecommendation Recommendation { get; private set; } = null!;
    public Vehicle Vehicle { get; private set; } = null!;
    public string BusinessName { get; private set; } = "";

    public sealed class InputModel
    {
        public string? Date { get; set; }
        public string? Odometer { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(string recommendationId, CancellationToken ct) =>
        await LoadAsync(recommendationId, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(string recommendationId, CancellationToken ct)
    {
        if (!await LoadAsync(recommendationId, ct)) return NotFound();
        var (date, km, _) = Fahrzeuge.Eintragung.EntryInput.ParseTexts(Input.Date, Input.Odometer, null, ModelState);
        if (!ModelState.IsValid) return Page();
        try
        {
            var reminder = await recommendations.ToReminderAsync(Recommendation, Vehicle,
                string.IsNullOrWhiteSpace(Input.Date) ? null : date, string.IsNullOrWhiteSpace(Input.Odometer) ? null : km, ct);
            TempData["StatusMessage"] = $"Erinnerung „{reminder.Name}“ angelegt.";
            return RedirectToPage("/Fahrzeuge/Erinnerungen/Index", new { id = Vehicle.PublicId });
        }
        catch (DomainException ex)
        {
            ModelState.AddModelError(ex.Field switch { "DueDate" => "Input.Date", "DueKm" => "Input.Odometer", _ => "" }, ex.Message);
            return Page();
        }
    }

    public async Task<IActionResult> OnPostVerwerfenAsync(string recommendationId, CancellationToken ct)
    {
        if (!await LoadAsync(recommendationId, ct)) return NotFound();
        try
        {
            await recommendations.DismissAsync(Recommendation, Vehicle, ct);
            TempData["StatusMessage"] = "Empfehlung verworfen.";
        }
        catch (DomainException ex)
        {
            TempData["StatusMessage"] = ex.Message; // decided a moment ago in another request
        }
        return RedirectToPage("/Module/Index");
    }

    private async Task<bool> LoadAsync(string recommendationId, CancellationToken ct)
    {
        if (await recommendations.FindAsync(User.UserId(), recommendationId, ct) is not { } found) return false;
        (Recommendation, Vehicle, BusinessName) = found;
        return true;
    }
}
