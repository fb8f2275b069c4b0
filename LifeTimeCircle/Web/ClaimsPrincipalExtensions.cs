using System.Security.Claims;
using LifeTimeCircle.Domain;

namespace LifeTimeCircle.Web;

public static class ClaimsPrincipalExtensions
{
    public const string AccountKindClaim = "ltc:account";
    public const string TwoFactorClaim = "ltc:2fa";
    /// <summary>Present while the account holds an active staff seat of a business (issue 16).</summary>
    public const string StaffClaim = "ltc:staff";

    /// <summary>The signed-in user's id; only ever from the authentication cookie.</summary>
    public static string UserId(this ClaimsPrincipal user) =>
        user.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("Nicht angemeldet.");

    public static string PrimaryRole(this ClaimsPrincipal user) =>
        Roles.All.FirstOrDefault(user.IsInRole) ?? Roles.User;

    public static bool IsModerator(this ClaimsPrincipal user) => user.IsInRole(Roles.Moderator);

    public static bool IsAdministrator(this ClaimsPrincipal user) => user.IsInRole(Roles.Admin) || user.IsInRole(Roles.Superadmin);

    /// <summary>Business accounts and their staff: shared-PC rules (session cookie only, 30-minute idle timeout, „Platz freigeben“).</summary>
    public static bool IsBusiness(this ClaimsPrincipal user) =>
        user.FindFirstValue(AccountKindClaim) == nameof(AccountKind.Gewerblich) || user.IsInRole(Roles.Dealer) || user.IsStaff();

    public static bool IsStaff(this ClaimsPrincipal user) => user.HasClaim(StaffClaim, "1");
}
