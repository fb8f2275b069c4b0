using LifeTimeCircle.Infrastructure.Documents;
using LifeTimeCircle.Infrastructure.Vehicles;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LifeTimeCircle.Pages.Uebergabe;

/// <summary>
/// „Übernahme beantragen“: a buyer whose seller does not hand over a code claims the vehicle by its FIN with the
/// Zulassungsbescheinigung Teil II as proof (quarantined and scanned; hidden from the current owner). The rules are
/// <see cref="OwnershipClaims"/>; limited per client like every handover look-up (RateLimitSetup).
/// </summary>
public sealed class AntragModel(OwnershipClaims claims, UploadIntake uploads, DocumentOptions options,
    LifeTimeCircle.Data.AppDbContext db) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public sealed class InputModel
    {
        public string? Vin { get; set; }
        public string? HolderName { get; set; }
        public string? Message { get; set; }
        public IFormFile? Datei { get; set; }
        public bool Confirm { get; set; }
    }

    public string MaxSize => Display.FileSize(options.MaxUploadBytes);

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        ModelState.Clear();
        if (!Input.Confirm) ModelState.AddModelError("Input.Confirm", "Bitte bestätigen Sie, dass Sie das Fahrzeug erworben haben und der Nachweis echt ist.");
        if (string.IsNullOrWhiteSpace(Input.HolderName)) ModelState.AddModelError("Input.HolderName", Domain.Transfers.OwnershipClaim.HolderNameMissingMessage);
        else if (Input.HolderName.Trim().Length > Domain.Transfers.OwnershipClaim.MaxHolderNameLength)
        {
            ModelState.AddModelError("Input.HolderName", $"Der Name darf höchstens {Domain.Transfers.OwnershipClaim.MaxHolderNameLength} Zeichen lang sein.");
        }
        if (Input.Datei is not { Length: > 0 }) ModelState.AddModelError("Input.Datei", "Bitte wählen Sie den Nachweis (Foto oder PDF der Zulassungsbescheinigung Teil II) aus.");
        if (Input.Message is { } m && m.Trim().Length > Domain.Transfers.OwnershipClaim.MaxMessageLength)
        {
            ModelState.AddModelError("Input.Message", $"Die Nachricht darf höchstens {Domain.Transfers.OwnershipClaim.MaxMessageLength} Zeichen lang sein. Bitte kürzen Sie sie.");
        }
        var (vehicle, problem) = await claims.FindVehicleAsync(Input.Vin, User, ct);
        if (problem is not null) ModelState.AddModelError(problem.Field, problem.Message);
        if (!ModelState.IsValid || vehicle is null) return Page();

        var (stored, rejected) = await uploads.StoreAsync(db, User.UserId(), Input.Datei!, null, "ownership_claim", ct);
        if (stored is null)
        {
            ModelState.AddModelError("Input.Datei", rejected!.Message);
            return Page();
        }
        var (_, refused) = await claims.SubmitAsync(User, vehicle, stored, Input.Datei!.FileName, Input.HolderName, Input.Message, ct);
        if (refused is not null)
        {
            ModelState.AddModelError(refused.Field, refused.Message);
            return Page();
        }
        TempData["StatusMessage"] = "Antrag eingereicht. Wir prüfen Ihren Nachweis und melden uns per E-Mail.";
        return RedirectToPage("/Uebergabe/Antraege");
    }
}
