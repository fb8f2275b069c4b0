using LifeTimeCircle.Infrastructure.Health;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace LifeTimeCircle.Pages;

/// <summary>
/// <c>GET /health</c>: a human page, or JSON <c>{status, checks:[…]}</c> with <c>Accept: application/json</c> or
/// <c>?format=json</c>. 503 when any check is unhealthy. Answered only to loopback and <c>LTC_HEALTH_ALLOWED_NETWORKS</c>
/// (<see cref="HealthAccess"/>), whatever the spelling of the path; everyone else gets the ordinary 404 page. The
/// report is shared for a few seconds (<see cref="HealthReportCache"/>).
/// </summary>
public sealed class HealthModel(HealthReportCache health, HealthAccess access) : PageModel
{
    public HealthReport Report { get; private set; } = null!;

    public static string StatusText(HealthStatus s) => s switch
    {
        HealthStatus.Healthy => "ok",
        HealthStatus.Degraded => "eingeschränkt",
        _ => "gestört",
    };

    public async Task<IActionResult> OnGetAsync(string? format, CancellationToken ct)
    {
        if (!access.Allows(HttpContext.Connection.RemoteIpAddress)) return NotFound();
        Report = await health.GetAsync(ct);
        Response.StatusCode = Report.Status == HealthStatus.Unhealthy ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK;
        Response.Headers.CacheControl = "no-store";
        if (string.Equals(format, "json", StringComparison.OrdinalIgnoreCase)
            || Request.Headers.Accept.ToString().Contains("application/json", StringComparison.OrdinalIgnoreCase))
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
