using System.Security.Claims;
using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LifeTimeCircle.Web;

public static class Policies
{
    /// <summary>Owner features: every role except moderator.</summary>
    public const string Product = "product";
    /// <summary>Administration: admin or superadmin (plus TOTP, enforced by <see cref="AdminTwoFactorFilter"/>).</summary>
    public const string Admin = "admin";
    public const string Superadmin = "superadmin";
    /// <summary>Blog/news authoring: moderator, admin, superadmin.</summary>
    public const string Content = "content";
    /// <summary>Workshop pages: an approved business account (role dealer) or an active staff member of one.</summary>
    public const string Business = "business";
    /// <summary>The business's own pages (profile, staff): the business account itself (role dealer), never its staff.</summary>
    public const string BusinessOwner = "business-owner";
}

public static class AuthSetup
{
    public const string IdleTimeoutItem = ".ltc.seen";
    public const string SessionStartItem = ".ltc.start";
    public static readonly TimeSpan BusinessIdleTimeout = TimeSpan.FromMinutes(30);
    public static readonly TimeSpan AdminMaxSession = TimeSpan.FromHours(4);

    public static IServiceCollection AddLtcIdentity(this IServiceCollection services)
    {
        services.AddIdentity<AppUser, IdentityRole>(o =>
            {
                o.User.RequireUniqueEmail = true;
                // The user name is the e-mail address: every character an address may hold (o'brien@…, umlaut domains).
                o.User.AllowedUserNameCharacters = null!;
                o.SignIn.RequireConfirmedEmail = true;
                o.Password.RequiredLength = 10;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequiredUniqueChars = 4;
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
            })
            .AddEntityFrameworkStores<AppDbContext>()
            .AddUserManager<LockoutCountingUserManager>()
            .AddSignInManager<LtcSignInManager>()
            .AddDefaultTokenProviders()
            // Authenticator codes: checked against the injected clock, each accepted once (replaces Identity's provider).
            .AddTokenProvider<Infrastructure.Security.TotpTokenProvider>(TokenOptions.DefaultAuthenticatorProvider)
            .AddErrorDescriber<GermanIdentityErrorDescriber>()
            .AddClaimsPrincipalFactory<LtcClaimsPrincipalFactory>();

        // The security stamp is checked on every request (SessionStamp below): "sign out everywhere", a role change and a
        // new password end other sessions at once. Identity's own validator (every minute, with a fresh principal and a new
        // cookie each time) is not used.
        services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme)
            .Configure<TimeProvider>((o, clock) => o.TimeProvider = clock);

        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = "ltc.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            // Cookie options take paths, not page names (the exceptions listed in Platform/RoutesByNameTests).
            o.LoginPath = "/Konto/Anmelden";
            o.LogoutPath = "/Konto/Abmelden";
            o.AccessDeniedPath = "/Fehler/403";
            o.ExpireTimeSpan = TimeSpan.FromDays(14);
            o.SlidingExpiration = true;
            o.Events.OnRedirectToLogin = ctx =>
            {
                if (WantsHtml(ctx.Request)) ctx.Response.Redirect(ctx.RedirectUri);
                else ctx.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return Task.CompletedTask;
            };
            o.Events.OnRedirectToAccessDenied = async ctx =>
            {
                // A real 403 status; the status-code page renders the German 403 page. Denials are audited.
                ctx.Response.StatusCode = StatusCodes.Status403Forbidden;
                var audit = ctx.HttpContext.RequestServices.GetRequiredService<Infrastructure.Audit.AuditWriter>();
                await audit.WriteAsync(AuditActions.AccessDenied, "ENDPOINT", null, AuditResult.Denied,
                    new Dictionary<string, object?>
                    {
                        ["reason_code"] = "RBAC_DENY",
                        ["path"] = Infrastructure.Logging.RequestLogging.SafePath(ctx.Request.Path.Value),
                        ["method"] = ctx.Request.Method,
                    }, ct: ctx.HttpContext.RequestAborted);
            };
            o.Events.OnSigningIn = ctx =>
            {
                var now = ctx.HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
                // A refreshed cookie (new password, new 2FA key) keeps the session's start: the admin limit counts from sign-in.
                if (ReadTicks(ctx.Properties.Items, SessionStartItem) is null)
                {
                    ctx.Properties.Items[SessionStartItem] = now.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture);
                }
                ctx.Properties.Items[IdleTimeoutItem] = now.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture);
                return Task.CompletedTask;
            };
            o.Events.OnValidatePrincipal = async ctx =>
            {
                if (!await SessionStamp.IsCurrentAsync(ctx))
                {
                    ctx.RejectPrincipal();
                    await ctx.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
                    return;
                }
                await ApplySessionLimitsAsync(ctx);
            };
        });

        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(Policies.Product, p => p.RequireAuthenticatedUser().RequireRole(Roles.Product))
            .AddPolicy(Policies.Admin, p => p.RequireAuthenticatedUser().RequireRole(Roles.Administrators))
            .AddPolicy(Policies.Superadmin, p => p.RequireAuthenticatedUser().RequireRole(Roles.Superadmin))
            .AddPolicy(Policies.Business, p => p.RequireAuthenticatedUser().RequireAssertion(c => c.User.IsInRole(Roles.Dealer) || c.User.IsStaff()))
            .AddPolicy(Policies.BusinessOwner, p => p.RequireAuthenticatedUser().RequireRole(Roles.Dealer))
            .AddPolicy(Policies.Content, p => p.RequireAuthenticatedUser().RequireRole(Roles.Moderator, Roles.Admin, Roles.Superadmin));
        return services;
    }

    private static bool WantsHtml(HttpRequest request) =>
        request.Headers.Accept.Count == 0 || request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);

    /// <summary>Idle timeout of 30 minutes for business and admin accounts; admin sessions end after 4 hours.</summary>
    private static async Task ApplySessionLimitsAsync(CookieValidatePrincipalContext ctx)
    {
        var user = ctx.Principal!;
        var now = ctx.HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        var items = ctx.Properties.Items;
        var start = ReadTicks(items, SessionStartItem) ?? now;
        var seen = ReadTicks(items, IdleTimeoutItem) ?? now;
        var isAdmin = user.IsAdministrator();
        if ((isAdmin && now - start > AdminMaxSession) || ((isAdmin || user.IsBusiness()) && now - seen > BusinessIdleTimeout))
        {
            ctx.RejectPrincipal();
            await ctx.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
            return;
        }
        // Only sessions with an idle timeout note when they were last seen (a new cookie at most once a minute).
        if ((isAdmin || user.IsBusiness()) && now - seen > TimeSpan.FromMinutes(1))
        {
            items[IdleTimeoutItem] = now.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture);
            ctx.ShouldRenew = true;
        }
    }

    private static DateTimeOffset? ReadTicks(IDictionary<string, string?> items, string key) =>
        items.TryGetValue(key, out var v) && long.TryParse(v, out var ticks) ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;
}

/// <summary>
/// Adds the account kind, whether TOTP is on and whether the account holds an active staff seat; roles come from Identity.
/// A seat that starts or ends gives the account a new security stamp, so the claim is never older than the session.
/// </summary>
public sealed class LtcClaimsPrincipalFactory(UserManager<AppUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options, AppDbContext db)
    : UserClaimsPrincipalFactory<AppUser, IdentityRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(ClaimsPrincipalExtensions.AccountKindClaim, user.AccountKind.ToString()));
        identity.AddClaim(new Claim(ClaimsPrincipalExtensions.TwoFactorClaim, user.TwoFactorEnabled ? "1" : "0"));
        if (await db.StaffSeats.AnyAsync(s => s.UserId == user.Id && s.State == Domain.Workshops.SeatState.Aktiv))
        {
            identity.AddClaim(new Claim(ClaimsPrincipalExtensions.StaffClaim, "1"));
        }
        return identity;
    }
}
