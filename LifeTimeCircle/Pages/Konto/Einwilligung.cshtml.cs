using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Infrastructure.Audit;
using LifeTimeCircle.Infrastructure.Legal;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Pages.Konto;

[AllowWithoutConsent]
public sealed class EinwilligungModel(AppDbContext db, LegalDocuments legal, AuditWriter audit, TimeProvider clock) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public LegalDocument Agb => legal.Current(LegalDocumentType.Agb);
    public LegalDocument Datenschutz => legal.Current(LegalDocumentType.Datenschutz);
    public bool AlreadyAccepted { get; private set; }
    public bool HadEarlierVersion { get; private set; }

    public sealed class InputModel
    {
        public bool AcceptAgb { get; set; }
        public bool AcceptDatenschutz { get; set; }
    }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!Input.AcceptAgb)
        {
            ModelState.AddModelError("Input.AcceptAgb", $"Bitte akzeptieren Sie die AGB (Version {Agb.Version}).");
        }
        if (!Input.AcceptDatenschutz)
        {
            ModelState.AddModelError("Input.AcceptDatenschutz", $"Bitte akzeptieren Sie die Datenschutzerklärung (Version {Datenschutz.Version}).");
        }
        if (!ModelState.IsValid)
        {
            await LoadAsync(ct);
            return Page();
        }
        var userId = User.UserId();
        var now = clock.GetUtcNow();
        foreach (var doc in new[] { Agb, Datenschutz })
        {
            var exists = await db.ConsentAcceptances.AnyAsync(c => c.UserId == userId && c.Document == doc.Type && c.Version == doc.Version, ct);
            if (!exists)
            {
                db.ConsentAcceptances.Add(new ConsentAcceptance(userId, doc.Type, doc.Version, now, "ui"));
            }
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation<ConsentAcceptance>(db, nameof(ConsentAcceptance.UserId), nameof(ConsentAcceptance.Document), nameof(ConsentAcceptance.Version)))
        {
            // A parallel submit (double click) stored the same acceptance first: that is the outcome we want.
            return LocalRedirect(KontoUrls.SafeReturnUrl(Url, ReturnUrl, isModerator: User.IsModerator()));
        }
        await audit.WriteAsync(AuditActions.ConsentAccepted, "USER", userId, AuditResult.Success,
            new Dictionary<string, object?> { ["agb_version"] = Agb.Version, ["datenschutz_version"] = Datenschutz.Version, ["source"] = "ui" }, ct: ct);
        TempData["StatusMessage"] = "Vielen Dank. Ihre Zustimmung wurde gespeichert.";
        return LocalRedirect(KontoUrls.SafeReturnUrl(Url, ReturnUrl, isModerator: User.IsModerator()));
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var userId = User.UserId();
        AlreadyAccepted = await ConsentGateFilter.HasCurrentConsentAsync(db, legal, userId, ct);
        HadEarlierVersion = !AlreadyAccepted && await db.ConsentAcceptances.AnyAsync(c => c.UserId == userId, ct);
    }
}
