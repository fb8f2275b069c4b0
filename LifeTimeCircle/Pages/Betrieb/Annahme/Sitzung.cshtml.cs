using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Vehicles;
using LifeTimeCircle.Domain.Workshops;
using LifeTimeCircle.Infrastructure.Workshops;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LifeTimeCircle.Pages.Betrieb.Annahme;

/// <summary>
/// One intake session (issue 17): the triage list with „Punkt hinzufügen“ (an idempotency key in the form: a double
/// submit adds one item), the status of each item, and the observations. Another business's session, or one whose grant
/// has ended: 404 for GET and POST alike.
/// </summary>
public sealed class SitzungModel(IntakeSessions intakes) : PageModel
{
    public IntakeItemInput Item { get; set; } = new();
    public IntakeNotesInput Notes { get; set; } = new();
    public IntakeContext Context { get; private set; } = null!;
    public IReadOnlyList<IntakeItem> Items { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string sessionId, CancellationToken ct)
    {
        if (!await LoadAsync(sessionId, ct)) return NotFound();
        Item = new IntakeItemInput { Key = PublicIds.New(), Kind = IntakeItemKind.Mangel, Severity = IntakeSeverity.Mittel };
        Notes.Observations = Context.Session.Observations;
        return Page();
    }

    public async Task<IActionResult> OnPostPunktAsync(string sessionId, CancellationToken ct)
    {
        if (!await LoadAsync(sessionId, ct)) return NotFound();
        Notes.Observations = Context.Session.Observations;
        if (!await TryUpdateModelAsync(Item, "Item")) return Page();
        return await RunAsync(sessionId, "Item", async () =>
        {
            var (_, duplicate) = await intakes.AddItemAsync(Context, Item.Kind!.Value, Item.Title, Item.Details, Item.Severity!.Value, Item.Key, User.UserId(), ct);
            return duplicate ? "Dieser Punkt war schon gespeichert; er wurde nicht doppelt angelegt." : "Punkt hinzugefügt.";
        });
    }

    public async Task<IActionResult> OnPostStatusAsync(string sessionId, string? itemId, IntakeItemStatus? status, CancellationToken ct)
    {
        if (!await LoadAsync(sessionId, ct)) return NotFound();
        Item.Key = PublicIds.New();
        Notes.Observations = Context.Session.Observations;
        if (status is null) ModelState.AddModelError("", "Bitte wählen Sie einen Status.");
        if (!ModelState.IsValid) return Page();
        return await RunAsync(sessionId, "", async () =>
            await intakes.SetStatusAsync(Context, itemId, status!.Value, ct) ? "Status gespeichert." : null);
    }

    public async Task<IActionResult> OnPostNotizenAsync(string sessionId, CancellationToken ct)
    {
        if (!await LoadAsync(sessionId, ct)) return NotFound();
        Item.Key = PublicIds.New();
        if (!await TryUpdateModelAsync(Notes, "Notes")) return Page();
        return await RunAsync(sessionId, "Notes", async () =>
        {
            await intakes.SaveObservationsAsync(Context, Notes.Observations, ct);
            return "Beobachtungen gespeichert.";
        });
    }

    /// <summary>Runs the rule; its German message (null: not found → 404) becomes the status after the redirect, a domain error a form error.</summary>
    private async Task<IActionResult> RunAsync(string sessionId, string prefix, Func<Task<string?>> rule)
    {
        try
        {
            var message = await rule();
            if (message is null) return NotFound();
            TempData["StatusMessage"] = message;
            return RedirectToPage("/Betrieb/Annahme/Sitzung", new { sessionId });
        }
        catch (DomainException ex)
        {
            ModelState.AddDomainError(ex, prefix);
            return Page();
        }
    }

    private async Task<bool> LoadAsync(string sessionId, CancellationToken ct)
    {
        var context = await intakes.FindAsync(User.UserId(), sessionId, ct);
        if (context is null) return false;
        Context = context;
        Items = await intakes.ItemsAsync(context.Session, ct);
        return true;
    }
}
