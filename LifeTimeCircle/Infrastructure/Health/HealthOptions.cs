using System.Net;

namespace LifeTimeCircle.Infrastructure.Health;

/// <summary>Health page access and disk thresholds (docs/configuration.md, docs/monitoring.md), validated at start.</summary>
public sealed class HealthOptions : ILtcOptions
{
    public const string NetworksVariable = "LTC_HEALTH_ALLOWED_NETWORKS";

    /// <summary>Networks besides loopback that may read <c>/health</c> (see <see cref="HealthAccess"/>).</summary>
    public IReadOnlyList<IPNetwork> AllowedNetworks { get; set; } = [];

    /// <summary>Health check <c>speicherplatz</c> is degraded below this share of free space (percent).</summary>
    public double DiskWarnPercent { get; set; } = 15;

    /// <summary>… and unhealthy below this one.</summary>
    public double DiskFailPercent { get; set; } = 10;

    /// <summary>
    /// Health check <c>scanner</c> is unhealthy only when the oldest upload waiting for its scan is older than this
    /// (<c>LTC_SCAN_MAX_WAIT_MINUTES</c>); clamd being down alone is degraded: the site works, uploads wait.
    /// </summary>
    public int ScanMaxWaitMinutes { get; set; } = 60;

    public void Read(LtcVariables v)
    {
        var networks = new List<IPNetwork>();
        foreach (var entry in (v.Text(NetworksVariable) ?? "").Split([',', ';', ' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (!IPNetwork.TryParse(entry, out var network) || !HostBitsAreZero(entry, network.PrefixLength))
            {
                v.Error(NetworksVariable, $"„{entry}“ ist kein Netz in CIDR-Schreibweise (z. B. 10.8.0.0/24 oder fd00::/8; Hostbits müssen 0 sein) / " +
                                          "is not a CIDR network (host bits must be 0).");
                continue;
            }
            networks.Add(network);
        }
        AllowedNetworks = networks;
        DiskWarnPercent = v.Percent("LTC_DISK_WARN_PERCENT", 15);
        DiskFailPercent = v.Percent("LTC_DISK_FAIL_PERCENT", 10);
        ScanMaxWaitMinutes = v.Number("LTC_SCAN_MAX_WAIT_MINUTES", 60, 1, 7 * 24 * 60);
        if (DiskFailPercent > DiskWarnPercent)
        {
            v.Error("LTC_DISK_FAIL_PERCENT", $"muss kleiner oder gleich LTC_DISK_WARN_PERCENT sein / must not exceed LTC_DISK_WARN_PERCENT.");
        }
    }

    /// <summary>"10.0.0.1/8" is refused: the operator may have meant a single host, so they write what they mean.</summary>
    private static bool HostBitsAreZero(string entry, int prefixLength)
    {
        var slash = entry.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || !IPAddress.TryParse(entry[..slash], out var address)) return false;
        var bytes = address.GetAddressBytes();
        for (var bit = prefixLength; bit < bytes.Length * 8; bit++)
        {
            if ((bytes[bit / 8] & (0x80 >> (bit % 8))) != 0) return false;
        }
        return true;
    }
}
