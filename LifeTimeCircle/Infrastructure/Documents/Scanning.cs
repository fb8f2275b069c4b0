using System.Net.Sockets;
using System.Text;

namespace LifeTimeCircle.Infrastructure.Documents;

public enum ScanVerdict { Clean, Infected, Unavailable }

public sealed record ScanOutcome(ScanVerdict Verdict, string? Detail);

/// <summary>ClamAV's clamd over TCP or a Unix socket with the INSTREAM command.</summary>
public sealed class ClamAvClient(DocumentOptions options)
{
    public bool IsConfigured => options.ClamAv is not null;

    public async Task<ScanOutcome> ScanAsync(Stream content, CancellationToken ct)
    {
        if (options.ClamAv is not { } endpoint) return new ScanOutcome(ScanVerdict.Unavailable, "ClamAV nicht konfiguriert");
        try
        {
            using var socket = await ConnectAsync(endpoint, ct);
            await using var stream = new NetworkStream(socket, ownsSocket: false);
            stream.ReadTimeout = 60_000;
            await stream.WriteAsync("zINSTREAM\0"u8.ToArray(), ct);
            var buffer = new byte[64 * 1024];
            int n;
            while ((n = await content.ReadAsync(buffer, ct)) > 0)
            {
                var length = new byte[] { (byte)(n >> 24), (byte)(n >> 16), (byte)(n >> 8), (byte)n };
                await stream.WriteAsync(length, ct);
                await stream.WriteAsync(buffer.AsMemory(0, n), ct);
            }
            await stream.WriteAsync(new byte[4], ct);
            await stream.FlushAsync(ct);
            using var reply = new MemoryStream();
            var chunk = new byte[1024];
            while ((n = await stream.ReadAsync(chunk, ct)) > 0)
            {
                reply.Write(chunk, 0, n);
                if (chunk[n - 1] == 0) break;
            }
            var text = Encoding.ASCII.GetString(reply.ToArray()).TrimEnd('\0', '\n').Trim();
            if (text.EndsWith("OK", StringComparison.Ordinal)) return new ScanOutcome(ScanVerdict.Clean, null);
            if (text.EndsWith("FOUND", StringComparison.Ordinal))
            {
                var signature = text.Replace("stream:", "", StringComparison.Ordinal).Replace("FOUND", "", StringComparison.Ordinal).Trim();
                return new ScanOutcome(ScanVerdict.Infected, "ClamAV: " + signature);
            }
            return new ScanOutcome(ScanVerdict.Unavailable, "clamd: " + (text.Length > 80 ? text[..80] : text));
        }
        catch (Exception ex) when (ex is SocketException or IOException or TimeoutException)
        {
            return new ScanOutcome(ScanVerdict.Unavailable, "clamd nicht erreichbar (" + ex.GetType().Name + ")");
        }
    }

    private static async Task<Socket> ConnectAsync(string endpoint, CancellationToken ct)
    {
        var uri = new Uri(endpoint);
        if (uri.Scheme == "unix")
        {
            var unix = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            await unix.ConnectAsync(new UnixDomainSocketEndPoint(uri.AbsolutePath), ct);
            return unix;
        }
        var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        await tcp.ConnectAsync(uri.Host, uri.Port, timeout.Token);
        return tcp;
    }
}

/// <summary>The app's own structural checks, before and besides ClamAV.</summary>
public static class StructuralChecks
{
    private static readonly string[] PdfActive = ["/JavaScript", "/JS", "/OpenAction", "/Launch", "/EmbeddedFile", "/AA", "/RichMedia"];

    public static async Task<string?> FindProblemAsync(Stream content, string contentType, CancellationToken ct)
    {
        using var copy = new MemoryStream();
        await content.CopyToAsync(copy, ct);
        var bytes = copy.GetBuffer().AsSpan(0, (int)copy.Length);
        switch (contentType)
        {
            case "application/pdf":
                var text = Encoding.Latin1.GetString(bytes);
                foreach (var marker in PdfActive)
                {
                    var at = text.IndexOf(marker, StringComparison.Ordinal);
                    // "/JS" must not match "/JSON"-like names: require a delimiter after the name.
                    while (at >= 0)
                    {
                        var next = at + marker.Length < text.Length ? text[at + marker.Length] : ' ';
                        if (!char.IsLetterOrDigit(next)) return "PDF mit aktiven Inhalten (" + marker + ")";
                        at = text.IndexOf(marker, at + 1, StringComparison.Ordinal);
                    }
                }
                return text.Contains("%%EOF", StringComparison.Ordinal) ? null : "PDF unvollständig";
            case "image/png":
                return bytes.Length > 33 && bytes[12..16].SequenceEqual("IHDR"u8) && bytes.IndexOf("IEND"u8) > 0 ? null : "PNG nicht lesbar";
            case "image/jpeg":
                return bytes.Length > 4 && bytes[^2] == 0xFF && bytes[^1] == 0xD9 ? null : "JPEG nicht lesbar";
            case "image/webp":
                return bytes.Length > 16 && BitConverter.ToUInt32(bytes[4..8]) + 8 == bytes.Length ? null : "WebP nicht lesbar";
            default:
                return "Unbekannter Dateityp";
        }
    }
}
