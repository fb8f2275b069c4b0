using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Vehicles;
using LifeTimeCircle.Domain.Workshops;
using LifeTimeCircle.Infrastructure.Audit;
using LifeTimeCircle.Infrastructure.Workshops;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Pages.Fahrzeuge.Werkstatt;

/// <summary>
/// „Annahme-Code eingeben“ (issue 17, ADR 0019 item 10): the owner types the code a workshop handed over for a walk-in
/// intake of this vehicle and grants that business access; the intake becomes a normal one, its result reaches the owner's
/// Modul-Postfach. Code checks are limited per account (<see cref="TransferAttempts"/>, its own partition).
/// </summary>
public sealed class AnnahmeModel(AppDbContext db, WalkInLinks links, TransferAttempts attempts, AuditWriter audit) : PageModel
{
    [BindProperty]
    public string? Code { get; set; }

    [BindProperty]
    public IndexModel.GrantInput Grant { get; set; } = new();

    public TabsModel Tabs { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct) =>
        await LoadAsync(id, ct) is null ? NotFound() : Page();

    public async Task<IActionResult> OnPostAsync(string id, CancellationToken ct)
    {
        var vehicle = await LoadAsync(id, ct);
        if (vehicle is null) return NotFound();
        ModelState.Remove("Grant.BusinessId");
        if (string.IsNullOrWhiteSpace(Code)) ModelState.AddModelError(nameof(Code), "Bitte geben Sie den Annahme-Code ein, z. B. ABCD-EFGH.");
        else if (Code.Length > 32) ModelState.AddModelError(nameof(Code), WalkInLinks.RefusedMessage);
        if (!ModelState.IsValid) return Page();
        if (!attempts.TryAcquire("intake-code:" + User.UserId()))
        {
            await audit.WriteAsync(AuditActions.RateLimited, "VEHICLE", vehicle.PublicId, AuditResult.Denied,
                new Dictionary<string, object?> { ["reason_code"] = "RATE_LIMIT", ["category"] = "intake_code_account" }, ct: ct);
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            Response.Headers.RetryAfter = "60";
            ModelState.AddModelError(nameof(Code), "Zu viele Versuche. Bitte warten Sie eine Minute und versuchen Sie es dann noch einmal.");
            return Page();
        }
        WalkInLinkOutcome outcome;
        try
        {
            outcome = await links.LinkAsync(vehicle, Code, Grant.CustomerName!, Grant.Duration!.Value, Grant.Invoices, User.UserId(), ct);
        }
        catch (DomainException ex)
        {
            ModelState.AddDomainError(ex, nameof(Grant));
            return Page();
        }
        if (outcome.Business is null)
        {
            ModelState.AddModelError(nameof(Code), outcome.Refusal!);
            return Page();
        }
        TempData["StatusMessage"] = outcome.Refusal
            ?? $"Die Annahme bei „{outcome.Business.Name}“ ist jetzt mit diesem Fahrzeug verknüpft. Das Ergebnis kommt als Vorschlag in Ihr Modul-Postfach; Sie entscheiden.";
        return RedirectToPage("/Fahrzeuge/Werkstatt/Index", new { id = vehicle.PublicId });
    }

    private async Task<Vehicle?> LoadAsync(string id, CancellationToken ct)
    {
        var vehicle = await db.OwnedVehicle(User.UserId(), id).SingleOrDefaultAsync(ct);
        if (vehicle is null) return null;
        Tabs = new TabsModel(vehicle.PublicId, "Modul-Ereignisse", vehicle.DisplayName, vehicle.VinMasked);
        return vehicle;
    }
}
