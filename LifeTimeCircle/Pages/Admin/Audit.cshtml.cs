using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Pages.Admin;

/// <summary>Read-only audit viewer with filters and paging (admin, superadmin).</summary>
public sealed class AuditModel(AppDbContext db) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true)]
    public string? Action { get; set; }

    [BindProperty(SupportsGet = true)]
    public AuditResult? Result { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? To { get; set; }

    [BindProperty(SupportsGet = true, Name = "seite")]
    public int PageNumber { get; set; } = 1;

    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public IReadOnlyList<string> Actions { get; private set; } = [];
    public bool HasNext { get; private set; }

    public sealed record Row(DateTimeOffset CreatedAt, string ActorRole, string? ActorId, string Action, string TargetType, string? TargetId,
        AuditResult Result, string? RequestId, string Metadata);

    public async Task OnGetAsync(CancellationToken ct)
    {
        PageNumber = Math.Clamp(PageNumber, 1, 1_000_000); // far beyond any real page, and (page - 1) * size cannot overflow
        Actions = await db.AuditEvents.AsNoTracking().Select(a => a.Action).Distinct().OrderBy(a => a).ToListAsync(ct);
        var q = db.AuditEvents.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(Action)) q = q.Where(a => a.Action == Action);
        if (Result is { } r) q = q.Where(a => a.Result == r);
        if (From is { } from)
        {
            var start = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            q = q.Where(a => a.CreatedAt >= start);
        }
        if (To is { } to && to < DateOnly.MaxValue)
        {
            var end = new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            q = q.Where(a => a.CreatedAt < end);
        }
        var rows = await q.OrderByDescending(a => a.CreatedAt).ThenByDescending(a => a.Id)
            .Skip((PageNumber - 1) * PageSize).Take(PageSize + 1)
            .Select(a => new Row(a.CreatedAt, a.ActorRole, a.ActorId, a.Action, a.TargetType, a.TargetId, a.Result, a.RequestId, a.MetadataJson))
            .ToListAsync(ct);
        HasNext = rows.Count > PageSize;
        Rows = rows.Take(PageSize).ToList();
    }
}
