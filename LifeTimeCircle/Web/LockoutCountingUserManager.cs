using LifeTimeCircle.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace LifeTimeCircle.Web;

/// <summary>
/// Identity's user manager, except that the lockout count survives parallel requests: Identity saves the whole account
/// with an optimistic concurrency stamp, so of several simultaneous wrong attempts only one would be counted and the
/// others would leave a stale, unsaved account behind that makes the request's next save (the audit entry) fail with
/// a 500. Here a concurrency failure reloads the account and counts again (bounded), so every wrong attempt counts.
/// </summary>
public sealed class LockoutCountingUserManager(
    IUserStore<AppUser> store,
    IOptions<IdentityOptions> optionsAccessor,
    IPasswordHasher<AppUser> passwordHasher,
    IEnumerable<IUserValidator<AppUser>> userValidators,
    IEnumerable<IPasswordValidator<AppUser>> passwordValidators,
    ILookupNormalizer keyNormalizer,
    IdentityErrorDescriber errors,
    IServiceProvider services,
    ILogger<UserManager<AppUser>> logger,
    AppDbContext db)
    : UserManager<AppUser>(store, optionsAccessor, passwordHasher, userValidators, passwordValidators, keyNormalizer, errors, services, logger)
{
    private const int Attempts = 10;

    public override Task<IdentityResult> AccessFailedAsync(AppUser user) => RetryOnConcurrencyAsync(user, () => base.AccessFailedAsync(user));

    public override Task<IdentityResult> ResetAccessFailedCountAsync(AppUser user) => RetryOnConcurrencyAsync(user, () => base.ResetAccessFailedCountAsync(user));

    private async Task<IdentityResult> RetryOnConcurrencyAsync(AppUser user, Func<Task<IdentityResult>> change)
    {
        for (var attempt = 1; ; attempt++)
        {
            var result = await change();
            if (result.Succeeded || !result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.ConcurrencyFailure))) return result;
            // Somebody saved the account meanwhile: take the stored state (count, lockout, stamp) and apply the change to it.
            await db.Entry(user).ReloadAsync();
            if (attempt == Attempts) return result;
        }
    }
}
