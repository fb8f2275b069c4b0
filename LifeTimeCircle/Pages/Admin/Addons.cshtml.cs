using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Addons;
using LifeTimeCircle.Infrastructure.Addons;
using LifeTimeCircle.Infrastructure.Audit;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Pages.Admin;

/// <summary>
/// The add-on switches (SPEC §12, ADR 0023): per add-on, new activations allowed, paid plans only, admins only. They
/// decide new activations only: a vehicle that had the add-on once keeps it (grandfathering). Every change is audited.
/// </summary>
public sealed class AddonsModel(AppDbContext db, AddonAccess addons, AuditWriter audit, TimeProvider clock) : PageModel
{
    [BindProperty]
    public string? Key { get; set; }

    [BindProperty]
    public bool AllowNew { get; set; }

    [BindProperty]
    public bool RequiresPayment { get; set; }

    [BindProperty]
    public bool AdminOnly { get; set; }

    public IReadOnlyList<AddonConfig> Configs { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Configs = await addons.ConfigsAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!AddonKeys.IsKnown(Key)) return NotFound();
        if (!ModelState.IsValid)
        {
            ModelState.AddModelError("", "Bitte setzen Sie die Schalter über das Formular.");
            await OnGetAsync(ct);
            return Page();
        }
        var now = clock.GetUtcNow();
        var config = await db.AddonConfigs.SingleOrDefaultAsync(c => c.Key == Key, ct);
        if (config is null) db.AddonConfigs.Add(config = new AddonConfig(Key!, now));
        if (config.Set(AllowNew, RequiresPayment, AdminOnly, User.UserId(), now))
        {
            await db.SaveChangesAsync(ct);
            await audit.WriteAsync(AuditActions.AddonConfigChanged, "ADDON", Key, AuditResult.Success, new Dictionary<string, object?>
            {
                ["addon"] = Key, ["allow_new"] = AllowNew, ["requires_payment"] = RequiresPayment, ["admin_only"] = AdminOnly,
            }, ct: ct);
        }
        TempData["StatusMessage"] = $"Schalter für „{AddonKeys.Name(Key!)}“ gespeichert.";
        return RedirectToPage();
    }
}
