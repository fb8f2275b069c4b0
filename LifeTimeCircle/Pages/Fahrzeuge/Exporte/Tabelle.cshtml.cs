using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Infrastructure.Audit;
using LifeTimeCircle.Infrastructure.Imports;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LifeTimeCircle.Pages.Fahrzeuge.Exporte;

/// <summary>„Als CSV exportieren“ and „Als Excel exportieren“: the vehicle's timeline as a spreadsheet (owner only; another's vehicle is 404).</summary>
public sealed class TabelleModel(AppDbContext db, TimelineSpreadsheet spreadsheet, AuditWriter audit, TimeProvider clock) : PageModel
{
    public Task<IActionResult> OnGetAsync(string id, CancellationToken ct) => SendAsync(id, "csv", ct);

    /// <summary>„Als Excel exportieren“ (.xlsx).</summary>
    public Task<IActionResult> OnGetExcelAsync(string id, CancellationToken ct) => SendAsync(id, "xlsx", ct);

    private async Task<IActionResult> SendAsync(string id, string format, CancellationToken ct)
    {
        var vehicle = await db.OwnedVehicleForReadAsync(User.UserId(), id, ct);
        if (vehicle is null) return NotFound();
        await audit.WriteAsync(AuditActions.TimelineExported, "VEHICLE", vehicle.PublicId, AuditResult.Success,
            new Dictionary<string, object?> { ["format"] = format }, ct: ct);
        var name = $"eintragung-{vehicle.VinMasked.Replace("*", "x", StringComparison.Ordinal)}-{Display.BerlinDate(clock.GetUtcNow()):yyyy-MM-dd}.{format}";
        if (format == "xlsx")
        {
            DownloadHeaders.Apply(Response, name, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
            await spreadsheet.WriteXlsxAsync(vehicle, Response.Body, ct);
        }
        else
        {
            DownloadHeaders.Apply(Response, name, "text/csv; charset=utf-8");
            await spreadsheet.WriteCsvAsync(vehicle, Response.Body, ct);
        }
        return new EmptyResult();
    }
}
