using LifeTimeCircle.Data;
using LifeTimeCircle.Domain.Cms;
using LifeTimeCircle.Domain.Images;
using LifeTimeCircle.Infrastructure.Documents;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;

namespace LifeTimeCircle.Pages.Artikelbilder;

/// <summary>
/// One preview (320 or 1024 px, WebP or JPEG; ADR 0022) of an article image (ADR 0024). Only checked images are served,
/// never the original. An image of a published article is public (anonymous, <c>Cache-Control: public</c> with an
/// ETag); an image of any other article only to the editorial roles that may see that article (a moderator their own,
/// admins and superadmins all; not cached). Everyone else — and every unknown, unchecked or refused image — gets 404.
/// Without a format in the URL the format is negotiated like the document previews: WebP when Accept names it.
/// </summary>
public sealed class DateiModel(AppDbContext db, DocumentStorage storage) : PageModel
{
    /// <summary>Public copies are revalidated after 10 minutes, so a withdrawn article's images leave caches soon.</summary>
    public const string PublicCache = "public, max-age=600";

    public async Task<IActionResult> OnGetAsync(string imageId, string width, string? format, CancellationToken ct)
    {
        if (width is not ("320" or "1024") || format is not (null or "webp" or "jpg") || !Domain.Vehicles.PublicIds.LooksValid(imageId)) return NotFound();
        if (format is null)
        {
            Response.Headers.Vary = "Accept";
            format = Fahrzeuge.Dokumente.VorschauModel.AcceptsWebp(Request) ? "webp" : "jpg";
        }
        var image = await db.UploadedImages.AsNoTracking()
            .Where(i => i.PublicId == imageId && i.State == ImageState.Ready && i.ArticleId != null)
            .Join(db.Articles, i => i.ArticleId, a => a.Id, (i, a) => new { i.StorageKey, i.Sha256, a.State, a.AuthorId })
            .SingleOrDefaultAsync(ct);
        if (image is null) return NotFound();
        var published = image.State == ArticleState.Published;
        if (!published && !(User.Identity?.IsAuthenticated == true && ArticleWorkflow.MaySee(User.PrimaryRole(), User.UserId(), image.AuthorId))) return NotFound();
        // A draft's image only under the editorial desk's own rule: an administrator without TOTP sees no draft (AdminTwoFactorFilter).
        if (!published && User.IsAdministrator() && await db.Users.AsNoTracking().Where(u => u.Id == User.UserId()).Select(u => u.TwoFactorEnabled).SingleOrDefaultAsync(ct) != true)
        {
            return NotFound();
        }
        var variant = width + "." + format;
        var path = storage.ThumbnailPathFor(image.StorageKey, variant);
        if (!System.IO.File.Exists(path)) return NotFound();
        var contentType = format == "webp" ? "image/webp" : "image/jpeg";
        DownloadHeaders.Apply(Response, imageId + "-" + variant, contentType, inline: true);
        // A draft's image stays out of every cache (shared computers); a published one may be kept and revalidated.
        Response.Headers.CacheControl = published ? PublicCache : "private, no-store";
        var etag = new EntityTagHeaderValue("\"" + image.Sha256[..16] + "-" + variant + "\"");
        return new PhysicalFileResult(path, contentType) { EntityTag = etag };
    }
}
