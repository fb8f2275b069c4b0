using LifeTimeCircle.Data;
using LifeTimeCircle.Domain.Exports;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Pages.Public;

/// <summary>
/// Public check of a Trust-Zertifikat by its printed verification code: valid (with vehicle make/model, masked VIN,
/// issue and expiry date), expired/replaced, or unknown. No owner data; rate-limited like the mini-check.
/// </summary>
[IgnoreAntiforgeryToken]
public sealed class ZertifikatModel(AppDbContext db, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "code")]
    public string? Code { get; set; }

    public sealed record Result(bool Valid, string Vehicle, string VinMasked, DateTimeOffset Issued, DateTimeOffset? Expires, string Status);

    public Result? Found { get; private set; }
    public bool Searched { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Response.Headers.CacheControl = "no-store";
        Response.Headers["X-Robots-Tag"] = "noindex, nofollow";
        var code = (Code ?? "").Trim().ToUpperInvariant().Replace(" ", "", StringComparison.Ordinal);
        if (code.Length == 10 && !code.Contains('-', StringComparison.Ordinal)) code = $"{code[..4]}-{code[4..8]}-{code[8..]}";
        if (code.Length == 0) return;
        Searched = true;
        if (code.Length != 12)
        {
            ModelState.AddModelError(nameof(Code), "Der Prüfcode hat das Format XXXX-XXXX-XX.");
            return;
        }
        var hit = await (from j in db.ExportJobs.AsNoTracking()
                         join v in db.Vehicles on j.VehicleId equals v.Id
                         where j.VerificationCode == code && j.Type == ExportType.TrustZertifikat && j.FinishedAt != null
                         select new { j.Status, j.FinishedAt, j.ExpiresAt, j.ReplacedByVersion, v.Make, v.Model, v.VinMasked })
            .SingleOrDefaultAsync(ct);
        if (hit is null) return;
        var valid = hit.Status == ExportStatus.Succeeded && hit.ExpiresAt > clock.GetUtcNow();
        var status = valid ? "gültig" : hit.ReplacedByVersion is not null ? "durch eine neuere Fassung ersetzt" : "abgelaufen";
        Found = new Result(valid, $"{hit.Make} {hit.Model}", hit.VinMasked, hit.FinishedAt!.Value, hit.ExpiresAt, status);
    }
}
