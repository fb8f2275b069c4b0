using LifeTimeCircle.Data;
using LifeTimeCircle.Domain.Workshops;
using LifeTimeCircle.Infrastructure.Workshops;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Pages.Betrieb.Annahme;

/// <summary>
/// „Tafelansicht“ (issue 17 item 3): every open intake of the business for the workshop monitor, oldest first, in large
/// type. No personal data: job number, make/model and the masked VIN only — never the customer's name. Refreshes itself
/// (meta refresh without JavaScript; with JavaScript the table is replaced in place); „anhalten“ stops both (WCAG 2.2.1).
/// </summary>
public sealed class TafelModel(AppDbContext db, WorkshopAccess access, IntakeSessions intakes, TimeProvider clock) : PageModel
{
    public const int RefreshSeconds = 30;

    public bool HasProfile { get; private set; }
    public bool Paused { get; private set; }
    public DateTimeOffset Now { get; private set; }
    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public sealed record Row(string? JobNumber, string Make, string Model, string VinMasked, DateTimeOffset StartedAt, int Open, int High, int Blocked);

    public async Task<IActionResult> OnGetAsync([FromQuery(Name = "anhalten")] string? anhalten, CancellationToken ct)
    {
        Paused = anhalten == "1";
        Now = clock.GetUtcNow();
        var business = await access.BusinessOfAsync(User.UserId(), ct);
        HasProfile = business is not null;
        if (business is null) return Page();
        Rows = await intakes.OpenOf(business.Id).AsNoTracking().Take(60)
            .Join(db.Vehicles, s => s.VehicleId, v => v.Id, (s, v) => new Row(s.JobNumber, v.Make, v.Model, v.VinMasked, s.StartedAt,
                db.IntakeItems.Count(i => i.SessionId == s.Id && i.Status != IntakeItemStatus.Erledigt),
                db.IntakeItems.Count(i => i.SessionId == s.Id && i.Status != IntakeItemStatus.Erledigt && i.Severity == IntakeSeverity.Hoch),
                db.IntakeItems.Count(i => i.SessionId == s.Id && i.Status == IntakeItemStatus.Blockiert)))
            .ToListAsync(ct);
        return Page();
    }
}
