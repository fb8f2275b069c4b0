using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Notifications;
using LifeTimeCircle.Infrastructure.Notifications;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LifeTimeCircle.Pages.Profil;

/// <summary>Per-category e-mail settings (in-app always; e-mail on/off; at once or in the daily digest) and VIP quiet hours.</summary>
public sealed class BenachrichtigungenModel(NotificationPreferences preferences) : PageModel
{
    /// <summary>Categories whose e-mail is on (checkbox values).</summary>
    [BindProperty]
    public List<NotificationCategory> Email { get; set; } = [];

    /// <summary>Categories collected in the daily digest instead of at once.</summary>
    [BindProperty]
    public List<NotificationCategory> Digest { get; set; } = [];

    [BindProperty]
    public bool QuietOn { get; set; }

    [BindProperty]
    public int QuietStart { get; set; } = 22;

    [BindProperty]
    public int QuietEnd { get; set; } = 7;

    public IReadOnlyList<NotificationPreferences.Choice> Choices { get; private set; } = [];
    public bool IsVip => User.IsInRole(Roles.Vip);

    public async Task OnGetAsync(CancellationToken ct)
    {
        var userId = User.UserId();
        Choices = await preferences.ForUserAsync(userId, ct);
        if (await preferences.QuietHoursAsync(userId, ct) is { } q)
        {
            QuietOn = true;
            QuietStart = q.StartHour;
            QuietEnd = q.EndHour;
        }
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var userId = User.UserId();
        Choices = NotificationCategories.All.Select(c => new NotificationPreferences.Choice(c, Email.Contains(c), Digest.Contains(c))).ToList();
        if (!ModelState.IsValid) return Page();
        if (IsVip)
        {
            try
            {
                await preferences.SetQuietHoursAsync(userId, QuietOn ? (QuietStart, QuietEnd) : null, ct);
            }
            catch (DomainException e)
            {
                ModelState.AddModelError(nameof(QuietStart), e.Message);
                return Page();
            }
        }
        await preferences.SaveAsync(userId, Choices, ct);
        TempData["StatusMessage"] = "Einstellungen für Benachrichtigungen gespeichert.";
        return RedirectToPage("/Profil/Benachrichtigungen");
    }
}
