namespace LifeTimeCircle.Web;

/// <summary>Security headers on every response. CSP allows no inline scripts or styles.</summary>
public sealed class SecurityHeadersMiddleware(RequestDelegate next)
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
        "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(() =>
        {
            var h = context.Response.Headers;
            h.TryAdd("Content-Security-Policy", ContentSecurityPolicy);
            h["X-Content-Type-Options"] = "nosniff";
            h["X-Frame-Options"] = "DENY";
            h["Referrer-Policy"] = "no-referrer";
            h["Permissions-Policy"] = "camera=(self), geolocation=(), microphone=(), payment=()";
            h["Cross-Origin-Opener-Policy"] = "same-origin";
            if (context.User.Identity?.IsAuthenticated == true && !h.ContainsKey("Cache-Control"))
            {
                // Shared PCs: nothing of a signed-in page stays in the browser cache for the next user.
                h["Cache-Control"] = "no-store";
            }
            return Task.CompletedTask;
        });
        return next(context);
    }
}
