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
/// OBD readout or GPS test drive for the intake's vehicle (issue 17 item 5): recorded once per form (idempotency key),
/// never changed afterwards; „Korrektur anhängen“ records a new log that references the original.
/// </summary>
public sealed class ProtokollModel(IntakeSessions intakes, SystemLogs logs) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public IntakeContext Context { get; private set; } = null!;
    public SystemLogEvent? Corrects { get; private set; }
    public IReadOnlyList<SystemLogEvent> Logs { get; private set; } = [];

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Bitte wählen Sie die Art des Protokolls.")]
        public SystemLogKind? Kind { get; set; }
        public string? Odometer { get; set; }
        [StringLength(400, ErrorMessage = "Zu viele Zeichen für Fehlercodes.")]
        public string? FaultCodes { get; set; }
        [Range(1, SystemLogEvent.MaxDistanceKm, ErrorMessage = "Bitte geben Sie die Strecke in ganzen Kilometern an (1 bis 2000).")]
        public int? Distance { get; set; }
        [Range(1, SystemLogEvent.MaxDurationMinutes, ErrorMessage = "Bitte geben Sie die Dauer in Minuten an (1 bis 1440).")]
        public int? Duration { get; set; }
        [StringLength(SystemLogEvent.MaxNoteLength, ErrorMessage = "Höchstens 500 Zeichen.")]
        public string? Note { get; set; }
        public string? Corrects { get; set; }
        public string Key { get; set; } = "";
    }

    public async Task<IActionResult> OnGetAsync(string sessionId, [FromQuery(Name = "korrektur")] string? korrektur, CancellationToken ct)
    {
        if (!await LoadAsync(sessionId, korrektur, ct)) return NotFound();
        Input = new InputModel { Key = PublicIds.New(), Corrects = Corrects?.PublicId, Kind = Corrects?.Kind };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string sessionId, CancellationToken ct)
    {
        if (!await LoadAsync(sessionId, Input.Corrects, ct)) return NotFound();
        int? km = null;
        if (!string.IsNullOrWhiteSpace(Input.Odometer))
        {
            if (Kilometres.TryParse(Input.Odometer, out var parsed)) km = parsed;
            else ModelState.AddModelError("Input.Odometer", "Bitte geben Sie den Kilometerstand in ganzen Kilometern an, z. B. 12.000.");
        }
        if (!ModelState.IsValid) return Page();
        try
        {
            var values = new SystemLogValues(Input.Kind!.Value, km, Input.FaultCodes, Input.Distance, Input.Duration, Input.Note);
            var (_, duplicate) = await logs.RecordAsync(Context, values, Input.Corrects, Input.Key, User.UserId(), ct);
            TempData["StatusMessage"] = duplicate ? "Dieses Protokoll war schon gespeichert; es wurde nicht doppelt angelegt." : "Protokoll gespeichert. Es kann nicht mehr geändert werden.";
            return RedirectToPage("/Betrieb/Annahme/Protokoll", new { sessionId });
        }
        catch (DomainException ex)
        {
            ModelState.AddDomainError(ex);
            return Page();
        }
    }

    private async Task<bool> LoadAsync(string sessionId, string? corrects, CancellationToken ct)
    {
        var context = await intakes.FindAsync(User.UserId(), sessionId, ct);
        // System logs belong to a vehicle record: an unlinked walk-in has none, so there is no such page for it.
        if (context?.Customer is null) return false;
        Context = context;
        Corrects = await logs.CorrectableAsync(context, corrects, ct);
        Logs = await logs.OfBusinessAsync(context.Linked.Business.Id, context.Linked.VehicleId, ct);
        return true;
    }
}
