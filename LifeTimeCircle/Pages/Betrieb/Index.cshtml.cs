using System.ComponentModel.DataAnnotations;
using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Workshops;
using LifeTimeCircle.Infrastructure.Audit;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Pages.Betrieb;

/// <summary>
/// The business profile of an approved business account (issue 16 item 1): what owners see when they grant access,
/// and the short code printed at the counter. The first save creates it (prefilled from the registration).
/// </summary>
public sealed class IndexModel(AppDbContext db, AuditWriter audit, TimeProvider clock) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public string? Code { get; private set; }

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Bitte geben Sie den Namen des Betriebs an.")]
        [StringLength(Business.MaxNameLength, ErrorMessage = "Höchstens 120 Zeichen.")]
        public string? Name { get; set; }

        [Required(ErrorMessage = "Bitte wählen Sie die Art des Betriebs.")]
        public BusinessType? Type { get; set; }

        [Required(ErrorMessage = "Bitte geben Sie Straße und Hausnummer an.")]
        [StringLength(Business.MaxStreetLength, ErrorMessage = "Höchstens 120 Zeichen.")]
        public string? Street { get; set; }

        [Required(ErrorMessage = "Bitte geben Sie die Postleitzahl mit fünf Ziffern an.")]
        [StringLength(10, ErrorMessage = "Bitte geben Sie die Postleitzahl mit fünf Ziffern an.")]
        public string? PostalCode { get; set; }

        [Required(ErrorMessage = "Bitte geben Sie den Ort an.")]
        [StringLength(Business.MaxCityLength, ErrorMessage = "Höchstens 80 Zeichen.")]
        public string? City { get; set; }

        [Required(ErrorMessage = "Bitte geben Sie eine öffentliche Telefonnummer oder E-Mail-Adresse an.")]
        [StringLength(Business.MaxContactLength, ErrorMessage = "Höchstens 120 Zeichen.")]
        public string? PublicContact { get; set; }
    }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var userId = User.UserId();
        var business = await db.Businesses.AsNoTracking().SingleOrDefaultAsync(b => b.OwnerUserId == userId, ct);
        if (business is not null)
        {
            Code = business.Code;
            Input = new InputModel
            {
                Name = business.Name, Type = business.Type, Street = business.Street, PostalCode = business.PostalCode,
                City = business.City, PublicContact = business.PublicContact,
            };
            return;
        }
        // First visit: what the registration said.
        var account = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => new { u.BusinessName, u.BusinessType }).SingleAsync(ct);
        Input = new InputModel
        {
            Name = account.BusinessName,
            Type = account.BusinessType is { } t && BusinessTypes.Registrable.Contains(t) ? t : null,
        };
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var userId = User.UserId();
        var business = await db.Businesses.SingleOrDefaultAsync(b => b.OwnerUserId == userId, ct);
        Code = business?.Code;
        if (!ModelState.IsValid) return Page();
        var profile = new BusinessProfile(Input.Name, Input.Type!.Value, Input.Street, Input.PostalCode, Input.City, Input.PublicContact);
        var now = clock.GetUtcNow();
        try
        {
            if (business is null)
            {
                business = new Business(userId, profile, now);
                db.Businesses.Add(business);
            }
            else
            {
                business.Update(profile, now);
            }
        }
        catch (DomainException ex)
        {
            ModelState.AddDomainError(ex);
            return Page();
        }
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(AuditActions.BusinessProfileSaved, "ORG", business.PublicId, AuditResult.Success,
            new Dictionary<string, object?> { ["business_type"] = business.Type.ToString() }, scope: "org", ct: ct);
        TempData["StatusMessage"] = "Betriebsprofil gespeichert.";
        return RedirectToPage("/Betrieb/Index");
    }
}
