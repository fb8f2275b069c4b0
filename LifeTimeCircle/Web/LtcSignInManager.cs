using LifeTimeCircle.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace LifeTimeCircle.Web;

/// <summary>
/// Identity's sign-in with one more rule: an account an admin soft-deleted (issue 19 item 5) cannot sign in. Identity
/// answers „not allowed“, which every sign-in page treats like a wrong password (same answer for every account).
/// </summary>
public sealed class LtcSignInManager(UserManager<AppUser> userManager, IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<AppUser> claimsFactory, IOptions<IdentityOptions> optionsAccessor, ILogger<SignInManager<AppUser>> logger,
    IAuthenticationSchemeProvider schemes, IUserConfirmation<AppUser> confirmation)
    : SignInManager<AppUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    public override async Task<bool> CanSignInAsync(AppUser user) => user.DeletedAt is null && await base.CanSignInAsync(user);
}
