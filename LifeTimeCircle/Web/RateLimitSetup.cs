using System.Threading.RateLimiting;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Infrastructure;
using LifeTimeCircle.Infrastructure.Audit;

namespace LifeTimeCircle.Web;

/// <summary>
/// Per-client limits on sign-in, code sending and code checking (SPEC §2). The client is the connection's
/// remote address, which the forwarded-headers middleware sets from nginx only (loopback).
/// Limits per window are configurable: LTC_RATELIMIT_SIGNIN, LTC_RATELIMIT_CODESEND, LTC_RATELIMIT_CODECHECK,
/// LTC_RATELIMIT_PUBLIC, LTC_RATELIMIT_TRANSFER (handover code checks; per account: TransferAttempts).
/// </summary>
public static class RateLimitSetup
{
    public static readonly IReadOnlyDictionary<string, string> PostPathCategories = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        // Keys match the request path of the POST (paths by necessity).
        ["/Konto/Anmelden"] = "signin",
        ["/Konto/AnmeldenZweiFaktor"] = "signin",
        ["/Konto/Registrieren"] = "codesend",
        ["/Konto/PasswortVergessen"] = "codesend",
        ["/Konto/Bestaetigen"] = "codecheck",
        ["/Konto/PasswortNeu"] = "codecheck",
        // Issue 19: the anonymous contact form sends to the operator (counts like sending a code); the moderator
        // invitation's code is checked like any code.
        ["/Kontakt"] = "codesend",
        ["/Konto/Redaktionszugang"] = "codecheck",
    };

    public static IServiceCollection AddLtcRateLimiting(this IServiceCollection services)
    {
        services.AddLtcOptions<RateLimitOptions>();
        services.AddRateLimiter(_ => { });
        services.AddOptions<Microsoft.AspNetCore.RateLimiting.RateLimiterOptions>().Configure<RateLimitOptions>((o, options) =>
        {
            var limits = new Dictionary<string, (int Permits, TimeSpan Window)>
            {
                ["signin"] = (options.SignIn, TimeSpan.FromMinutes(1)),
                ["codesend"] = (options.CodeSend, TimeSpan.FromMinutes(10)),
                ["codecheck"] = (options.CodeCheck, TimeSpan.FromMinutes(1)),
                ["public"] = (options.Public, TimeSpan.FromMinutes(1)),
                ["transfer"] = (options.Transfer, TimeSpan.FromMinutes(1)),
            };
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(ctx =>
            {
                var category = Category(ctx);
                if (category is null) return RateLimitPartition.GetNoLimiter("none");
                var (permits, window) = limits[category];
                var client = ClientKey(ctx.Connection.RemoteIpAddress);
                return RateLimitPartition.GetFixedWindowLimiter(category + "|" + client,
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = window, QueueLimit = 0 });
            });
            o.OnRejected = async (ctx, ct) =>
            {
                ctx.HttpContext.Response.Headers.RetryAfter = "60";
                var audit = ctx.HttpContext.RequestServices.GetRequiredService<AuditWriter>();
                await audit.WriteAsync(AuditActions.RateLimited, "SYSTEM_CONFIG", null, AuditResult.Denied,
                    new Dictionary<string, object?> { ["reason_code"] = "RATE_LIMIT", ["category"] = Category(ctx.HttpContext) }, "public", ct: ct);
            };
        });
        return services;
    }

    public static string? Category(HttpContext ctx)
    {
        var path = ctx.Request.Path.Value ?? "";
        if (path.StartsWith("/q/", StringComparison.OrdinalIgnoreCase) || path.StartsWith("/kalender/", StringComparison.OrdinalIgnoreCase)
            || path.StartsWith("/abbestellen/", StringComparison.OrdinalIgnoreCase)
            || path.StartsWith("/konto-loeschung/", StringComparison.OrdinalIgnoreCase) || path.TrimEnd('/').Equals("/Zertifikat", StringComparison.OrdinalIgnoreCase)) return "public";
        // Every look-up of a handover code (the confirmation page reads it, GET and POST) counts per client.
        if (path.TrimEnd('/').Equals("/Uebergabe/Bestaetigen", StringComparison.OrdinalIgnoreCase)) return "transfer";
        // Typing a code (POST to the redeem page) counts too, and so does a claim (it tells whether a FIN is registered).
        if (HttpMethods.IsPost(ctx.Request.Method) && ctx.Request.Path.StartsWithSegments("/Uebergabe", StringComparison.OrdinalIgnoreCase, out var rest)
            && rest.Value?.TrimEnd('/') is var tail && (string.IsNullOrEmpty(tail) || tail.Equals("/Index", StringComparison.OrdinalIgnoreCase)
                || tail.Equals("/Antrag", StringComparison.OrdinalIgnoreCase))) return "transfer";
        if (!HttpMethods.IsPost(ctx.Request.Method)) return null;
        if (!PostPathCategories.TryGetValue(path.TrimEnd('/'), out var c)) return null;
        // „Neuen Code senden“ sends a code: it counts as code sending, not as checking.
        return c == "codecheck" && string.Equals(ctx.Request.Query["handler"], "Resend", StringComparison.OrdinalIgnoreCase) ? "codesend" : c;
    }

    /// <summary>
    /// The partition of a client: an IPv4 address as it is, an IPv6 address by its /64 network (one subscriber
    /// usually holds a whole /64 and could otherwise rotate through 2^64 addresses); IPv4-mapped IPv6 as IPv4.
    /// </summary>
    public static string ClientKey(System.Net.IPAddress? address)
    {
        if (address is null) return "local";
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6) return address.ToString();
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new System.Net.IPAddress(bytes) + "/64";
    }
}

/// <summary>Requests per client and window (docs/configuration.md), validated at start.</summary>
public sealed class RateLimitOptions : ILtcOptions
{
    public int SignIn { get; set; } = 10;
    public int CodeSend { get; set; } = 5;
    public int CodeCheck { get; set; } = 10;
    public int Public { get; set; } = 60;
    public int Transfer { get; set; } = 10;
    public int TransferAccount { get; set; } = 10;

    public void Read(LtcVariables v)
    {
        SignIn = v.Number("LTC_RATELIMIT_SIGNIN", 10, 1, 1_000_000);
        CodeSend = v.Number("LTC_RATELIMIT_CODESEND", 5, 1, 1_000_000);
        CodeCheck = v.Number("LTC_RATELIMIT_CODECHECK", 10, 1, 1_000_000);
        Public = v.Number("LTC_RATELIMIT_PUBLIC", 60, 1, 1_000_000);
        Transfer = v.Number("LTC_RATELIMIT_TRANSFER", 10, 1, 1_000_000);
        TransferAccount = v.Number("LTC_RATELIMIT_TRANSFER_ACCOUNT", 10, 1, 1_000_000);
    }
}
