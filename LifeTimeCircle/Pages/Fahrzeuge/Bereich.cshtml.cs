using LifeTimeCircle.Data;
using LifeTimeCircle.Domain.Documents;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Pages.Fahrzeuge;

/// <summary>
/// Tabs Rechnung, Dokumentation and Galerie list the vehicle's documents by kind with their state; Modul-Ereignisse
/// lists the workshops' proposals for the vehicle with their decisions and links to „Werkstatt berechtigen“.
/// </summary>
[Microsoft.AspNetCore.OutputCaching.OutputCache(PolicyName = PageCache.PolicyName)]
public sealed class BereichModel(AppDbContext db, TimeProvider clock) : PageModel
{
    public TabsModel Tabs { get; private set; } = null!;
    public string Heading { get; private set; } = "";
    public string Text { get; private set; } = "";
    public bool IsModules { get; private set; }
    public IReadOnlyList<Document> Documents { get; private set; } = [];
    /// <summary>The Galerie tab: its documents as pictures (previews, placeholders, type icons; ADR 0022).</summary>
    public IReadOnlyList<LifeTimeCircle.Infrastructure.Documents.Thumbnails.ThumbnailView> Pictures { get; private set; } = [];
    /// <summary>The Galerie's before/after pairs of the Unfall-Trust folder.</summary>
    public IReadOnlyList<BeforeAfterGroup> Pairs { get; private set; } = [];
    public IReadOnlyList<ModuleEvent> Events { get; private set; } = [];
    public int ActiveGrants { get; private set; }
    /// <summary>Append-only system logs (OBD, GPS test drive) of the vehicle, with the business that recorded them (issue 17).</summary>
    /// <summary>The logs with the business that wrote them and who hid the note, if anyone did (ADR 0019 item 11).</summary>
    public IReadOnlyList<(LifeTimeCircle.Domain.Workshops.SystemLogEvent Log, string BusinessName, string? NoteHiddenBy)> SystemLogs { get; private set; } = [];

    public sealed record ModuleEvent(string BusinessName, DateOnly Date, LifeTimeCircle.Domain.Vehicles.EntryCategory Category, int OdometerKm,
        LifeTimeCircle.Domain.Workshops.ProposalState State, DateTimeOffset CreatedAt, DateTimeOffset? DecidedAt, string? Comment, string? EntryGroupId);

    public async Task<IActionResult> OnGetAsync(string id, string bereich, CancellationToken ct)
    {
        // The route's regex ignores case; „/rechnung“ must not render another tab under a second URL.
        if (bereich is not ("Rechnung" or "Dokumentation" or "Galerie" or "Modul-Ereignisse")) return NotFound();
        // The Galerie's links are relative to /Fahrzeuge/{id}/: „…/Galerie/“ would resolve them one level too deep.
        if (Request.Path.Value!.EndsWith('/')) return RedirectToPage(new { id, bereich });
        var vehicle = await db.OwnedVehicleForReadAsync(User.UserId(), id, ct);
        if (vehicle is null) return NotFound();
        Tabs = new TabsModel(vehicle.PublicId, bereich, vehicle.DisplayName, vehicle.VinMasked);
        DocumentKind[] kinds;
        (Heading, Text, kinds) = bereich switch
        {
            "Rechnung" => ("Rechnungen", "Rechnungen als Nachweis für Ihre Einträge.", new[] { DocumentKind.Rechnung }),
            "Dokumentation" => ("Dokumentation", "Gutachten, Prüfberichte, Serviceheft-Seiten und sonstige Nachweise.",
                new[] { DocumentKind.Gutachten, DocumentKind.ServiceheftSeite, DocumentKind.Sonstiges }),
            "Galerie" => ("Galerie", "Fotos Ihres Fahrzeugs und seiner Arbeiten.", new[] { DocumentKind.Foto }),
            _ => ("Modul-Ereignisse", "Vorschläge von Werkstätten für dieses Fahrzeug und Ihre Entscheidungen.", Array.Empty<DocumentKind>()),
        };
        IsModules = kinds.Length == 0;
        if (IsModules)
        {
            var now = clock.GetUtcNow();
            // Only this ownership's grants and proposals (a previous owner's workshops and comments stay theirs).
            ActiveGrants = await db.WorkshopGrants.CountAsync(g => g.VehicleId == vehicle.Id && g.GrantedBy == vehicle.OwnerId && g.RevokedAt == null
                && (g.ExpiresAt == null || g.ExpiresAt > now), ct);
            Events = await db.WorkshopProposals.AsNoTracking()
                .Where(p => p.VehicleId == vehicle.Id && db.WorkshopGrants.Any(g => g.Id == p.GrantId && g.GrantedBy == vehicle.OwnerId))
                .Join(db.Businesses, p => p.BusinessId, b => b.Id, (p, b) => new { p, b.Name })
                .OrderByDescending(x => x.p.CreatedAt).ThenByDescending(x => x.p.Id).Take(200)
                .Select(x => new ModuleEvent(x.Name, x.p.Date, x.p.Category, x.p.OdometerKm, x.p.State, x.p.CreatedAt, x.p.DecidedAt, x.p.DecisionComment, x.p.EntryGroupId))
                .ToListAsync(ct);
            // System logs belong to the vehicle's record and move with it (like entries), whoever granted the workshop.
            SystemLogs = (await db.SystemLogEvents.AsNoTracking().Where(e => e.VehicleId == vehicle.Id)
                .Join(db.Businesses, e => e.BusinessId, b => b.Id, (e, b) => new { e, b.Name, HiddenBy = db.SystemLogNoteHides.Where(h => h.EventId == e.Id).Select(h => h.HiddenBy).FirstOrDefault() })
                .OrderByDescending(x => x.e.RecordedAt).ThenByDescending(x => x.e.Id).Take(200).ToListAsync(ct))
                .Select(x => (x.e, x.Name, x.HiddenBy)).ToList();
        }
        else
        {
            var documents = db.Documents.Where(d => d.VehicleId == vehicle.Id && kinds.Contains(d.Kind) && d.DeletedAt == null)
                .OrderByDescending(d => d.UploadedAt).ThenByDescending(d => d.Id).Take(200);
            if (bereich == "Galerie")
            {
                // Relative preview URLs keep 100 pictures within the page's byte budget (ADR 0022).
                Pictures = (await LifeTimeCircle.Infrastructure.Documents.Thumbnails.ThumbnailView.LoadAsync(db, vehicle.PublicId, documents, ct))
                    .Select(p => p with { Relative = true }).ToList();
                Pairs = await BeforeAfter.LoadAsync(db, vehicle.Id, vehicle.PublicId, ct);
            }
            else Documents = await documents.AsNoTracking().ToListAsync(ct);
        }
        return Page();
    }
}
