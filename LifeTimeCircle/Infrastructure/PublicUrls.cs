using Microsoft.AspNetCore.Routing;

namespace LifeTimeCircle.Infrastructure;

/// <summary>
/// Every absolute URL the app hands out (share page, QR codes, PDFs, mails) is built here from the configured
/// <c>LTC_PUBLIC_URL</c> – never from the request's Host header, which a client or a misconfigured proxy controls.
/// Paths come from the page name and its route values (STYLE.md convention 12), so they work without an
/// HttpContext too (background jobs).
/// </summary>
public sealed class PublicUrls(LtcEnvironment environment, LinkGenerator links)
{
    /// <summary><c>scheme://host[:port]</c> without a trailing slash.</summary>
    public string Base { get; } = environment.PublicUrl.GetLeftPart(UriPartial.Authority);

    /// <summary>The absolute URL of a page; throws if a required route value is missing (never an empty link).</summary>
    public string Page(string pageName, object? values = null) =>
        Base + (links.GetPathByPage(pageName, handler: null, values)
            ?? throw new InvalidOperationException($"Keine URL für die Seite {pageName} (fehlt ein Routenwert?)."));

    /// <summary>The public mini-check of a share token (SPEC §7).</summary>
    public string MiniCheck(string shareToken) => Page("/Public/Q", new { token = shareToken });

    /// <summary>Where a printed certificate code is checked.</summary>
    public string CertificateCheck => Page("/Public/Zertifikat");
}
