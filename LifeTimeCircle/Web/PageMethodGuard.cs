using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LifeTimeCircle.Web;

/// <summary>
/// Answers requests that reach a page but none of its handlers, before anything of the page runs: an unknown
/// <c>?handler=</c> gets 404 (Razor Pages would otherwise fall back to the unnamed handler — <c>POST
/// /Konto/Abmelden?handler=x</c> signed the user out), a method the page does not offer (PUT, DELETE, TRACE …) gets 405
/// with <c>Allow</c>; the status-code pages render the German page. Runs after authorization, so a page the caller may
/// not open stays 401/403 whatever the method.
/// </summary>
public sealed class PageMethodGuard(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (context.Features.Get<IStatusCodeReExecuteFeature>() is not null || context.Features.Get<IExceptionHandlerFeature>() is not null)
        {
            return next(context); // the error page renders for every method
        }
        var page = context.GetEndpoint()?.Metadata.GetMetadata<CompiledPageActionDescriptor>();
        if (page is null) return next(context);
        var method = context.Request.Method;
        var lookup = HttpMethods.IsHead(method) ? "GET" : method;
        var name = context.Request.RouteValues.TryGetValue("handler", out var routeName) && routeName is string r && r.Length > 0
            ? r
            : context.Request.Query["handler"].FirstOrDefault();
        var handlers = page.HandlerMethods;
        var forMethod = handlers.Where(h => string.Equals(h.HttpMethod, lookup, StringComparison.OrdinalIgnoreCase)).ToList();
        var isRead = lookup == "GET";
        if (forMethod.Count == 0 && !isRead)
        {
            // A page without OnGet still renders for GET; every other method needs a handler.
            var allowed = handlers.Select(h => h.HttpMethod.ToUpperInvariant()).Append("GET").Append("HEAD").Distinct();
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            context.Response.Headers.Allow = string.Join(", ", allowed);
            return Task.CompletedTask;
        }
        if (!string.IsNullOrEmpty(name) && !forMethod.Any(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase)))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }
        if (!isRead && string.IsNullOrEmpty(name) && !forMethod.Any(h => string.IsNullOrEmpty(h.Name)))
        {
            // Only named handlers for this method (e.g. POST ?handler=Rotate) and none was named.
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            context.Response.Headers.Allow = "GET, HEAD";
            return Task.CompletedTask;
        }
        return next(context);
    }
}
