using LifeTimeCircle.Domain;
using Microsoft.AspNetCore.Identity;

namespace LifeTimeCircle.Data;

/// <summary>
/// Operator commands run instead of the web server:
/// <c>migrate</c> (apply migrations and exit) and
/// <c>create-superadmin EMAIL</c> (password from LTC_INITIAL_PASSWORD or standard input),
/// <c>backup [--out DIR]</c>. <c>restore ARCHIVE</c> runs in Program.cs before the database is created.
/// </summary>
public static class AdminCommands
{
    public static async Task<bool> TryRunAsync(string[] args, IServiceProvider services)
    {
        if (args.Length == 0) return false;
        switch (args[0])
        {
            case "migrate":
                Console.WriteLine("Datenbank ist migriert.");
                return true;
            case "backup":
                var outIndex = Array.IndexOf(args, "--out");
                var archive = await services.GetRequiredService<Infrastructure.Backup.BackupService>()
                    .CreateAsync(outIndex >= 0 && outIndex + 1 < args.Length ? args[outIndex + 1] : null, CancellationToken.None);
                Console.WriteLine("Sicherung erstellt: " + archive);
                return true;
            case "create-superadmin":
                Environment.ExitCode = await CreateSuperadminAsync(args, services);
                return true;
            default:
                return false;
        }
    }

    private static async Task<int> CreateSuperadminAsync(string[] args, IServiceProvider services)
    {
        if (args.Length < 2)
        {
            Console.Error.WriteLine("Aufruf: LifeTimeCircle create-superadmin EMAIL   (Passwort aus LTC_INITIAL_PASSWORD oder stdin)");
            return 2;
        }
        var email = args[1].Trim();
        var password = Environment.GetEnvironmentVariable("LTC_INITIAL_PASSWORD");
        if (string.IsNullOrEmpty(password))
        {
            Console.Error.Write("Passwort: ");
            password = Console.ReadLine();
        }
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var clock = scope.ServiceProvider.GetRequiredService<TimeProvider>();
        var user = await users.FindByEmailAsync(email);
        IdentityResult result;
        if (user is null)
        {
            user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, AccountKind = AccountKind.Privat, CreatedAt = clock.GetUtcNow() };
            result = await users.CreateAsync(user, password ?? "");
        }
        else
        {
            result = IdentityResult.Success;
        }
        if (result.Succeeded)
        {
            var current = await users.GetRolesAsync(user);
            await users.RemoveFromRolesAsync(user, current);
            result = await users.AddToRoleAsync(user, Roles.Superadmin);
        }
        if (!result.Succeeded)
        {
            foreach (var e in result.Errors) Console.Error.WriteLine(e.Description);
            return 1;
        }
        Console.WriteLine("Superadmin angelegt. Bei der ersten Anmeldung: Einwilligung bestätigen und Zwei-Faktor einrichten.");
        return 0;
    }
}
