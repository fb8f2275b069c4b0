using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Infrastructure.Audit;
using LifeTimeCircle.Infrastructure.Vehicles;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LifeTimeCircle.Pages.Uebergabe;

/// <summary>
/// The signed-in, consented buyer sees what is handed over and confirms (SPEC §9). The code comes from the flow
/// cookie only. Wrong, expired, cancelled and used codes get one neutral message; checks are limited per client
/// (RateLimitSetup) and per account (<see cref="TransferAttempts"/>).
/// </summary>
public sealed class BestaetigenModel(AppDbContext db, TransferService transfers, TransferCookies cookies, TransferAttempts attempts, AuditWriter audit) : PageModel
{
    // Longer than 80 lines: GET shows the preview and POST redeems, both behind the same per-account limit and cookie checks; the move itself is TransferService.RedeemAsync.
    public const string PaywallMessage = "Im kostenlosen Tarif ist ein Fahrzeug enthalten. Für die Übernahme eines weiteren Fahrzeugs brauchen Sie den VIP- oder Händler-Tarif. Der Übergabe-Code bleibt bis zu seinem Ablauf gültig.";
    public const string TooManyMessage = "Zu viele Versuche. Bitte warten Sie eine Minute und versuchen Sie es dann erneut.";
    public const string OwnVehicleMessage = "Dieses Fahrzeug gehört bereits zu Ihrem Konto.";

    public TransferPreview? Preview { get; private set; }
    public bool LimitReached { get; private set; }

    /// <summary>After a refusal: what the buyer typed, to correct it.</summary>
    public string? TypedCode { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (cookies.BuyerCode(HttpContext, User.UserId()) is not { } code) return RedirectToPage("/Uebergabe/Index");
        if (!await AllowedAsync(ct)) return Page();
        if (await transfers.FindOpenAsync(code, ct) is not var (_, vehicle)) return Invalid(code);
        if (vehicle.OwnerId == User.UserId())
        {
            ModelState.AddModelError("", OwnVehicleMessage);
            return Page();
        }
        Preview = await transfers.PreviewAsync(vehicle, ct);
        LimitReached = !await VehicleLimit.CanAddAsync(db, User.UserId(), Roles.All.Where(User.IsInRole), ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (cookies.BuyerCode(HttpContext, User.UserId()) is not { } code) return RedirectToPage("/Uebergabe/Index");
        if (!await AllowedAsync(ct)) return Page();
        var (outcome, vehicleId) = await transfers.RedeemAsync(code, User, ct);
        switch (outcome)
        {
            case RedeemOutcome.Moved:
                cookies.ForgetBuyerCode(HttpContext);
                TempData["StatusMessage"] = "Übernahme abgeschlossen. Das Fahrzeug gehört jetzt zu Ihrem Konto.";
                return RedirectToPage("/Fahrzeuge/Fahrzeug", new { id = vehicleId });
            case RedeemOutcome.Paywall:
                if (await transfers.FindOpenAsync(code, ct) is var (_, vehicle)) Preview = await transfers.PreviewAsync(vehicle, ct);
                LimitReached = true;
                ModelState.AddModelError("", PaywallMessage);
                return Page();
            case RedeemOutcome.OwnVehicle:
                ModelState.AddModelError("", OwnVehicleMessage);
                return Page();
            default:
                return Invalid(code);
        }
    }

    private async Task<bool> AllowedAsync(CancellationToken ct)
    {
        if (attempts.TryAcquire(User.UserId())) return true;
        await audit.WriteAsync(AuditActions.RateLimited, "TRANSFER", null, AuditResult.Denied,
            new Dictionary<string, object?> { ["reason_code"] = "RATE_LIMIT", ["category"] = "transfer_account" }, ct: ct);
        Response.StatusCode = StatusCodes.Status429TooManyRequests;
        Response.Headers.RetryAfter = "60";
        ModelState.AddModelError("", TooManyMessage);
        return false;
    }

    private IActionResult Invalid(string code)
    {
        cookies.ForgetBuyerCode(HttpContext);
        TypedCode = LifeTimeCircle.Domain.Transfers.TransferCode.Format(code);
        ModelState.AddModelError("", TransferService.InvalidCodeMessage);
        return Page();
    }
}
