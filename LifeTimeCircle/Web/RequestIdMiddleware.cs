using System.Text.RegularExpressions;
using Serilog.Context;

namespace LifeTimeCircle.Web;

/// <summary>
/// Accepts a well-formed <c>X-Request-Id</c> (from nginx) or generates one; echoes it on the response and
/// pushes it into every log line of the request. Never used for identity.
/// </summary>
public sealed partial class RequestIdMiddleware(RequestDelegate next)
{
    public const string Header = "X-Request-Id";

    /// <summary>
    /// The log property with this request's id. Not "RequestId": ASP.NET's hosting scope carries a property of that name
    /// with Kestrel's own id, captured before this middleware runs, and it won over ours on every line written through
    /// <c>ILogger&lt;T&gt;</c> (the exception handler, pages, services).
    /// </summary>
    public const string LogProperty = Infrastructure.Logging.JournaldFormatter.RequestIdProperty;

    public async Task InvokeAsync(HttpContext context)
    {
        var incoming = context.Request.Headers[Header].ToString();
        var id = ValidId().IsMatch(incoming) ? incoming : Guid.NewGuid().ToString("N");
        context.TraceIdentifier = id;
        context.Response.OnStarting(() =>
        {
            context.Response.Headers[Header] = id;
            return Task.CompletedTask;
        });
        using (LogContext.PushProperty(LogProperty, id))
        {
            await next(context);
        }
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{8,64}$")]
    private static partial Regex ValidId();
}
