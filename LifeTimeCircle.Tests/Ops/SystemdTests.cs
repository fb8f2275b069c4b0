using LifeTimeCircle.Tests.Infrastructure;

namespace LifeTimeCircle.Tests.Ops;

public sealed class SystemdTests
{
    private static string RepoFile(params string[] parts)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "LifeTimeCircle.sln"))) dir = dir.Parent;
        return Path.Combine([dir?.FullName ?? throw new InvalidOperationException("Repository nicht gefunden"), .. parts]);
    }

    [Fact]
    public void The_units_pass_systemd_analyze_verify()
    {
        Prerequisites.EnsurePackages("/usr/bin/systemd-analyze", "systemd");
        // verify checks that ExecStart exists; the published binary is not installed on a test machine, so the
        // units are verified with ExecStart pointing at a stand-in executable. Everything else is verified as shipped.
        var dir = Path.Combine(Path.GetTempPath(), "ltc-systemd-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var standIn = Path.Combine(dir, "LifeTimeCircle");
        File.Copy("/bin/true", standIn);
        var units = new[] { "lifetimecircle.service", "lifetimecircle-backup.service", "lifetimecircle-backup.timer" };
        foreach (var unit in units)
        {
            var text = File.ReadAllText(RepoFile("systemd", unit)).Replace("/opt/lifetimecircle/LifeTimeCircle", standIn, StringComparison.Ordinal);
            File.WriteAllText(Path.Combine(dir, unit), text);
        }
        var output = Prerequisites.Run("/usr/bin/systemd-analyze", "verify " + string.Join(' ', units.Select(u => Path.Combine(dir, u))));
        Assert.DoesNotContain("lifetimecircle", output, StringComparison.OrdinalIgnoreCase);
        Directory.Delete(dir, true);

        var service = File.ReadAllText(RepoFile("systemd", "lifetimecircle.service"));
        foreach (var line in new[] { "Type=notify", "NoNewPrivileges=yes", "ProtectSystem=strict", "ProtectHome=yes", "PrivateTmp=yes",
                     "ReadWritePaths=/var/lib/lifetimecircle", "StateDirectory=lifetimecircle", "EnvironmentFile=/etc/lifetimecircle/lifetimecircle.env",
                     "SyslogIdentifier=lifetimecircle", "Restart=on-failure", "CapabilityBoundingSet=", "SystemCallFilter=@system-service" })
        {
            Assert.Contains(line + "\n", service, StringComparison.Ordinal);
        }
        Assert.DoesNotContain("MemoryDenyWriteExecute=yes", service, StringComparison.Ordinal);
    }
}
