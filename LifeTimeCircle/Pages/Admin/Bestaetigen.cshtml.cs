using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Infrastructure.Audit;
using LifeTimeCircle.Pages.Shared;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace LifeTimeCircle.Pages.Admin;

/// <summary>Step-up: re-enter the password or an authenticator code before a sensitive admin action.</summary>
public sealed class BestaetigenModel(UserManager<AppUser> users, StepUp stepUp, AuditWriter audit) : StepUpPageModel(users, stepUp, audit)
{
    protected override string SuccessAction => AuditActions.AdminStepUpSuccess;
    protected override string FailedAction => AuditActions.AdminStepUpFailed;
    protected override string ConfirmedMessage => "Bestätigt. Sensible Aktionen sind für 10 Minuten freigegeben.";

    protected override string Target(string localReturnUrl) =>
        localReturnUrl.StartsWith("/Admin", StringComparison.OrdinalIgnoreCase) ? localReturnUrl : Url.Page("/Admin/Index")!;
}
