using LifeTimeCircle.Infrastructure.Logging;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace LifeTimeCircle.Pages;

/// <summary>
/// <c>GET /health</c>: a human page, or JSON <c>{status, checks:[…]}</c> with <c>Accept: application/json</c>.
/// 503 when any check is unhealthy. nginx exposes the JSON form only to localhost.
/// </summary>
public sealed class HealthModel(HealthCheckService health) : PageModel
{
    public HealthReport Report { get; private set; } = null!;

    public static string StatusText(HealthStatus s) => s switch
    {
        HealthStatus.Healthy => "ok",
        HealthStatus.Degraded => "eingeschränkt",
        _ => "gestört",
    };

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Report = await health.CheckHealthAsync(ct);
        Response.StatusCode = Report.Status == HealthStatus.Unhealthy ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK;
        Response.Headers.CacheControl = "no-store";
        if (Request.Headers.Accept.ToString().Contains("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return new JsonResult(new
            {
                status = Report.Status.ToString().ToLowerInvariant(),
                durationMs = Math.Round(Report.TotalDuration.TotalMilliseconds, 1),
                checks = Report.Entries.Select(e => new
                {
                    name = e.Key,
                    status = e.Value.Status.ToString().ToLowerInvariant(),
                    description = e.Value.Description,
                    durationMs = Math.Round(e.Value.Duration.TotalMilliseconds, 1),
                    data = e.Value.Data,
                }),
            }) { StatusCode = Response.StatusCode };
        }
        return Page();
    }
}
