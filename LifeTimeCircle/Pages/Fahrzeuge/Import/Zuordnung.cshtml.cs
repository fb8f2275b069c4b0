using LifeTimeCircle.Data;
using LifeTimeCircle.Domain.Imports;
using LifeTimeCircle.Infrastructure.Imports;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Pages.Fahrzeuge.Import;

/// <summary>
/// „Spalten zuordnen“ (issue 18): the file's required columns were not recognised by their names; the owner says per
/// column what it holds. The answer is remembered for the owner's next import, and the file is checked again.
/// </summary>
public sealed class ZuordnungModel(AppDbContext db, ImportRequests requests) : PageModel
{
    public TabsModel Tabs { get; private set; } = null!;
    public ImportRun Run { get; private set; } = null!;
    public IReadOnlyList<string> Headers { get; private set; } = [];

    /// <summary>Per column (in file order) the chosen field's name, or „Ignored“ for „nicht übernehmen“.</summary>
    [BindProperty]
    public List<string?> Spalten { get; set; } = [];

    public async Task<IActionResult> OnGetAsync(string id, string run, CancellationToken ct)
    {
        if (!await LoadAsync(id, run, ct)) return NotFound();
        if (Run.Status != ImportStatus.Zuordnung) return RedirectToPage("/Fahrzeuge/Import/Lauf", new { id, run });
        var chosen = await requests.ChoicesAsync(Run.OwnerId, ct);
        Spalten = Headers.Select(h => (ImportColumns.FieldOf(h, chosen) is { } f && (f == ImportField.Ignored || ImportColumns.Choosable.Contains(f)) ? f : ImportField.Ignored).ToString()).ToList<string?>();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string id, string run, CancellationToken ct)
    {
        if (!await LoadAsync(id, run, ct)) return NotFound();
        if (Run.Status != ImportStatus.Zuordnung) return RedirectToPage("/Fahrzeuge/Import/Lauf", new { id, run }); // a second submit
        if (!ModelState.IsValid) return Page(); // e.g. storage full
        var fields = Headers.Select((_, i) => i < Spalten.Count && Enum.TryParse<ImportField>(Spalten[i], out var f) && Enum.IsDefined(f) ? f : (ImportField?)null).ToList();
        var (choices, errors) = ImportColumns.Choose(Headers, fields);
        if (choices is null)
        {
            foreach (var (column, message) in errors) ModelState.AddModelError(column < 0 ? "" : $"Spalten[{column}]", message);
            return Page();
        }
        if (await requests.MapAsync(Run, choices, ct)) TempData["StatusMessage"] = "Die Zuordnung ist gespeichert und gilt auch für Ihre nächsten Importe. Die Datei wird jetzt geprüft.";
        return RedirectToPage("/Fahrzeuge/Import/Lauf", new { id, run });
    }

    private async Task<bool> LoadAsync(string id, string? run, CancellationToken ct)
    {
        var vehicle = await db.OwnedVehicleForReadAsync(User.UserId(), id, ct);
        if (vehicle is null || string.IsNullOrEmpty(run)) return false;
        var found = await db.ImportRuns.AsNoTracking().SingleOrDefaultAsync(r => r.VehicleId == vehicle.Id && r.OwnerId == vehicle.OwnerId && r.PublicId == run, ct);
        if (found is null) return false;
        Run = found;
        Headers = ImportColumnMap.ParseHeaders(found.Headers);
        Tabs = new TabsModel(vehicle.PublicId, "Eintragung", vehicle.DisplayName, vehicle.VinMasked);
        return true;
    }
}
