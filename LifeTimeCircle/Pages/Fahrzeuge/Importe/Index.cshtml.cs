using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Imports;
using LifeTimeCircle.Infrastructure.Imports;
using LifeTimeCircle.Infrastructure.Vehicles;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Pages.Fahrzeuge.Importe;

/// <summary>
/// „Fahrzeuge und Einträge importieren“ (issue 18, ADR 0020 point 15): one file with rows of several vehicles, grouped
/// by the FIN column; the same upload, jobs and limits as the import of one vehicle (a run without a vehicle).
/// </summary>
public sealed class IndexModel(AppDbContext db, ImportRequests requests, ImportOptions options) : PageModel
{
    [BindProperty]
    public IFormFile? Datei { get; set; }

    [BindProperty]
    public OdometerUnit Einheit { get; set; } = OdometerUnit.Km;

    public IReadOnlyList<ImportRun> Runs { get; private set; } = [];

    /// <summary>New vehicles the plan still allows (null = no limit).</summary>
    public int? PlanRemaining { get; private set; }

    public string MaxSize => Display.FileSize(options.MaxBytes);
    public string MaxRows => Display.Count(options.MaxRows, "Zeile", "Zeilen");

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
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
        if (await requests.StartAsync(User.UserId(), null, upload, Einheit, ct) is not { } run)
        {
            ModelState.AddModelError(nameof(Datei), $"Die Datei ist größer als {MaxSize}. Bitte teilen Sie sie in mehrere Dateien auf.");
            return Page();
        }
        return RedirectToPage("/Fahrzeuge/Importe/Lauf", new { lauf = run.PublicId });
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var userId = User.UserId();
        PlanRemaining = await VehicleLimit.RemainingAsync(db, userId, Roles.All.Where(User.IsInRole), ct);
        Runs = await db.ImportRuns.AsNoTracking().Where(r => r.OwnerId == userId && r.VehicleId == null).OrderByDescending(r => r.CreatedAt).Take(20).ToListAsync(ct);
    }
}
