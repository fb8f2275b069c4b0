using System.ComponentModel.DataAnnotations;
using LifeTimeCircle.Domain.Transfers;
using LifeTimeCircle.Infrastructure.Vehicles;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LifeTimeCircle.Pages.Uebergabe;

/// <summary>
/// The buyer types the handover code (anonymous allowed). The code goes into a short-lived protected cookie – never
/// into a URL – and the buyer continues to the confirmation, through sign-in or registration when needed.
/// </summary>
public sealed class IndexModel(TransferCookies cookies) : PageModel
{
    public const string FormatMessage = "Der Übergabe-Code hat 13 Zeichen aus Buchstaben und Ziffern, z. B. ABCD-EFGH-JKMNP.";

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Bitte geben Sie den Übergabe-Code ein.")]
        [StringLength(64, ErrorMessage = FormatMessage)]
        public string Code { get; set; } = "";
    }

    public void OnGet()
    {
        if (TempData["TransferError"] is string error) ModelState.AddModelError("Input.Code", error);
    }

    public IActionResult OnPost()
    {
        if (!ModelState.IsValid) return Page();
        if (TransferCode.Normalize(Input.Code) is not { } code)
        {
            ModelState.AddModelError("Input.Code", FormatMessage);
            return Page();
        }
        cookies.KeepBuyerCode(HttpContext, code, User.Identity?.IsAuthenticated == true ? User.UserId() : null);
        return RedirectToPage("/Uebergabe/Bestaetigen");
    }
}
