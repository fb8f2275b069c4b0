using System.ComponentModel.DataAnnotations;
using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Vehicles;
using LifeTimeCircle.Domain.Workshops;
using LifeTimeCircle.Infrastructure.Documents;
using LifeTimeCircle.Infrastructure.Workshops;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Pages.Betrieb.Kundenfahrzeuge;

/// <summary>
/// One customer vehicle, reached only through an active grant of this business (another business, an ended or revoked
/// grant: 404): the keyboard-first proposal form and the state of this business's proposals for the vehicle.
/// </summary>
public sealed class FahrzeugModel(AppDbContext db, WorkshopAccess access, WorkshopProposals proposals, StaffSeats staff,
    DocumentOptions options) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public CustomerVehicle Customer { get; private set; } = null!;
    public IReadOnlyList<WorkshopProposal> Proposals { get; private set; } = [];
    public string MaxSize => Display.FileSize(options.MaxUploadBytes);
    public IReadOnlyDictionary<long, ProposalInvoiceInfo> Invoices { get; private set; } = new Dictionary<long, ProposalInvoiceInfo>();
    /// <summary>Who of the business proposed (user id → the name the business gave the person).</summary>
    public IReadOnlyDictionary<string, string> Proposers { get; private set; } = new Dictionary<string, string>();

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Bitte geben Sie das Datum an (TT.MM.JJJJ).")]
        public string Date { get; set; } = "";

        [Required(ErrorMessage = "Bitte wählen Sie eine Kategorie.")]
        public EntryCategory? Category { get; set; }

        [Required(ErrorMessage = "Bitte geben Sie den Kilometerstand an.")]
        public string Odometer { get; set; } = "";

        [Required(ErrorMessage = "Bitte beschreiben Sie die ausgeführten Arbeiten.")]
        [StringLength(WorkshopProposal.MaxWorkDoneLength, ErrorMessage = "Höchstens 2000 Zeichen.")]
        public string? WorkDone { get; set; }

        [StringLength(20, ErrorMessage = "Bitte geben Sie einen Betrag wie 1.234,56 ein.")]
        public string? Cost { get; set; }

        /// <summary>Optional invoice (PDF or photo), only where the owner allowed it.</summary>
        public IFormFile? Rechnung { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(string grantId, CancellationToken ct)
    {
        if (!await LoadAsync(grantId, ct)) return NotFound();
        Input.Date = Display.Date(proposals.Today);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string grantId, CancellationToken ct)
    {
        if (!await LoadAsync(grantId, ct)) return NotFound();
        var values = ToValues();
        if (values is null) return Page();
        try
        {
            var (_, refusal) = await proposals.ProposeAsync(Customer, values, Input.Rechnung, User.UserId(), ct);
            if (refusal is not null)
            {
                ModelState.AddModelError("", refusal);
                return Page();
            }
        }
        catch (DomainException ex)
        {
            ModelState.AddDomainError(ex, "Input");
            return Page();
        }
        TempData["StatusMessage"] = "Vorschlag gesendet. Der Besitzer entscheidet im Modul-Postfach; den Stand sehen Sie hier.";
        return RedirectToPage("/Betrieb/Kundenfahrzeuge/Fahrzeug", new { grantId });
    }

    private ProposalValues? ToValues()
    {
        // The same parsing as the owner's entry form.
        var (date, km, cents) = Fahrzeuge.Eintragung.EntryInput.ParseTexts(Input.Date, Input.Odometer, Input.Cost, ModelState);
        if (!ModelState.IsValid || Input.Category is null) return null;
        return new ProposalValues(date, Input.Category.Value, km, Input.WorkDone, cents);
    }

    private async Task<bool> LoadAsync(string grantId, CancellationToken ct)
    {
        var customer = await access.CustomerVehicleAsync(User.UserId(), grantId, ct);
        if (customer is null) return false;
        Customer = customer;
        Proposals = await db.WorkshopProposals.AsNoTracking()
            .Where(p => p.BusinessId == customer.Business.Id && p.VehicleId == customer.VehicleId
                && db.WorkshopGrants.Any(g => g.Id == p.GrantId && g.GrantedBy == customer.Grant.GrantedBy))
            .OrderByDescending(p => p.CreatedAt).ThenByDescending(p => p.Id).Take(50).ToListAsync(ct);
        Invoices = await proposals.InvoicesAsync(Proposals.Select(p => p.InvoiceDocumentId), ct);
        Proposers = await staff.NamesAsync(customer.Business, ct);
        return true;
    }
}
