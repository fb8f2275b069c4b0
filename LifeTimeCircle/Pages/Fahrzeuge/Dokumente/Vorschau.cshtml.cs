using LifeTimeCircle.Data;
using LifeTimeCircle.Domain.Documents;
using LifeTimeCircle.Infrastructure.Documents;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;

namespace LifeTimeCircle.Pages.Fahrzeuge.Dokumente;

/// <summary>
/// One preview of a document (ADR 0022), with the owner check of the document page: another owner's or an unknown
/// document is a 404. Valid evidence with made previews gets the file, revalidated on every use by its ETag (the bytes
/// of a URL never change: a new upload is a new document); everything else of the owner — in review, refused by the
/// pipeline, a PDF, not made yet — gets a small neutral symbol.
/// Without a format in the URL (<c>…/Dokumente/{docId}/320</c>, what the Galerie uses to stay small) the format is negotiated:
/// WebP when the browser's Accept names it, else JPEG, with <c>Vary: Accept</c>.
/// </summary>
public sealed class VorschauModel(AppDbContext db, DocumentStorage storage) : PageModel
{
    public const string Pending = """<svg xmlns="http://www.w3.org/2000/svg" width="320" height="240" viewBox="0 0 320 240"><title>Keine Vorschau</title><rect width="320" height="240" fill="#eee"/><path d="M120 80h80v80h-80z" fill="none" stroke="#777" stroke-width="6"/></svg>""";

    public async Task<IActionResult> OnGetAsync(string id, string docId, string width, string? format, CancellationToken ct)
    {
        // The route's regex ignores case („320.JPG“); only the exact variants have files.
        if (width is not ("320" or "1024") || format is not (null or "webp" or "jpg")) return NotFound();
        if (format is null)
        {
            Response.Headers.Vary = "Accept";
            format = AcceptsWebp(Request) ? "webp" : "jpg";
        }
        var vehicle = await db.OwnedVehicleForReadAsync(User.UserId(), id, ct);
        if (vehicle is null) return NotFound();
        var doc = await db.Documents.AsNoTracking().Where(d => d.VehicleId == vehicle.Id && d.PublicId == docId)
            .Select(d => new
            {
                d.StorageKey, d.Sha256, Valid = db.Documents.Where(Document.ValidEvidence).Any(v => v.Id == d.Id),
                Ready = db.DocumentThumbnails.Any(t => t.DocumentId == d.Id && t.State == ThumbnailState.Ready),
            })
            .SingleOrDefaultAsync(ct);
        if (doc is null) return NotFound();
        var variant = width + "." + format;
        var path = doc.Valid && doc.Ready ? storage.ThumbnailPathFor(doc.StorageKey, variant) : null;
        if (path is null || !System.IO.File.Exists(path))
        {
            DownloadHeaders.Apply(Response, "vorschau.svg", "image/svg+xml", inline: true);
            Response.Headers.CacheControl = "private, no-cache";
            return Content(Pending, "image/svg+xml");
        }
        DownloadHeaders.Apply(Response, docId + "-" + variant, format == "webp" ? "image/webp" : "image/jpeg", inline: true);
        // Revalidated on every use (a cheap 304 by the ETag): each look runs the owner and validity checks again, and
        // nothing stays viewable from the cache of a shared computer after signing out, a PII flag or a deletion.
        Response.Headers.CacheControl = "private, no-cache";
        var etag = new EntityTagHeaderValue("\"" + (doc.Sha256 ?? doc.StorageKey)[..16] + "-" + variant + "\"");
        return new PhysicalFileResult(path, format == "webp" ? "image/webp" : "image/jpeg") { EntityTag = etag };
    }

    /// <summary>True when the request's Accept header lists <c>image/webp</c> (every current browser does for images).</summary>
    public static bool AcceptsWebp(HttpRequest request) =>
        request.Headers.Accept.ToString().Contains("image/webp", StringComparison.OrdinalIgnoreCase);
}
