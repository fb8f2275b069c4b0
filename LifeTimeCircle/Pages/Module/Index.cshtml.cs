using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Vehicles;
using LifeTimeCircle.Domain.Workshops;
using LifeTimeCircle.Infrastructure.Workshops;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Pages.Module;

/// <summary>
/// The Modul-Postfach (SPEC §13): workshops' proposals for the owner's vehicles, open ones first, then those put aside;
/// Übernehmen writes the entry, Ablehnen needs a comment the workshop sees, Später prüfen keeps it for later.
/// </summary>
[Microsoft.AspNetCore.OutputCaching.OutputCache(PolicyName = PageCache.PolicyName)]
public sealed class IndexModel(AppDbContext db, WorkshopProposals proposals, WorkshopRecommendations recommendations) : PageModel
{
    public const int PageSize = 50;

    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public IReadOnlyDictionary<long, ProposalInvoiceInfo> Invoices { get; private set; } = new Dictionary<long, ProposalInvoiceInfo>();
    /// <summary>Open „Empfehlungen der Werkstatt“ from closed intakes (issue 17).</summary>
    public IReadOnlyList<RecommendationRow> Recommendations { get; private set; } = [];

    /// <summary>The proposal whose rejection failed (its comment field shows the error and keeps the text).</summary>
    public string? FailedProposalId { get; private set; }
    public string? Comment { get; private set; }

    public sealed record Row(string PublicId, string VehiclePublicId, string VehicleName, string BusinessName, BusinessType BusinessType, string City,
        DateOnly Date, EntryCategory Category, int OdometerKm, string WorkDone, long? CostCents, ProposalState State, DateTimeOffset CreatedAt,
        long? InvoiceDocumentId);

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostUebernehmenAsync(string? proposalId, CancellationToken ct)
    {
        if (await proposals.OpenForOwnerAsync(User.UserId(), proposalId, ct) is not { } found) return NotFound();
        try
        {
            var (entry, odometer) = await proposals.AcceptAsync(found.Proposal, found.Vehicle, found.Business, User.UserId(), ct);
            TempData["StatusMessage"] = !odometer.Flagged
                ? $"Vorschlag übernommen: Der Eintrag steht in der Zeitleiste, markiert als „von Werkstatt {found.Business.Name} vorgeschlagen“."
                : "Vorschlag übernommen. Der Kilometerstand passt nicht zu früheren Einträgen – bitte in der Zeitleiste bestätigen oder korrigieren.";
            return RedirectToPage("/Fahrzeuge/Eintragung/Eintrag", new { id = found.Vehicle.PublicId, entryId = entry.GroupId });
        }
        catch (DomainException ex)
        {
            return await FailAsync(ex.Message, ct);
        }
    }

    public async Task<IActionResult> OnPostAblehnenAsync(string? proposalId, string? comment, CancellationToken ct)
    {
        if (await proposals.OpenForOwnerAsync(User.UserId(), proposalId, ct) is not { } found) return NotFound();
        try
        {
            await proposals.RejectAsync(found.Proposal, found.Vehicle, found.Business, comment, User.UserId(), ct);
        }
        catch (DomainException ex)
        {
            FailedProposalId = proposalId;
            Comment = comment;
            ModelState.AddModelError(ex.Field == "Comment" ? "comment-" + proposalId : "", ex.Message);
            await LoadAsync(ct);
            return Page();
        }
        TempData["StatusMessage"] = "Vorschlag abgelehnt. Die Werkstatt sieht Ihre Begründung.";
        return RedirectToPage("/Module/Index");
    }

    public async Task<IActionResult> OnPostSpaeterAsync(string? proposalId, CancellationToken ct)
    {
        if (await proposals.OpenForOwnerAsync(User.UserId(), proposalId, ct) is not { } found) return NotFound();
        try
        {
            await proposals.DeferAsync(found.Proposal, found.Vehicle, found.Business, ct);
        }
        catch (DomainException ex)
        {
            return await FailAsync(ex.Message, ct);
        }
        TempData["StatusMessage"] = "Der Vorschlag bleibt im Modul-Postfach unter „Später prüfen“.";
        return RedirectToPage("/Module/Index");
    }

    private async Task<IActionResult> FailAsync(string message, CancellationToken ct)
    {
        ModelState.AddModelError("", message);
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var userId = User.UserId();
        Rows = await proposals.ForOwner(userId).AsNoTracking()
            .Where(p => p.State == ProposalState.Offen || p.State == ProposalState.SpaeterPruefen)
            .Join(db.Vehicles.OwnedBy(userId), p => p.VehicleId, v => v.Id, (p, v) => new { p, v })
            .Join(db.Businesses, x => x.p.BusinessId, b => b.Id, (x, b) => new { x.p, x.v, b })
            .OrderBy(x => x.p.State == ProposalState.SpaeterPruefen).ThenByDescending(x => x.p.CreatedAt).ThenByDescending(x => x.p.Id)
            .Take(PageSize)
            .Select(x => new Row(x.p.PublicId, x.v.PublicId, x.v.Nickname ?? x.v.Make + " " + x.v.Model, x.b.Name, x.b.Type, x.b.City,
                x.p.Date, x.p.Category, x.p.OdometerKm, x.p.WorkDone, x.p.CostCents, x.p.State, x.p.CreatedAt, x.p.InvoiceDocumentId))
            .ToListAsync(ct);
        Invoices = await proposals.InvoicesAsync(Rows.Select(r => r.InvoiceDocumentId), ct);
        Recommendations = await recommendations.OpenForOwnerAsync(userId, ct);
    }
}
