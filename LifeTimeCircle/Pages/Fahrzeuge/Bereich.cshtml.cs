using LifeTimeCircle.Data;
using LifeTimeCircle.Domain.Documents;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Pages.Fahrzeuge;

/// <summary>
/// Tabs Rechnung, Dokumentation and Galerie list the vehicle's documents by kind with their state; Modul-Ereignisse
/// stays an honest empty state until workshop modules exist.
/// </summary>
public sealed class BereichModel(AppDbContext db) : PageModel
{
    public TabsModel Tabs { get; private set; } = null!;
    public string Heading { get; private set; } = "";
    public string Text { get; private set; } = "";
    public bool IsModules { get; private set; }
    public IReadOnlyList<Document> Documents { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string id, string bereich, CancellationToken ct)
    {
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
            _ => ("Modul-Ereignisse", "Hier erscheinen Ereignisse aus Modulen, etwa Vorschläge von Werkstätten. Noch keine Ereignisse.", Array.Empty<DocumentKind>()),
        };
        IsModules = kinds.Length == 0;
        if (!IsModules)
        {
            Documents = await db.Documents.AsNoTracking().Where(d => d.VehicleId == vehicle.Id && kinds.Contains(d.Kind) && d.DeletedAt == null)
                .OrderByDescending(d => d.UploadedAt).Take(200).ToListAsync(ct);
        }
        return Page();
    }
}
