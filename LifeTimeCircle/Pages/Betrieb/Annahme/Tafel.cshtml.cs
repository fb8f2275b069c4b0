using LifeTimeCircle.Infrastructure.Workshops;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LifeTimeCircle.Pages.Betrieb.Annahme;

/// <summary>
/// „Tafelansicht“ (issue 17 item 3): every open intake of the business for the workshop monitor, oldest first, in large
/// type. No personal data: job number, make/model and the masked VIN only — never the customer's name. Refreshes itself
/// (meta refresh without JavaScript; with JavaScript the table is replaced in place); „anhalten“ stops both (WCAG 2.2.1).
/// </summary>
public sealed class TafelModel(WorkshopAccess access, IntakeSessions intakes, TimeProvider clock) : PageModel
{
    public const int RefreshSeconds = 30;

    public bool HasProfile { get; private set; }
    public bool Paused { get; private set; }
    public DateTimeOffset Now { get; private set; }
    public IReadOnlyList<OpenIntakeRow> Rows { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync([FromQuery(Name = "anhalten")] string? anhalten, CancellationToken ct)
    {
        Paused = anhalten == "1";
        Now = clock.GetUtcNow();
        var business = await access.BusinessOfAsync(User.UserId(), ct);
        HasProfile = business is not null;
        if (business is null) return Page();
        // The rows carry the customer's name for the list; the board never renders it.
        Rows = await intakes.OpenRowsAsync(business.Id, 60, ct);
        return Page();
    }
}
