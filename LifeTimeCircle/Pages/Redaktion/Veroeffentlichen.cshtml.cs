using System.Globalization;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Cms;
using LifeTimeCircle.Infrastructure.Cms;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LifeTimeCircle.Pages.Redaktion;

/// <summary>Publishing (superadmin only, SPEC §1): now, at a time (a job on the runner), or withdraw. Admins and moderators get 403.</summary>
[Authorize(Policy = Policies.Superadmin)]
public sealed class VeroeffentlichenModel(Editorial editorial) : PageModel
{
    /// <summary>Berlin local time from the datetime-local field, e.g. „2026-12-24T08:00“.</summary>
    [BindProperty]
    public string? PublishAt { get; set; }

    public ArticleDesk Desk { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string articleId, CancellationToken ct) =>
        await LoadAsync(articleId, ct) is null ? NotFound() : Page();

    public Task<IActionResult> OnPostPublishAsync(string articleId, CancellationToken ct) =>
        ActAsync(articleId, a => editorial.PublishAsync(User.Editor(), a, ct), "Der Beitrag ist veröffentlicht.", ct);

    public Task<IActionResult> OnPostScheduleAsync(string articleId, CancellationToken ct) =>
        ActAsync(articleId, a => editorial.ScheduleAsync(User.Editor(), a, ParseBerlin(PublishAt), ct), "Die Veröffentlichung ist geplant.", ct);

    public Task<IActionResult> OnPostUnpublishAsync(string articleId, CancellationToken ct) =>
        ActAsync(articleId, a => editorial.UnpublishAsync(User.Editor(), a, ct), "Der Beitrag ist zurückgezogen und öffentlich nicht mehr zu sehen.", ct);

    private async Task<IActionResult> ActAsync(string articleId, Func<Article, Task> act, string done, CancellationToken ct)
    {
        var article = await LoadAsync(articleId, ct);
        if (article is null) return NotFound();
        try
        {
            await act(article);
            TempData["StatusMessage"] = done;
            return RedirectToPage("/Redaktion/Beitrag", new { articleId });
        }
        catch (DomainException ex)
        {
            ModelState.AddModelError(ex.Field == "PublishAt" ? nameof(PublishAt) : "", ex.Message);
            Desk = await ArticleDesk.LoadAsync(editorial, article, ct);
            return Page();
        }
    }

    private static DateTimeOffset ParseBerlin(string? value)
    {
        if (!DateTime.TryParseExact(value?.Trim(), ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            throw new DomainException("Bitte geben Sie Datum und Uhrzeit an, z. B. 2026-12-24T08:00.", "PublishAt");
        }
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        // 02:00–03:00 on the last Sunday of March does not exist in Berlin.
        if (Display.Berlin.IsInvalidTime(unspecified)) throw new DomainException("Diese Uhrzeit gibt es wegen der Zeitumstellung nicht. Bitte wählen Sie eine andere.", "PublishAt");
        var utc = TimeZoneInfo.ConvertTimeToUtc(unspecified, Display.Berlin);
        return new DateTimeOffset(utc, TimeSpan.Zero);
    }

    private async Task<Article?> LoadAsync(string articleId, CancellationToken ct)
    {
        var article = await editorial.FindAsync(User.Editor(), articleId, ct);
        if (article is not null) Desk = await ArticleDesk.LoadAsync(editorial, article, ct);
        return article;
    }
}
