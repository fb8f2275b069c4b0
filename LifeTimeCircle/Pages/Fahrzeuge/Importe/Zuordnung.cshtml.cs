using LifeTimeCircle.Data;
using LifeTimeCircle.Domain.Imports;
using LifeTimeCircle.Infrastructure.Imports;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Pages.Fahrzeuge.Importe;

/// <summary>„Spalten zuordnen“ of a multi-vehicle import: like the one of a vehicle, with FIN required and Marke/Modell choosable.</summary>
public sealed class ZuordnungModel(AppDbContext db, ImportRequests requests) : PageModel
{
    public ImportRun Run { get; private set; } = null!;
    public IReadOnlyList<string> Headers { get; private set; } = [];

    /// <summary>Per column (in file order) the chosen field's name, or „Ignored“ for „nicht übernehmen“.</summary>
    [BindProperty]
    public List<string?> Spalten { get; set; } = [];

    public async Task<IActionResult> OnGetAsync(string lauf, CancellationToken ct)
    {
        if (!await LoadAsync(lauf, ct)) return NotFound();
        if (Run.Status != ImportStatus.Zuordnung) return RedirectToPage("/Fahrzeuge/Importe/Lauf", new { lauf });
        var chosen = await requests.ChoicesAsync(Run.OwnerId, ct);
        Spalten = Headers.Select(h => (ImportColumns.FieldOf(h, chosen) is { } f && (f == ImportField.Ignored || ImportColumns.ChoosableMulti.Contains(f)) ? f : ImportField.Ignored).ToString()).ToList<string?>();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string lauf, CancellationToken ct)
    {
        if (!await LoadAsync(lauf, ct)) return NotFound();
        if (Run.Status != ImportStatus.Zuordnung) return RedirectToPage("/Fahrzeuge/Importe/Lauf", new { lauf }); // a second submit
        if (!ModelState.IsValid) return Page(); // e.g. storage full
        var fields = Headers.Select((_, i) => i < Spalten.Count && Enum.TryParse<ImportField>(Spalten[i], out var f) && Enum.IsDefined(f) ? f : (ImportField?)null).ToList();
        var (choices, errors) = ImportColumns.Choose(Headers, fields, multi: true);
        if (choices is null)
        {
            foreach (var (column, message) in errors) ModelState.AddModelError(column < 0 ? "" : $"Spalten[{column}]", message);
            return Page();
        }
        if (await requests.MapAsync(Run, choices, ct)) TempData["StatusMessage"] = "Die Zuordnung ist gespeichert und gilt auch für Ihre nächsten Importe. Die Datei wird jetzt geprüft.";
        return RedirectToPage("/Fahrzeuge/Importe/Lauf", new { lauf });
    }

    private async Task<bool> LoadAsync(string? lauf, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(lauf)) return false;
        var userId = User.UserId();
        var found = await db.ImportRuns.AsNoTracking().SingleOrDefaultAsync(r => r.OwnerId == userId && r.VehicleId == null && r.PublicId == lauf, ct);
        if (found is null) return false;
        Run = found;
        Headers = ImportColumnMap.ParseHeaders(found.Headers);
        return true;
    }
}
