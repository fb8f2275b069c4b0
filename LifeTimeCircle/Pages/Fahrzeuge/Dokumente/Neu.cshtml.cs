using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Documents;
using LifeTimeCircle.Infrastructure.Documents;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Pages.Fahrzeuge.Dokumente;

/// <summary>Upload evidence from a file or the phone camera. It starts in quarantine; the scanner and an admin decide.</summary>
public sealed class NeuModel(AppDbContext db, UploadIntake uploads, TimeProvider clock, DocumentOptions options) : PageModel
{
    [BindProperty]
    public DocumentKind Kind { get; set; } = DocumentKind.Rechnung;

    [BindProperty]
    public string? EntryId { get; set; }

    [BindProperty(SupportsGet = true, Name = "ersetzt")]
    public string? Replaces { get; set; }

    [BindProperty]
    public IFormFile? Datei { get; set; }

    [BindProperty]
    public IFormFile? Foto { get; set; }

    public TabsModel Tabs { get; private set; } = null!;
    public IReadOnlyList<(string GroupId, string Label)> Entries { get; private set; } = [];
    public string MaxSize => Display.FileSize(options.MaxUploadBytes);
    public string DailyQuota => $"{Display.Count(options.DailyFiles, "Datei", "Dateien")} und {Display.FileSize(options.DailyBytes)}";

    public async Task<IActionResult> OnGetAsync(string id, string? eintrag, CancellationToken ct)
    {
        var vehicle = await db.OwnedVehicleForReadAsync(User.UserId(), id, ct);
        if (vehicle is null) return NotFound();
        EntryId = eintrag;
        await LoadAsync(vehicle, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string id, CancellationToken ct)
    {
        var vehicle = await db.OwnedVehicleForReadAsync(User.UserId(), id, ct);
        if (vehicle is null) return NotFound();
        await LoadAsync(vehicle, ct);
        if (ModelState[nameof(Kind)] is { ValidationState: Microsoft.AspNetCore.Mvc.ModelBinding.ModelValidationState.Invalid } || !Enum.IsDefined(Kind))
        {
            ModelState.Remove(nameof(Kind));
            ModelState.AddModelError(nameof(Kind), "Bitte wählen Sie die Art des Dokuments aus der Liste.");
            return Page();
        }
        if (!ModelState.IsValid) return Page(); // e.g. the server's storage is full (StorageGuardFilter)
        var file = Foto is { Length: > 0 } ? Foto : Datei;
        if (file is null || file.Length == 0)
        {
            ModelState.AddModelError(nameof(Datei), "Bitte wählen Sie eine Datei aus oder nehmen Sie ein Foto auf.");
            return Page();
        }
        if (!string.IsNullOrEmpty(EntryId) && !await db.Entries.AnyAsync(e => e.VehicleId == vehicle.Id && e.GroupId == EntryId, ct))
        {
            ModelState.AddModelError(nameof(EntryId), "Bitte wählen Sie einen Eintrag aus der Liste.");
            return Page();
        }
        long? replaces = null;
        if (!string.IsNullOrEmpty(Replaces))
        {
            replaces = await db.Documents.Where(d => d.VehicleId == vehicle.Id && d.PublicId == Replaces).Select(d => (long?)d.Id).SingleOrDefaultAsync(ct);
            if (replaces is null) return NotFound();
        }
        var field = Foto is { Length: > 0 } ? nameof(Foto) : nameof(Datei);
        var (stored, refused) = await uploads.StoreAsync(db, User.UserId(), file, vehicle.PublicId, "evidence", ct);
        if (stored is null)
        {
            ModelState.AddModelError(field, refused!.Message);
            return Page();
        }
        var doc = new Document(vehicle.Id, string.IsNullOrEmpty(EntryId) ? null : EntryId, Kind, stored.ContentType, stored.StorageKey, stored.Sha256,
            stored.Size, Document.SanitizeFileName(file.FileName), User.UserId(), clock.GetUtcNow(), replaces);
        if (await uploads.AddAsync(db, doc, vehicle.PublicId, "evidence", ct) is { } raced)
        {
            ModelState.AddModelError(field, raced.Message);
            return Page();
        }
        TempData["StatusMessage"] = "Hochgeladen. Das Dokument ist jetzt in Prüfung und zählt als Nachweis, sobald es freigegeben ist.";
        return RedirectToPage("/Fahrzeuge/Dokumente/Dokument", new { id = vehicle.PublicId, docId = doc.PublicId });
    }

    private async Task LoadAsync(Domain.Vehicles.Vehicle vehicle, CancellationToken ct)
    {
        Tabs = new TabsModel(vehicle.PublicId, "Dokumentation", vehicle.DisplayName, vehicle.VinMasked);
        var rows = await db.Entries.AsNoTracking().Where(e => e.VehicleId == vehicle.Id && e.IsLatest)
            .OrderByDescending(e => e.Date).ThenByDescending(e => e.Id).Take(200)
            .Select(e => new { e.GroupId, e.Date, e.Category }).ToListAsync(ct);
        Entries = rows.Select(r => (r.GroupId, $"{Display.Date(r.Date)} · {Domain.Vehicles.EntryTexts.Category(r.Category)}")).ToList();
    }
}
