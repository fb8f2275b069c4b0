using LifeTimeCircle.Data;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Pages.Fahrzeuge;

/// <summary>
/// Tabs Rechnung, Dokumentation, Galerie and Modul-Ereignisse. Their content (uploaded evidence, workshop
/// module events) arrives with the documents and module features; until then an honest empty state.
/// </summary>
public sealed class BereichModel(AppDbContext db) : PageModel
{
    public TabsModel Tabs { get; private set; } = null!;
    public string Heading { get; private set; } = "";
    public string Text { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(string id, string bereich, CancellationToken ct)
    {
        var vehicle = await db.OwnedVehicle(User.UserId(), id).AsNoTracking().SingleOrDefaultAsync(ct);
        if (vehicle is null) return NotFound();
        Tabs = new TabsModel(vehicle.PublicId, bereich, vehicle.DisplayName, vehicle.VinMasked);
        (Heading, Text) = bereich switch
        {
            "Rechnung" => ("Rechnungen", "Hier erscheinen hochgeladene Rechnungen. Das Hochladen von Nachweisen ist noch nicht freigeschaltet."),
            "Dokumentation" => ("Dokumentation", "Hier erscheinen Gutachten, Prüfberichte und Serviceheft-Seiten. Das Hochladen von Nachweisen ist noch nicht freigeschaltet."),
            "Galerie" => ("Galerie", "Hier erscheinen freigegebene Fotos. Das Hochladen von Fotos ist noch nicht freigeschaltet."),
            _ => ("Modul-Ereignisse", "Hier erscheinen Ereignisse aus Modulen, etwa Vorschläge von Werkstätten. Noch keine Ereignisse."),
        };
        return Page();
    }
}
