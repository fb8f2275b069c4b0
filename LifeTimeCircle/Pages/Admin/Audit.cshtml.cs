using System.ComponentModel.DataAnnotations;
using System.Globalization;
using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Infrastructure.Audit;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Pages.Admin;

/// <summary>
/// Read-only audit viewer (admin, superadmin): filters by actor, target, action, result, request id and Berlin dates,
/// keyset paging („nach“/„vor“ a row id), and the filtered view as CSV after a step-up (audited).
/// </summary>
public sealed class AuditModel(AppDbContext db, AuditPseudonyms pseudonyms, StepUp stepUp, AuditWriter audit, TimeProvider clock) : PageModel
{
    public const int PageSize = 50;
    private const string Long = "Höchstens {1} Zeichen.";

    [BindProperty(SupportsGet = true), StringLength(450, ErrorMessage = Long), Display(Name = "Akteur")]
    public string? Actor { get; set; }

    [BindProperty(SupportsGet = true), StringLength(64, ErrorMessage = Long)]
    public string? Target { get; set; }

    [BindProperty(SupportsGet = true), StringLength(64, ErrorMessage = Long)]
    public string? Action { get; set; }

    [BindProperty(SupportsGet = true)]
    public AuditResult? Result { get; set; }

    [BindProperty(SupportsGet = true), StringLength(64, ErrorMessage = Long)]
    public string? RequestId { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? To { get; set; }

    [BindProperty(SupportsGet = true, Name = "nach")]
    public long? OlderThan { get; set; }

    [BindProperty(SupportsGet = true, Name = "vor")]
    public long? NewerThan { get; set; }

    public AuditPage Rows { get; private set; } = new([], false, false);
    public IReadOnlyList<string> Actions { get; private set; } = [];

    public AuditFilter Filter => new(Clean(Actor), Clean(Target), Clean(Action), Result, Clean(RequestId), From, To);

    /// <summary>The filters as route values (links to other pages, the step-up's way back).</summary>
    public Dictionary<string, string> RouteValues() => new Dictionary<string, string?>
    {
        ["Actor"] = Filter.Actor, ["Target"] = Filter.Target, ["Action"] = Filter.Action, ["Result"] = Result?.ToString(),
        ["RequestId"] = Filter.RequestId, ["From"] = From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ["To"] = To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
    }.Where(kv => kv.Value is not null).ToDictionary(kv => kv.Key, kv => kv.Value!);

    public async Task OnGetAsync(CancellationToken ct)
    {
        Actions = await db.AuditEvents.AsNoTracking().Select(a => a.Action).Distinct().OrderBy(a => a).ToListAsync(ct);
        if (!ModelState.IsValid) return; // the error summary says what to fix; no rows for half-understood filters
        Rows = await AuditReads.PageAsync(Filter.Apply(db.AuditEvents.AsNoTracking(), pseudonyms), OlderThan, NewerThan, PageSize, ct);
    }

    public async Task<IActionResult> OnPostCsvAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            await OnGetAsync(ct);
            return Page();
        }
        if (!stepUp.IsFresh(HttpContext, User.UserId()))
        {
            return RedirectToPage("/Admin/Bestaetigen", new { returnUrl = Url.Page("/Admin/Audit", RouteValues()) });
        }
        var filtered = Filter.Apply(db.AuditEvents.AsNoTracking(), pseudonyms);
        var rows = Math.Min(await filtered.CountAsync(ct), AuditReads.CsvMaxRows);
        await audit.WriteAsync(AuditActions.AuditExported, "SYSTEM_CONFIG", null, AuditResult.Success,
            new Dictionary<string, object?> { ["rows"] = rows, ["filters"] = Filter.Names }, scope: "org", ct: ct);
        DownloadHeaders.Apply(Response, $"audit-{clock.GetUtcNow().UtcDateTime:yyyyMMdd-HHmmss}.csv", "text/csv; charset=utf-8");
        await AuditReads.WriteCsvAsync(filtered, Response.Body, ct);
        return new EmptyResult();
    }

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
