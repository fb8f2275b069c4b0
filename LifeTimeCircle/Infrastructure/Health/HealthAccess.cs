using System.Net;

namespace LifeTimeCircle.Infrastructure.Health;

/// <summary>
/// Who may read the detailed health page and its JSON form: loopback always, plus the operator's networks from
/// <c>LTC_HEALTH_ALLOWED_NETWORKS</c> (CIDR list, e.g. a monitoring VPN). Everyone else gets the ordinary 404.
/// The address is the connection's remote address after the forwarded-headers middleware, which believes
/// <c>X-Forwarded-For</c> only from a loopback peer (nginx on the same host, which sets it to the real client):
/// a visitor coming through nginx is therefore judged by their own address, never by nginx's loopback one.
/// </summary>
public sealed class HealthAccess(HealthOptions options)
{
    public const string Variable = HealthOptions.NetworksVariable;

    public IReadOnlyList<IPNetwork> Networks { get; } = options.AllowedNetworks;

    public bool Allows(IPAddress? address)
    {
        if (address is null) return false;
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        return IPAddress.IsLoopback(address) || Networks.Any(n => n.Contains(address));
    }

    /// <summary>Strict: one invalid entry stops the start with a message naming the variable.</summary>
    public static HealthAccess Load(IConfiguration configuration) => new(LtcOptions.Load<HealthOptions>(configuration));
}
