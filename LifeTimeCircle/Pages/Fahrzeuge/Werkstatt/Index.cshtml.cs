using System.ComponentModel.DataAnnotations;
using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Vehicles;
using LifeTimeCircle.Domain.Workshops;
using LifeTimeCircle.Infrastructure.Workshops;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Pages.Fahrzeuge.Werkstatt;

/// <summary>
/// „Werkstatt berechtigen“ (issue 16 item 3): find a business by its counter code or exact name, choose the name the
/// workshop sees and how long it may propose entries; the list of grants with „Zugriff entziehen“.
/// </summary>
public sealed class IndexModel(AppDbContext db, WorkshopGrants grants, TimeProvider clock) : PageModel
{
    /// <summary>Counter code or exact name (checked by hand: only the search handler needs it).</summary>
    [BindProperty]
    public string? Suche { get; set; }

    [BindProperty]
    public GrantInput Grant { get; set; } = new();

    public TabsModel Tabs { get; private set; } = null!;
    /// <summary>Search results (null: no search yet).</summary>
    public IReadOnlyList<Business>? Results { get; private set; }
    /// <summary>The business the grant form is for.</summary>
    public Business? Chosen { get; private set; }
    public IReadOnlyList<GrantRow> Grants { get; private set; } = [];
    public DateTimeOffset Now { get; private set; }

    public sealed class GrantInput
    {
        public string? BusinessId { get; set; }

        [Required(ErrorMessage = "Bitte geben Sie an, unter welchem Namen die Werkstatt Sie sieht.")]
        [StringLength(WorkshopGrant.MaxCustomerNameLength, ErrorMessage = "Höchstens 60 Zeichen.")]
        public string? CustomerName { get; set; }

        [Required(ErrorMessage = "Bitte wählen Sie, wie lange die Werkstatt Zugriff hat.")]
        public GrantDuration? Duration { get; set; }

        /// <summary>May the workshop attach invoices to its proposals? Offered checked.</summary>
        public bool Invoices { get; set; } = true;
    }

    public sealed record GrantRow(string PublicId, string BusinessName, BusinessType Type, string City, string CustomerName, GrantDuration Duration,
        DateTimeOffset GrantedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? RevokedAt, bool MayUploadInvoices);

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct) =>
        await LoadAsync(id, ct) is null ? NotFound() : Page();

    public async Task<IActionResult> OnPostSuchenAsync(string id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is null) return NotFound();
        ModelState.Clear();
        if (string.IsNullOrWhiteSpace(Suche) || Suche.Length > Business.MaxNameLength)
        {
            ModelState.AddModelError(nameof(Suche), string.IsNullOrWhiteSpace(Suche)
                ? "Bitte geben Sie den Betriebscode oder den genauen Namen des Betriebs ein."
                : "Höchstens 120 Zeichen.");
            return Page();
        }
        Results = await grants.FindAsync(Suche, ct);
        if (Results.Count == 0)
        {
            ModelState.AddModelError(nameof(Suche), "Kein Betrieb mit diesem Code oder genau diesem Namen gefunden. Bitte prüfen Sie die Schreibweise oder fragen Sie nach dem Betriebscode.");
        }
        else if (Results.Count == 1)
        {
            Chosen = Results[0];
        }
        return Page();
    }

    /// <summary>One of several businesses with the same name chosen: the grant form for it.</summary>
    public async Task<IActionResult> OnPostWaehlenAsync(string id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is null) return NotFound();
        ModelState.Clear();
        Chosen = await grants.ChosenAsync(Grant.BusinessId, ct);
        if (Chosen is null) return NotFound();
        return Page();
    }

    public async Task<IActionResult> OnPostBerechtigenAsync(string id, CancellationToken ct)
    {
        var vehicle = await LoadAsync(id, ct);
        if (vehicle is null) return NotFound();
        Chosen = await grants.ChosenAsync(Grant.BusinessId, ct);
        if (Chosen is null) return NotFound();
        if (!ModelState.IsValid) return Page();
        try
        {
            await grants.GrantAsync(vehicle, Chosen, Grant.CustomerName!, Grant.Duration!.Value, Grant.Invoices, User.UserId(), ct);
        }
        catch (DomainException ex)
        {
            ModelState.AddDomainError(ex, nameof(Grant));
            return Page();
        }
        TempData["StatusMessage"] = Grant.Duration == GrantDuration.Besuch
            ? $"„{Chosen.Name}“ darf {Display.Count(WorkshopGrant.VisitDays, "Tag", "Tage")} lang Einträge{(Grant.Invoices ? " mit Rechnung" : "")} für dieses Fahrzeug vorschlagen."
            : $"„{Chosen.Name}“ darf bis auf Widerruf Einträge{(Grant.Invoices ? " mit Rechnung" : "")} für dieses Fahrzeug vorschlagen.";
        return RedirectToPage("/Fahrzeuge/Werkstatt/Index", new { id = vehicle.PublicId });
    }

    public async Task<IActionResult> OnPostEntziehenAsync(string id, string? grantId, CancellationToken ct)
    {
        var vehicle = await LoadAsync(id, ct);
        if (vehicle is null) return NotFound();
        if (!await grants.RevokeAsync(vehicle, grantId, ct))
        {
            if (!Grants.Any(g => g.PublicId == grantId)) return NotFound();
            TempData["StatusMessage"] = "Dieser Zugriff war bereits beendet.";
        }
        else
        {
            TempData["StatusMessage"] = "Zugriff entzogen. Die Werkstatt sieht das Fahrzeug nicht mehr und kann nichts mehr vorschlagen.";
        }
        return RedirectToPage("/Fahrzeuge/Werkstatt/Index", new { id = vehicle.PublicId });
    }

    private async Task<Vehicle?> LoadAsync(string id, CancellationToken ct)
    {
        var vehicle = await db.OwnedVehicle(User.UserId(), id).SingleOrDefaultAsync(ct);
        if (vehicle is null) return null;
        Tabs = new TabsModel(vehicle.PublicId, "Modul-Ereignisse", vehicle.DisplayName, vehicle.VinMasked);
        Now = clock.GetUtcNow();
        Grants = await db.WorkshopGrants.AsNoTracking().Where(g => g.VehicleId == vehicle.Id && g.GrantedBy == vehicle.OwnerId)
            .Join(db.Businesses, g => g.BusinessId, b => b.Id, (g, b) => new { g, b })
            .OrderByDescending(x => x.g.GrantedAt).ThenByDescending(x => x.g.Id).Take(100)
            .Select(x => new GrantRow(x.g.PublicId, x.b.Name, x.b.Type, x.b.City, x.g.CustomerName, x.g.Duration, x.g.GrantedAt, x.g.ExpiresAt, x.g.RevokedAt, x.g.MayUploadInvoices))
            .ToListAsync(ct);
        return vehicle;
    }
}
