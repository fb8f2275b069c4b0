using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Infrastructure.Audit;
using LifeTimeCircle.Infrastructure.Imports;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LifeTimeCircle.Pages.Fahrzeuge.Exporte;

/// <summary>„Als CSV exportieren“: the vehicle's timeline streamed as a spreadsheet (owner only; another's vehicle is 404).</summary>
public sealed class TabelleModel(AppDbContext db, TimelineSpreadsheet spreadsheet, AuditWriter audit, TimeProvider clock) : PageModel
{
    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        var vehicle = await db.OwnedVehicleForReadAsync(User.UserId(), id, ct);
        if (vehicle is null) return NotFound();
        await audit.WriteAsync(AuditActions.TimelineExported, "VEHICLE", vehicle.PublicId, AuditResult.Success,
            new Dictionary<string, object?> { ["format"] = "csv" }, ct: ct);
        DownloadHeaders.Apply(Response, $"eintragung-{vehicle.VinMasked.Replace("*", "x", StringComparison.Ordinal)}-{Display.BerlinDate(clock.GetUtcNow()):yyyy-MM-dd}.csv",
            "text/csv; charset=utf-8");
        await spreadsheet.WriteCsvAsync(vehicle, Response.Body, ct);
        return new EmptyResult();
    }
}
