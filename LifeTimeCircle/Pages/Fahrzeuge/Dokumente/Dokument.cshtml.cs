using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Documents;
using LifeTimeCircle.Infrastructure.Audit;
using LifeTimeCircle.Infrastructure.Documents;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Pages.Fahrzeuge.Dokumente;

/// <summary>One document of the owner's vehicle: its states, the owner's PII marking, and the download of valid evidence.</summary>
public sealed class DokumentModel(AppDbContext db, DocumentStorage storage, AuditWriter audit, TimeProvider clock) : PageModel
{
    // Longer than 80 lines: page, download and the owner's PII report share one owner check; the rules are Document.RaisePiiSuspicion and DownloadHeaders.
    [BindProperty]
    public PiiState PiiState { get; set; } = PiiState.Suspected;

    [BindProperty]
    public string? PiiNote { get; set; }

    public TabsModel Tabs { get; private set; } = null!;
    public Document Doc { get; private set; } = null!;

    private async Task<(Domain.Vehicles.Vehicle? Vehicle, Document? Doc)> FindAsync(string id, string docId, bool track, CancellationToken ct)
    {
        var vehicle = await db.OwnedVehicleForReadAsync(User.UserId(), id, ct);
        if (vehicle is null) return (null, null);
        var q = db.Documents.Where(d => d.VehicleId == vehicle.Id && d.PublicId == docId);
        var doc = await (track ? q : q.AsNoTracking()).SingleOrDefaultAsync(ct);
        return (vehicle, doc);
    }

    public async Task<IActionResult> OnGetAsync(string id, string docId, CancellationToken ct)
    {
        var (vehicle, doc) = await FindAsync(id, docId, false, ct);
        if (vehicle is null || doc is null) return NotFound();
        Show(vehicle, doc);
        return Page();
    }

    private void Show(Domain.Vehicles.Vehicle vehicle, Document doc)
    {
        Tabs = new TabsModel(vehicle.PublicId, doc.Kind == DocumentKind.Foto ? "Galerie" : doc.Kind == DocumentKind.Rechnung ? "Rechnung" : "Dokumentation",
            vehicle.DisplayName, vehicle.VinMasked);
        Doc = doc;
    }

    /// <summary>Streams the file as an attachment. Owners get only valid evidence (SPEC §5).</summary>
    public async Task<IActionResult> OnGetDateiAsync(string id, string docId, CancellationToken ct)
    {
        var (vehicle, doc) = await FindAsync(id, docId, false, ct);
        if (vehicle is null || doc is null || !doc.IsValidEvidence) return NotFound();
        DownloadHeaders.Apply(Response, Path.GetFileNameWithoutExtension(doc.OriginalFileName) + FileSniffer.Extension(doc.ContentType), doc.ContentType);
        return File(storage.OpenRead(doc.StorageKey), doc.ContentType);
    }

    /// <summary>Owners raise a suspicion (OK → SUSPECTED) and nothing else; the domain refuses every other change.</summary>
    public async Task<IActionResult> OnPostPiiAsync(string id, string docId, CancellationToken ct)
    {
        var (vehicle, doc) = await FindAsync(id, docId, true, ct);
        if (vehicle is null || doc is null) return NotFound();
        try
        {
            // A value that did not bind (or a number outside the list) must never fall back to a default and act.
            if (!ModelState.IsValid || !Enum.IsDefined(PiiState)) throw new DomainException("Die Auswahl ist ungültig. Bitte melden Sie den Hinweis über das Formular.");
            doc.RaisePiiSuspicion(PiiState, PiiNote, clock.GetUtcNow());
        }
        catch (DomainException ex)
        {
            await audit.WriteAsync(AuditActions.DocumentVisibilityChanged, "DOCUMENT", doc.PublicId, AuditResult.Denied,
                new Dictionary<string, object?> { ["reason_code"] = "PII_OWNER_NOT_ALLOWED", ["pii"] = doc.Pii.ToString(), ["by"] = "owner" }, ct: ct);
            ModelState.Clear();
            ModelState.AddModelError("", ex.Message);
            Show(vehicle, doc);
            return Page();
        }
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(AuditActions.DocumentVisibilityChanged, "DOCUMENT", doc.PublicId, AuditResult.Success,
            new Dictionary<string, object?> { ["pii"] = doc.Pii.ToString(), ["by"] = "owner" }, ct: ct);
        TempData["StatusMessage"] = "Datenschutz-Hinweis gespeichert. Bis zur Klärung sehen nur Sie und unsere Prüfer das Dokument.";
        return RedirectToPage("/Fahrzeuge/Dokumente/Dokument", new { id = vehicle.PublicId, docId = doc.PublicId });
    }
}
