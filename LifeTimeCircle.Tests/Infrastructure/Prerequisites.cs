using System.Diagnostics;

namespace LifeTimeCircle.Tests.Infrastructure;

/// <summary>
/// System packages some suites need. Missing ones are installed from Debian's packages with apt-get when
/// running as root; otherwise (or if installing fails) the test fails with a clear message — never a skip.
/// </summary>
public static class Prerequisites
{
    private static readonly Lock Gate = new();

    public const string ChromiumPath = "/usr/bin/chromium";

    public static void EnsureChromium() => EnsurePackages(ChromiumPath, "chromium", "chromium-driver");

    public static void EnsurePackages(string probePath, params string[] packages)
    {
        lock (Gate)
        {
            if (File.Exists(probePath)) return;
            if (Environment.UserName != "root")
            {
                throw new InvalidOperationException(
                    $"{probePath} fehlt. Bitte installieren: sudo apt-get install -y {string.Join(' ', packages)}");
            }
            Run("apt-get", "update -qq");
            Run("apt-get", "install -y -qq --no-install-recommends " + string.Join(' ', packages));
            if (!File.Exists(probePath))
            {
                throw new InvalidOperationException($"{probePath} fehlt auch nach apt-get install {string.Join(' ', packages)}.");
            }
        }
    }

    /// <summary>Runs a program; returns standard output and standard error together; fails on a non-zero exit.</summary>
    public static string Run(string file, string arguments, int timeoutSeconds = 900)
    {
        var psi = new ProcessStartInfo(file, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("Konnte nicht starten: " + file);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeoutSeconds * 1000))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{file} {arguments}: Zeitlimit überschritten");
        }
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {arguments} endete mit {process.ExitCode}:\n{stdout.Result}\n{stderr.Result}");
        }
        return stdout.Result + stderr.Result;
    }
}
