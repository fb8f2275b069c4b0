using System.Text.RegularExpressions;
using Serilog.AspNetCore;
using Serilog.Events;

namespace LifeTimeCircle.Infrastructure.Logging;

/// <summary>
/// One line per request: method, path (never the query string; public tokens masked), status, duration and
/// a keyed pseudonym of the client address.
/// </summary>
public static partial class RequestLogging
{
    public static void Configure(RequestLoggingOptions o)
    {
        o.MessageTemplate = "HTTP {RequestMethod} {RequestPath} {StatusCode} in {Elapsed:0.0} ms Client={ClientPseudonym}";
        o.GetMessageTemplateProperties = (ctx, _, elapsed, status) =>
        [
            new("RequestMethod", new ScalarValue(ctx.Request.Method)),
            new("RequestPath", new ScalarValue(SafePath(ctx.Request.Path.Value))),
            new("StatusCode", new ScalarValue(status)),
            new("Elapsed", new ScalarValue(elapsed)),
            new("ClientPseudonym", new ScalarValue(ClientPseudonym(ctx))),
        ];
        o.GetLevel = (ctx, _, ex) => ex is not null || ctx.Response.StatusCode >= 500 ? LogEventLevel.Error
            : ctx.Request.Path.StartsWithSegments("/health/live", StringComparison.OrdinalIgnoreCase)
              || ctx.Request.Path.StartsWithSegments("/health/ready", StringComparison.OrdinalIgnoreCase) ? LogEventLevel.Debug
            : LogEventLevel.Information;
    }

    /// <summary>Masks path segments that carry secrets (public mini-check tokens, transfer codes, download tokens, calendar feeds).</summary>
    public static string SafePath(string? path)
    {
        if (string.IsNullOrEmpty(path)) return "/";
        return TokenSegment().Replace(path, m => m.Groups[1].Value + "***");
    }

    public static string ClientPseudonym(HttpContext ctx)
    {
        var ip = ctx.Connection.RemoteIpAddress;
        if (ip is null) return "-";
        var env = ctx.RequestServices.GetRequiredService<LtcEnvironment>();
        return "c:" + env.Hmac("ip", ip.ToString())[..12];
    }

    [GeneratedRegex("(/(?:q|uebergabe|download|kalender|abbestellen|konto-loeschung)/)[^/]+", RegexOptions.IgnoreCase)]
    private static partial Regex TokenSegment();
}
