using System.Reflection;
using System.Text.RegularExpressions;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace LifeTimeCircle.Tests.Security;

/// <summary>One request the sweeps send: a page URL, and for POSTs the named handler.</summary>
public sealed record SweepRequest(string Method, string Url, string ViewPath, bool IsPublic, bool AllowWithoutConsent)
{
    public override string ToString() => $"{Method} {Url}";
}

/// <summary>
/// Enumerates every page endpoint of the running app and every POST handler of its page model, so that
/// the sweeps grow with the product. Route parameters get values that name nobody's object, or, when the sweep
/// passes real ids (route parameter name → id of a seeded object), those: then a 404 is a broken page.
/// </summary>
public static partial class EndpointCatalog
{
    /// <summary>Placeholder id for a route parameter the caller has no real object for.</summary>
    public const string Placeholder = "AAAAAAAAAAAAAAAAAAAAAA";

    public static IReadOnlyList<SweepRequest> All(IServiceProvider services, IReadOnlyDictionary<string, string>? ids = null)
    {
        var sources = services.GetRequiredService<IEnumerable<EndpointDataSource>>();
        var result = new List<SweepRequest>();
        var unmatched = typeof(Program).Assembly.GetTypes()
            .Where(t => typeof(PageModel).IsAssignableFrom(t) && !t.IsAbstract).ToHashSet();
        foreach (var endpoint in sources.SelectMany(s => s.Endpoints).OfType<RouteEndpoint>())
        {
            var page = endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Mvc.RazorPages.PageActionDescriptor>();
            if (page is null) continue;
            var url = Fill(endpoint.RoutePattern.RawText ?? "/", ids);
            if (url.EndsWith("/Index", StringComparison.OrdinalIgnoreCase) && !url.Equals("/Index", StringComparison.OrdinalIgnoreCase))
            {
                continue; // the same page is also routed without "/Index"
            }
            if (url.Equals("/Index", StringComparison.OrdinalIgnoreCase)) continue;
            var isPublic = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null;
            var modelType = ModelType(page.ViewEnginePath);
            if (modelType is not null) unmatched.Remove(modelType);
            // Exempt for every signed-in user (the sweeps' accounts); an exemption narrowed to roles (ZweiFaktor: admins setting
            // up TOTP) is swept like any product page, and its exempt handlers are tested on their own (ConsentVersionTests).
            var exemption = modelType?.GetCustomAttribute<AllowWithoutConsentAttribute>();
            var noConsent = exemption is { Roles: "", Handlers: "" };
            result.Add(new SweepRequest("GET", url, page.ViewEnginePath, isPublic, noConsent));
            if (modelType is null) continue;
            foreach (var handler in PostHandlers(modelType))
            {
                var postUrl = handler.Length == 0 ? url : url + (url.Contains('?') ? "&" : "?") + "handler=" + handler;
                result.Add(new SweepRequest("POST", postUrl, page.ViewEnginePath, isPublic, noConsent));
            }
        }
        if (unmatched.Count > 0)
        {
            // A page model named against the convention (namespace + file name + "Model") would drop its POST
            // handlers from every sweep without a sound.
            throw new InvalidOperationException("Page models not found by their page path: " + string.Join(", ", unmatched.Select(t => t.FullName)));
        }
        return result.DistinctBy(r => r.ToString()).OrderBy(r => r.Url, StringComparer.Ordinal).ThenBy(r => r.Method, StringComparer.Ordinal).ToList();
    }

    public static Type? ModelType(string viewEnginePath)
    {
        var name = "LifeTimeCircle.Pages" + viewEnginePath.Replace('/', '.') + "Model";
        return typeof(Program).Assembly.GetType(name) is { } t && typeof(PageModel).IsAssignableFrom(t) ? t : null;
    }

    private static IEnumerable<string> PostHandlers(Type modelType) =>
        modelType.GetMethods(BindingFlags.Instance | BindingFlags.Public) // inherited handlers too (shared step-up form)
            .Select(m => PostHandler().Match(m.Name))
            .Where(m => m.Success)
            .Select(m => m.Groups[1].Value)
            .Distinct();

    private static string Fill(string pattern, IReadOnlyDictionary<string, string>? ids)
    {
        var url = "/" + pattern.TrimStart('/');
        url = Parameter().Replace(url, m =>
        {
            var name = m.Groups[1].Value.ToLowerInvariant();
            var constraint = m.Groups[2].Value;
            if (m.Groups[3].Value == "?") return "";
            if (ids is not null && ids.TryGetValue(m.Groups[1].Value, out var real)) return Uri.EscapeDataString(real);
            if (constraint.Contains("int", StringComparison.Ordinal)) return "999999";
            if (constraint.Contains("regex", StringComparison.Ordinal))
            {
                var first = RegexFirstAlternative().Match(constraint);
                return first.Success ? first.Groups[1].Value : "x";
            }
            return name.Contains("id", StringComparison.Ordinal) || name.Contains("token", StringComparison.Ordinal)
                ? Placeholder : "unbekannt";
        });
        url = url.Replace("//", "/", StringComparison.Ordinal);
        // An optional parameter after a separator ("{width}.{format?}") leaves the separator alone: routing drops it too.
        url = url.Replace("./", "/", StringComparison.Ordinal);
        if (url.EndsWith('.')) url = url[..^1];
        return url.Length > 1 ? url.TrimEnd('/') : url;
    }

    [GeneratedRegex("^OnPost(\\w*?)(Async)?$")]
    private static partial Regex PostHandler();

    [GeneratedRegex("\\{\\*?([A-Za-z0-9_]+)(:[^}?]*(?:\\{[^}]*\\}[^}?]*)*)?(\\?)?\\}")]
    private static partial Regex Parameter();

    [GeneratedRegex("\\(\\^?\\(?([A-Za-z0-9]+)")]
    private static partial Regex RegexFirstAlternative();
}
