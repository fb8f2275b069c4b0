using LifeTimeCircle.Data;
using LifeTimeCircle.Domain.Exports;
using LifeTimeCircle.Domain.Trust;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Pages.Public;

/// <summary>
/// Public check of a Trust-Zertifikat by its printed verification code. A valid certificate shows what was certified
/// on the day of issue (<see cref="CertificateSnapshot"/>: light, reasons, entry counts by T-level, make/model, build
/// year, masked VIN, dates) and the PDF's SHA-256, so that an edited PDF stands out; later changes to the vehicle do
/// not alter it. Expired/replaced certificates get the short neutral answer, unknown codes „nicht gefunden“.
/// No owner data, never the full VIN; rate-limited like the mini-check.
/// </summary>
[IgnoreAntiforgeryToken]
public sealed class ZertifikatModel(AppDbContext db, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "code")]
    public string? Code { get; set; }

    /// <summary>The certified content, shown only while the certificate is valid.</summary>
    public sealed record Certified(TrustLight Light, string Hint, IReadOnlyList<TrustReason> Reasons, int EntriesT1, int EntriesT2, int EntriesT3,
        int? BuildYear, string PdfSha256);

    /// <param name="Snapshot">Null for certificates issued before snapshots were stored, and for ones no longer valid.</param>
    /// <param name="Legacy">Issued before snapshots were stored: the vehicle shown is today's.</param>
    public sealed record Result(bool Valid, string Vehicle, string VinMasked, DateTimeOffset Issued, DateTimeOffset? Expires, string Status,
        Certified? Snapshot, bool Legacy);

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
                         join s in db.CertificateSnapshots on j.Id equals s.ExportJobId into snapshots
                         from s in snapshots.DefaultIfEmpty()
                         where j.VerificationCode == code && j.Type == ExportType.TrustZertifikat && j.FinishedAt != null
                         select new { j.Status, j.FinishedAt, j.ExpiresAt, j.ReplacedByVersion, v.Make, v.Model, v.VinMasked, Snapshot = s })
            .SingleOrDefaultAsync(ct);
        if (hit is null) return;
        var valid = hit.Status == ExportStatus.Succeeded && hit.ExpiresAt > clock.GetUtcNow();
        var status = valid ? "gültig" : hit.ReplacedByVersion is not null ? "durch eine neuere Fassung ersetzt" : "abgelaufen";
        if (hit.Snapshot is not { } s0)
        {
            Found = new Result(valid, $"{hit.Make} {hit.Model}", hit.VinMasked, hit.FinishedAt!.Value, hit.ExpiresAt, status, null, Legacy: true);
            return;
        }
        var certified = valid
            ? new Certified(s0.Light, s0.PublicHint, s0.Reasons.Select(Reason).ToList(), s0.EntriesT1, s0.EntriesT2, s0.EntriesT3, s0.BuildYear, s0.PdfSha256)
            : null;
        Found = new Result(valid, $"{s0.Make} {s0.Model}", s0.VinMasked, s0.IssuedAt, s0.ValidUntil, status, certified, Legacy: false);
    }

    /// <summary>A stored code with its catalogue hint; a code the catalogue no longer knows is shown as it is.</summary>
    private static TrustReason Reason(string code) =>
        TrustEngine.Catalog.FirstOrDefault(r => r.Code == code) ?? new TrustReason(code, 0, TrustSeverity.Warn, code);
}
