using LifeTimeCircle.Infrastructure.Security;

namespace LifeTimeCircle.Pages.Konto;

public static class AccountSetup
{
    /// <summary>The account rules: e-mail codes and challenges, proof of ownership, registration, sign-in, reset.</summary>
    public static IServiceCollection AddLtcAccounts(this IServiceCollection services)
    {
        services.AddScoped<EmailCodeService>();
        services.AddScoped<EmailChallenge>();
        services.AddScoped<AccountOwnership>();
        services.AddScoped<Registration>();
        services.AddScoped<PasswordSignIn>();
        services.AddScoped<PasswordReset>();
        return services;
    }
}
