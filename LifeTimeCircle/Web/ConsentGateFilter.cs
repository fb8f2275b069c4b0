using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Infrastructure.Audit;
using LifeTimeCircle.Infrastructure.Legal;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Web;

/// <summary>
/// Blocks every product page until the signed-in user has accepted the current AGB and Datenschutz
/// versions. Public pages ([AllowAnonymous]) and pages marked [AllowWithoutConsent] stay reachable (for the roles and
/// handlers the attribute names).
/// </summary>
public sealed class ConsentGateFilter(AppDbContext db, LegalDocuments legal, AuditWriter audit) : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var http = context.HttpContext;
        var metadata = http.GetEndpoint()?.Metadata;
        if (http.User.Identity?.IsAuthenticated != true
            || metadata?.GetMetadata<IAllowAnonymous>() is not null
            || metadata?.GetMetadata<AllowWithoutConsentAttribute>()?.Allows(http.User, context.HandlerMethod?.MethodInfo.Name) == true)
        {
            await next();
            return;
        }
        if (!await HasCurrentConsentAsync(db, legal, http.User.UserId(), http.RequestAborted))
        {
            await audit.WriteAsync(AuditActions.ConsentRequiredBlock, "USER", http.User.UserId(), AuditResult.Denied,
                new Dictionary<string, object?> { ["reason_code"] = "CONSENT_MISSING" }, ct: http.RequestAborted);
            var returnUrl = http.Request.Path + (HttpMethods.IsGet(http.Request.Method) ? http.Request.QueryString : QueryString.Empty);
            context.Result = new RedirectToPageResult("/Konto/Einwilligung", new { returnUrl = returnUrl.ToString() });
            return;
        }
        await next();
    }

    public static async Task<bool> HasCurrentConsentAsync(AppDbContext db, LegalDocuments legal, string userId, CancellationToken ct)
    {
        var agb = legal.Current(LegalDocumentType.Agb).Version;
        var privacy = legal.Current(LegalDocumentType.Datenschutz).Version;
        return await AcceptedCount(db, userId, agb, privacy, ct) >= 2;
    }

    // Every signed-in page asks this: one compiled query (issue 13).
    private static readonly Func<AppDbContext, string, string, string, CancellationToken, Task<int>> AcceptedCount = EF.CompileAsyncQuery(
        (AppDbContext db, string userId, string agb, string privacy, CancellationToken ct) => db.ConsentAcceptances.Count(c => c.UserId == userId
            && ((c.Document == LegalDocumentType.Agb && c.Version == agb) || (c.Document == LegalDocumentType.Datenschutz && c.Version == privacy))));
}
