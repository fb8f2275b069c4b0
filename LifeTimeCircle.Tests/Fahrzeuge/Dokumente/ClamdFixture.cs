using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using LifeTimeCircle.Tests.Infrastructure;

namespace LifeTimeCircle.Tests.Fahrzeuge.Dokumente;

/// <summary>
/// A real clamd from Debian's clamav-daemon, started on a loopback port with a signature database made for the
/// tests: the MD5 signature (sigtool --md5) of a PDF that carries the EICAR test string. Works offline.
/// </summary>
public sealed class ClamdFixture : IAsyncLifetime
{
    private Process? _clamd;
    public string Dir { get; } = Path.Combine(Path.GetTempPath(), "ltc-clamd-" + Guid.NewGuid().ToString("N"));
    public int Port { get; private set; }
    public string Endpoint => $"tcp://127.0.0.1:{Port}";

    /// <summary>A PDF carrying the EICAR anti-virus test string (assembled at run time so that the source file itself is inert).</summary>
    public static byte[] EicarPdf { get; } = Encoding.ASCII.GetBytes("%PDF-1.4\n% " + string.Concat("X5O!P%@AP[4\\PZX54(P^)7CC)7}$", "EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*") + "\n%%EOF\n");

    /// <summary>A readable PNG with the EICAR test string after its end (passes the structural check; clamd finds it by its MD5).</summary>
    public static byte[] EicarPng { get; } = [.. TestImages.Png(8, 8), .. Encoding.ASCII.GetBytes(string.Concat("X5O!P%@AP[4\\PZX54(P^)7CC)7}$", "EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"))];

    public static byte[] CleanPdf(string text = "Rechnung") => Encoding.ASCII.GetBytes(
        "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n% " + text + "\ntrailer << /Root 1 0 R >>\n%%EOF\n");

    public async Task InitializeAsync()
    {
        Prerequisites.EnsurePackages("/usr/sbin/clamd", "clamav-daemon", "clamav");
        Prerequisites.EnsurePackages("/usr/bin/sigtool", "clamav");
        Directory.CreateDirectory(Path.Combine(Dir, "db"));
        var sample = Path.Combine(Dir, "eicar.pdf");
        await File.WriteAllBytesAsync(sample, EicarPdf);
        var signature = Prerequisites.Run("/usr/bin/sigtool", "--md5 " + sample).Trim().Split('\n')[0];
        var image = Path.Combine(Dir, "eicar.png");
        await File.WriteAllBytesAsync(image, EicarPng);
        var imageSignature = Prerequisites.Run("/usr/bin/sigtool", "--md5 " + image).Trim().Split('\n')[0];
        await File.WriteAllTextAsync(Path.Combine(Dir, "db", "ltc-test.hdb"), signature.Replace("eicar.pdf", "LTC.Test.EICAR-PDF", StringComparison.Ordinal) + "\n"
            + imageSignature.Replace("eicar.png", "LTC.Test.EICAR-PNG", StringComparison.Ordinal) + "\n");
        File.Delete(sample);
        File.Delete(image);
        using (var l = new TcpListener(IPAddress.Loopback, 0))
        {
            l.Start();
            Port = ((IPEndPoint)l.LocalEndpoint).Port;
        }
        await File.WriteAllTextAsync(Path.Combine(Dir, "clamd.conf"), $"""
            Foreground yes
            DatabaseDirectory {Dir}/db
            TCPSocket {Port}
            TCPAddr 127.0.0.1
            LogFile {Dir}/clamd.log
            StreamMaxLength 25M
            MaxThreads 2
            """);
        await StartAsync();
    }

    public async Task StartAsync()
    {
        _clamd = Process.Start(new ProcessStartInfo("/usr/sbin/clamd", $"-c {Dir}/clamd.conf") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true })!;
        for (var i = 0; i < 600; i++)
        {
            try
            {
                using var c = new TcpClient();
                await c.ConnectAsync(IPAddress.Loopback, Port);
                await using var s = c.GetStream();
                await s.WriteAsync("zPING\0"u8.ToArray());
                var buffer = new byte[16];
                var n = await s.ReadAsync(buffer);
                if (Encoding.ASCII.GetString(buffer, 0, n).StartsWith("PONG", StringComparison.Ordinal)) return;
            }
            catch (SocketException)
            {
            }
            catch (IOException)
            {
            }
            if (_clamd.HasExited) break;
            await Task.Delay(100);
        }
        var log = File.Exists(Path.Combine(Dir, "clamd.log")) ? await File.ReadAllTextAsync(Path.Combine(Dir, "clamd.log")) : "";
        throw new InvalidOperationException("clamd startet nicht: " + log);
    }

    public async Task StopAsync()
    {
        if (_clamd is { HasExited: false })
        {
            _clamd.Kill(entireProcessTree: true);
            await _clamd.WaitForExitAsync();
        }
    }

    public async Task DisposeAsync()
    {
        await StopAsync();
        _clamd?.Dispose();
        try
        {
            Directory.Delete(Dir, true);
        }
        catch (IOException)
        {
            // Left for the OS temp cleanup.
        }
    }
}
