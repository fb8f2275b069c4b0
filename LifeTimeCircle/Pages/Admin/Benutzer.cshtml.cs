using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Infrastructure.Audit;
using LifeTimeCircle.Infrastructure.Security;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Pages.Admin;

/// <summary>
/// User list with e-mail addresses masked by default. Revealing an address and changing a role need a
/// step-up and are audited. Only a superadmin grants or takes away superadmin; nobody changes their own role.
/// </summary>
public sealed class BenutzerModel(AppDbContext db, RoleChanger roles, StepUp stepUp, AuditWriter audit) : PageModel
{
    // Longer than 80 lines: three handlers (list, reveal, role) share one paged user query; the role rule lives in RoleChangeRules and RoleChanger.
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true, Name = "rolle")]
    public string? RoleFilter { get; set; }

    [BindProperty(SupportsGet = true, Name = "seite")]
    public int PageNumber { get; set; } = 1;

    [BindProperty]
    public string UserId { get; set; } = "";

    [BindProperty]
    public string NewRole { get; set; } = "";

    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public bool HasNext { get; private set; }
    public string? RevealedId { get; private set; }
    public string? RevealedEmail { get; private set; }

    public sealed record Row(string Id, string MaskedEmail, string Role, AccountKind Kind, DateTimeOffset CreatedAt, bool TwoFactor);

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostRoleAsync(CancellationToken ct)
    {
        var result = await roles.ChangeAsync(User, stepUp.IsFresh(HttpContext, User.UserId()), UserId, NewRole, ct);
        if (result.Verdict == RoleChangeVerdict.StepUpRequired) return RedirectToPage("/Admin/Bestaetigen", new { returnUrl = Url.Page("/Admin/Benutzer") });
        if (!result.Found) return NotFound();
        if (result.Verdict != RoleChangeVerdict.Allowed)
        {
            // Model-level: the role select of a row has its own id, a link to "NewRole" would lead nowhere.
            ModelState.AddModelError("", result.Message);
            await LoadAsync(ct);
            return Page();
        }
        TempData["StatusMessage"] = result.Message;
        return RedirectToPage(new { rolle = RoleFilter, seite = PageNumber });
    }

    public async Task<IActionResult> OnPostRevealAsync(CancellationToken ct)
    {
        if (!stepUp.IsFresh(HttpContext, User.UserId()))
        {
            return RedirectToPage("/Admin/Bestaetigen", new { returnUrl = Url.Page("/Admin/Benutzer") });
        }
        var target = await db.Users.AsNoTracking().Where(u => u.Id == UserId).Select(u => new { u.Id, u.Email }).SingleOrDefaultAsync(ct);
        if (target is null) return NotFound();
        await audit.WriteAsync(AuditActions.PiiRevealed, "USER", target.Id, AuditResult.Success,
            new Dictionary<string, object?> { ["field"] = "email" }, scope: "org", ct: ct);
        RevealedId = target.Id;
        RevealedEmail = target.Email;
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        PageNumber = Math.Clamp(PageNumber, 1, 1_000_000); // far beyond any real page, and (page - 1) * size cannot overflow
        var q = from u in db.Users.AsNoTracking()
                join ur in db.UserRoles on u.Id equals ur.UserId into urs
                from ur in urs.DefaultIfEmpty()
                join r in db.Roles on ur.RoleId equals r.Id into rs
                from r in rs.DefaultIfEmpty()
                select new { u.Id, u.Email, Role = r != null ? r.Name : null, u.AccountKind, u.CreatedAt, u.TwoFactorEnabled };
        if (!string.IsNullOrEmpty(RoleFilter)) q = q.Where(x => x.Role == RoleFilter);
        var rows = await q.OrderByDescending(x => x.CreatedAt).ThenBy(x => x.Id)
            .Skip((PageNumber - 1) * PageSize).Take(PageSize + 1).ToListAsync(ct);
        HasNext = rows.Count > PageSize;
        Rows = rows.Take(PageSize).Select(x => new Row(x.Id, Display.MaskedEmail(x.Email), x.Role ?? Roles.User, x.AccountKind, x.CreatedAt, x.TwoFactorEnabled)).ToList();
    }
}
