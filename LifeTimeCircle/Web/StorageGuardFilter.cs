using LifeTimeCircle.Infrastructure.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace LifeTimeCircle.Web;

/// <summary>
/// Pages whose posts must keep working when the disk is low because reading needs them (sign-in, sign-out, the
/// step-up before a download, the error page). Their few small writes (audit, a lockout counter) use the reserve.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class AllowWhenStorageLowAttribute : Attribute;

/// <summary>
/// Full disk (docs/adr/0011-full-disk.md): a post, put or delete to a page while less than <c>LTC_DISK_RESERVE_MB</c> is
/// free is refused up front. The page gets the German message as a form error before its handler runs, so the
/// handler's own "invalid input" path shows the form again with everything typed; and the request's
/// <see cref="StorageGate"/> is closed, so a handler that writes anyway fails with <see cref="StorageFullException"/>,
/// which is answered with the German 507 page instead of a 500. Reads (GET, HEAD) are never refused.
/// </summary>
public sealed class StorageGuardFilter(DiskSpace disk, ILogger<StorageGuardFilter> logger) : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var http = context.HttpContext;
        if (!HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method)
            && context.HandlerInstance.GetType().GetCustomAttributes(typeof(AllowWhenStorageLowAttribute), inherit: true).Length == 0
            && disk.IsLow)
        {
            StorageGate.Close(http);
            context.ModelState.AddModelError("", StorageFull.Message);
            logger.LogWarning("Schreibender Aufruf abgelehnt: weniger als {ReserveMiB} MiB frei ({FreeMiB} MiB)",
                disk.ReserveBytes / 1024 / 1024, disk.AvailableBytes / 1024 / 1024);
        }
        var executed = await next();
        if (executed.Exception is { } ex && !executed.ExceptionHandled && StorageFull.IsCause(ex))
        {
            executed.ExceptionHandled = true;
            executed.Result = new StatusCodeResult(StatusCodes.Status507InsufficientStorage);
            logger.LogWarning("Schreiben fehlgeschlagen: Speicher voll ({ExceptionType})", ex.GetType().Name);
        }
    }
}
