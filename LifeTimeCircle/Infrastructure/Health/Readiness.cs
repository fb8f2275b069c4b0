using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace LifeTimeCircle.Infrastructure.Health;

/// <summary>
/// <c>GET /health/ready</c> for a load balancer or uptime probe: <c>ok</c> (200) while the app can serve pages, otherwise
/// <c>nicht bereit</c> (503). Only the checks tagged <see cref="Tag"/> count (the database: reachable, schema current);
/// a scanner that is down, a full disk, mail or backups do not take the site out — they are on the detailed
/// <c>/health</c> page for alerts. Same access as <c>/health</c> (<see cref="HealthAccess"/>); everyone else gets 404.
/// </summary>
public static class Readiness
{
    public const string Tag = "ready";

    public static async Task<IResult> AnswerAsync(HttpContext context, HealthCheckService health, HealthAccess access, CancellationToken ct)
    {
        if (!access.Allows(context.Connection.RemoteIpAddress)) return Results.NotFound();
        var report = await health.CheckHealthAsync(c => c.Tags.Contains(Tag), ct);
        context.Response.Headers.CacheControl = "no-store";
        return report.Status == HealthStatus.Unhealthy
            ? Results.Text("nicht bereit", statusCode: StatusCodes.Status503ServiceUnavailable)
            : Results.Text("ok");
    }
}
