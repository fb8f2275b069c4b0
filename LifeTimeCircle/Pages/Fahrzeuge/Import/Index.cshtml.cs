using LifeTimeCircle.Data;
using LifeTimeCircle.Domain.Imports;
using LifeTimeCircle.Infrastructure.Imports;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Pages.Fahrzeuge.Import;

/// <summary>
/// „Import“ of one vehicle (issue 18): upload a CSV file; it is stored under a random name and checked by the job
/// <c>import-check</c> (dry run, nothing imported yet); the owner follows it on <see cref="LaufModel"/>.
/// </summary>
public sealed class IndexModel(AppDbContext db, ImportRequests requests, ImportOptions options) : PageModel
{
    [BindProperty]
    public IFormFile? Datei { get; set; }

    [BindProperty]
    public OdometerUnit Einheit { get; set; } = OdometerUnit.Km;

    public TabsModel Tabs { get; private set; } = null!;
    public IReadOnlyList<ImportRun> Runs { get; private set; } = [];
    public string MaxSize => Display.FileSize(options.MaxBytes);
    public string MaxRows => Display.Count(options.MaxRows, "Zeile", "Zeilen");

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        var vehicle = await db.OwnedVehicleForReadAsync(User.UserId(), id, ct);
        if (vehicle is null) return NotFound();
        await LoadAsync(vehicle, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string id, CancellationToken ct)
    {
        var vehicle = await db.OwnedVehicleForReadAsync(User.UserId(), id, ct);
        if (vehicle is null) return NotFound();
        await LoadAsync(vehicle, ct);
        if (ModelState[nameof(Einheit)] is { ValidationState: Microsoft.AspNetCore.Mvc.ModelBinding.ModelValidationState.Invalid } || !Enum.IsDefined(Einheit))
        {
            ModelState.Remove(nameof(Einheit));
            ModelState.AddModelError(nameof(Einheit), "Bitte wählen Sie die Einheit aus der Liste.");
            return Page();
        }
        if (!ModelState.IsValid) return Page(); // e.g. the server's storage is full (StorageGuardFilter)
        if (Datei is null || Datei.Length == 0)
        {
            ModelState.AddModelError(nameof(Datei), "Bitte wählen Sie eine Excel- oder CSV-Datei aus.");
            return Page();
        }
        if (await requests.RefusalAsync(User.UserId(), ct) is { } busy)
        {
            ModelState.AddModelError(nameof(Datei), busy);
            return Page();
        }
        await using var upload = Datei.OpenReadStream();
        if (await requests.StartAsync(User.UserId(), vehicle.Id, upload, Einheit, ct) is not { } run)
        {
            ModelState.AddModelError(nameof(Datei), $"Die Datei ist größer als {MaxSize}. Bitte teilen Sie sie in mehrere Dateien auf.");
            return Page();
        }
        return RedirectToPage("/Fahrzeuge/Import/Lauf", new { id = vehicle.PublicId, run = run.PublicId });
    }

    private async Task LoadAsync(Domain.Vehicles.Vehicle vehicle, CancellationToken ct)
    {
        Tabs = new TabsModel(vehicle.PublicId, "Eintragung", vehicle.DisplayName, vehicle.VinMasked);
        Runs = await db.ImportRuns.AsNoTracking().Where(r => r.VehicleId == vehicle.Id && r.OwnerId == vehicle.OwnerId).OrderByDescending(r => r.CreatedAt).Take(20).ToListAsync(ct);
    }
}
