using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Infrastructure.Audit;
using LifeTimeCircle.Pages.Shared;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace LifeTimeCircle.Pages.Exporte;

/// <summary>Step-up before a sensitive export: the password (or an authenticator code, if set up) again.</summary>
public sealed class BestaetigenModel(UserManager<AppUser> users, StepUp stepUp, AuditWriter audit) : StepUpPageModel(users, stepUp, audit)
{
    protected override string SuccessAction => AuditActions.StepUpSuccess;
    protected override string FailedAction => AuditActions.StepUpFailed;
    protected override string ConfirmedMessage => "Bestätigt. Sie können jetzt 10 Minuten lang sensible Exporte anfordern und herunterladen.";

    protected override string Target(string localReturnUrl) =>
        localReturnUrl.StartsWith("/Exporte", StringComparison.OrdinalIgnoreCase) || localReturnUrl.StartsWith("/Fahrzeuge/", StringComparison.OrdinalIgnoreCase)
            ? localReturnUrl : Url.Page("/Exporte/Index")!;
}
