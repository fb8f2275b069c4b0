using System.Net;

namespace LifeTimeCircle.Infrastructure.Health;

/// <summary>
/// Who may read the detailed health page and its JSON form: loopback always, plus the operator's networks from
/// <c>LTC_HEALTH_ALLOWED_NETWORKS</c> (CIDR list, e.g. a monitoring VPN). Everyone else gets the ordinary 404.
/// The address is the connection's remote address after the forwarded-headers middleware, which believes
/// <c>X-Forwarded-For</c> only from a loopback peer (nginx on the same host, which sets it to the real client):
/// a visitor coming through nginx is therefore judged by their own address, never by nginx's loopback one.
/// </summary>
public sealed class HealthAccess
{
    public const string Variable = "LTC_HEALTH_ALLOWED_NETWORKS";

    private HealthAccess(IReadOnlyList<IPNetwork> networks) => Networks = networks;

    public IReadOnlyList<IPNetwork> Networks { get; }

    public bool Allows(IPAddress? address)
    {
        if (address is null) return false;
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        return IPAddress.IsLoopback(address) || Networks.Any(n => n.Contains(address));
    }

    /// <summary>Strict: one invalid entry stops the start with a German message naming the variable.</summary>
    public static HealthAccess Load(IConfiguration configuration)
    {
        var networks = new List<IPNetwork>();
        var value = configuration[Variable] ?? "";
        foreach (var entry in value.Split([',', ';', ' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (!IPNetwork.TryParse(entry, out var network) || !HostBitsAreZero(entry, network.PrefixLength))
            {
                throw new InvalidOperationException(
                    $"{Variable}: „{entry}“ ist kein Netz in CIDR-Schreibweise (z. B. 10.8.0.0/24 oder fd00::/8; Hostbits müssen 0 sein).");
            }
            networks.Add(network);
        }
        return new HealthAccess(networks);
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
