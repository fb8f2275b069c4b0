using System.Security.Claims;

namespace LifeTimeCircle.Web;

/// <summary>
/// Marks pages that stay reachable while a user's consent is missing (consent flow, sign-out). An exemption can be
/// narrowed to some roles and some handlers (issue 22): an admin may set up TOTP before consenting, nothing else.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class AllowWithoutConsentAttribute : Attribute
{
    /// <summary>Comma-separated roles that are exempt; empty = every signed-in user.</summary>
    public string Roles { get; set; } = "";

    /// <summary>Comma-separated handler method names (<c>OnGetAsync</c>, <c>OnPostEnableAsync</c>) that are exempt; empty = all.</summary>
    public string Handlers { get; set; } = "";

    public bool Allows(ClaimsPrincipal user, string? handlerMethod) =>
        (Roles.Length == 0 || Split(Roles).Any(user.IsInRole))
        && (Handlers.Length == 0 || (handlerMethod is not null && Split(Handlers).Contains(handlerMethod, StringComparer.Ordinal)));

    private static string[] Split(string list) => list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
}
