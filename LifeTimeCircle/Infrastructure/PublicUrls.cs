namespace LifeTimeCircle.Infrastructure;

/// <summary>
/// Every absolute URL the app hands out (share page, QR codes, PDFs, mails) is built here from the configured
/// <c>LTC_PUBLIC_URL</c> – never from the request's Host header, which a client or a misconfigured proxy controls.
/// </summary>
public sealed class PublicUrls(LtcEnvironment environment)
{
    /// <summary><c>scheme://host[:port]</c> without a trailing slash.</summary>
    public string Base { get; } = environment.PublicUrl.GetLeftPart(UriPartial.Authority);

    /// <summary>The public mini-check of a share token (SPEC §7).</summary>
    public string MiniCheck(string shareToken) => $"{Base}/q/{Uri.EscapeDataString(shareToken)}";

    /// <summary>Where a printed certificate code is checked.</summary>
    public string CertificateCheck => Base + "/Zertifikat";

    /// <summary>
    /// The buyer's redeem page with the handover code in the fragment (ADR 0009): a fragment never reaches the server,
    /// so the code is in no access log; the page's script fills it into the form, without script it is typed.
    /// </summary>
    public string Handover(string formattedCode) => $"{Base}/Uebergabe#code={Uri.EscapeDataString(formattedCode)}";

    public string HandoverPage => Base + "/Uebergabe";
}
