using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Infrastructure.Audit;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Pages.Admin;

/// <summary>
/// User list with e-mail addresses masked by default. Revealing an address and changing a role need a
/// step-up and are audited. Only a superadmin grants or takes away superadmin; nobody changes their own role.
/// </summary>
public sealed class BenutzerModel(AppDbContext db, UserManager<AppUser> users, StepUp stepUp, AuditWriter audit) : PageModel
{
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

    public static string Mask(string? email)
    {
        if (string.IsNullOrEmpty(email)) return "–";
        var at = email.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0) return "***";
        var domain = email[(at + 1)..];
        var dot = domain.LastIndexOf('.');
        return email[0] + "***@" + (domain.Length > 0 ? domain[0] + "***" : "") + (dot > 0 ? domain[dot..] : "");
    }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostRoleAsync(CancellationToken ct)
    {
        if (!stepUp.IsFresh(HttpContext, User.UserId()))
        {
            return RedirectToPage("/Admin/Bestaetigen", new { returnUrl = Url.Page("/Admin/Benutzer") });
        }
        var target = await users.FindByIdAsync(UserId);
        if (target is null) return NotFound();
        if (!Roles.All.Contains(NewRole))
        {
            ModelState.AddModelError(nameof(NewRole), "Bitte wählen Sie eine gültige Rolle.");
            await LoadAsync(ct);
            return Page();
        }
        var current = (await users.GetRolesAsync(target)).FirstOrDefault() ?? Roles.User;
        var isSuperadmin = User.IsInRole(Roles.Superadmin);
        string? problem = target.Id == User.UserId() ? "Die eigene Rolle kann nicht geändert werden."
            : (NewRole == Roles.Superadmin || current == Roles.Superadmin) && !isSuperadmin ? "Nur ein Superadmin kann die Rolle Superadmin vergeben oder entziehen."
            : null;
        if (problem is not null)
        {
            await audit.WriteAsync(AuditActions.RoleGranted, "USER", target.Id, AuditResult.Denied,
                new Dictionary<string, object?> { ["role"] = NewRole, ["reason_code"] = "RBAC_DENY" }, scope: "org", ct: ct);
            ModelState.AddModelError(nameof(NewRole), problem);
            await LoadAsync(ct);
            return Page();
        }
        if (current != NewRole)
        {
            await users.RemoveFromRolesAsync(target, await users.GetRolesAsync(target));
            await users.AddToRoleAsync(target, NewRole);
            await users.UpdateSecurityStampAsync(target);
            await audit.WriteAsync(AuditActions.RoleRevoked, "USER", target.Id, AuditResult.Success,
                new Dictionary<string, object?> { ["role"] = current }, scope: "org", ct: ct);
            await audit.WriteAsync(AuditActions.RoleGranted, "USER", target.Id, AuditResult.Success,
                new Dictionary<string, object?> { ["role"] = NewRole, ["previous_role"] = current }, scope: "org", ct: ct);
        }
        TempData["StatusMessage"] = $"Rolle geändert: {Roles.DisplayName(current)} → {Roles.DisplayName(NewRole)}.";
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
        Rows = rows.Take(PageSize).Select(x => new Row(x.Id, Mask(x.Email), x.Role ?? Roles.User, x.AccountKind, x.CreatedAt, x.TwoFactorEnabled)).ToList();
    }
}
