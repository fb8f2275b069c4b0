using System.ComponentModel.DataAnnotations;
using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Workshops;
using LifeTimeCircle.Infrastructure.Workshops;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Pages.Betrieb.Annahme;

/// <summary>
/// Fahrzeugannahme (issue 17): the open intake sessions of the business and „Annahme starten“ for a customer vehicle the
/// business holds an active grant for (an open session of that vehicle is reopened, not doubled); walk-ins start on
/// <see cref="LaufkundeModel"/>.
/// </summary>
public sealed class IndexModel(AppDbContext db, WorkshopAccess access, IntakeSessions intakes) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public bool HasProfile { get; private set; }
    public IReadOnlyList<OpenIntakeRow> Sessions { get; private set; } = [];
    public IReadOnlyList<(string GrantId, string Label)> Vehicles { get; private set; } = [];

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Bitte wählen Sie das Kundenfahrzeug.")]
        public string? GrantId { get; set; }

        [StringLength(IntakeSession.MaxJobNumberLength, ErrorMessage = "Höchstens 20 Zeichen.")]
        public string? JobNumber { get; set; }
    }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid) return await PageAsync(ct);
        var customer = await access.CustomerVehicleAsync(User.UserId(), Input.GrantId, ct);
        if (customer is null)
        {
            ModelState.AddModelError("Input.GrantId", "Bitte wählen Sie ein Kundenfahrzeug aus der Liste.");
            return await PageAsync(ct);
        }
        try
        {
            var (session, existing) = await intakes.StartAsync(customer, Input.JobNumber, User.UserId(), ct);
            TempData["StatusMessage"] = existing ? "Für dieses Fahrzeug läuft bereits eine Annahme; Sie arbeiten darin weiter." : "Annahme gestartet.";
            return RedirectToPage("/Betrieb/Annahme/Sitzung", new { sessionId = session.PublicId });
        }
        catch (DomainException ex)
        {
            ModelState.AddDomainError(ex);
            return await PageAsync(ct);
        }
    }

    private async Task<IActionResult> PageAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var business = await access.BusinessOfAsync(User.UserId(), ct);
        HasProfile = business is not null;
        if (business is null) return;
        Sessions = await intakes.OpenRowsAsync(business.Id, 200, ct);
        Vehicles = (await access.ActiveGrants(business.Id).AsNoTracking()
            .Join(db.Vehicles, g => g.VehicleId, v => v.Id, (g, v) => new { g.PublicId, g.CustomerName, v.Make, v.Model, v.VinMasked })
            .OrderBy(x => x.CustomerName).Take(500).ToListAsync(ct))
            .Select(x => (x.PublicId, $"{x.CustomerName} – {x.Make} {x.Model} (FIN {x.VinMasked})")).ToList();
    }
}
