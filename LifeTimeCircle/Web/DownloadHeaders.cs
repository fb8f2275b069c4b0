using System.Net.Mime;

namespace LifeTimeCircle.Web;

/// <summary>
/// The one set of headers for every file the app hands out (documents, the reviewer's preview, exports): the browser
/// neither sniffs the type nor runs anything inside the file, and nothing is kept in a shared cache.
/// </summary>
public static class DownloadHeaders
{
    public const string ContentSecurityPolicy = "default-src 'none'; img-src 'self'; sandbox";

    /// <summary>
    /// Sets the security headers and <c>Content-Disposition</c> (attachment, or inline for the reviewer's preview)
    /// with a file name reduced to safe characters.
    /// </summary>
    public static void Apply(HttpResponse response, string fileName, string contentType, bool inline = false)
    {
        response.ContentType = contentType;
        response.Headers["X-Content-Type-Options"] = "nosniff";
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        response.Headers.CacheControl = "private, no-store";
        response.Headers.ContentDisposition = new ContentDisposition
        {
            DispositionType = inline ? DispositionTypeNames.Inline : DispositionTypeNames.Attachment,
            FileName = SafeFileName(fileName),
        }.ToString();
    }

    /// <summary>No path, quotes or control characters; umlauts stay (encoded by <see cref="ContentDisposition"/>).</summary>
    public static string SafeFileName(string? name)
    {
        var baseName = (name ?? "").Replace('\\', '/').Split('/').Last();
        var clean = new string(baseName.Where(c => !char.IsControl(c) && c is not ('"' or '<' or '>' or '|' or ':' or '*' or '?' or ';')).ToArray()).Trim();
        if (clean.Length == 0) clean = "Datei";
        return clean.Length > 120 ? clean[..120] : clean;
    }
}
