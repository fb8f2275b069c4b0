using QRCoder;

namespace LifeTimeCircle.Infrastructure.Security;

public static class QrCodes
{
    /// <summary>An SVG QR code (black on white, quiet zone) for inline use; no inline styles (CSP).</summary>
    public static string Svg(string text, int pixelsPerModule = 4)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        return new SvgQRCode(data).GetGraphic(pixelsPerModule, "#000000", "#ffffff", drawQuietZones: true);
    }
}
