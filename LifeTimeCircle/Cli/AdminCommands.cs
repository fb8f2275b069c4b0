using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Cli;

/// <summary>
/// The account and database commands of <see cref="CommandDispatcher"/>: <c>create-superadmin EMAIL</c> and
/// <c>create-moderator EMAIL</c> (password from
/// LTC_INITIAL_PASSWORD or standard input) and <c>rehash-vins</c> (after rotating LTC_SECRET_KEY).
/// </summary>
public static class AdminCommands
{
    public static async Task<int> RehashVinsAsync(IServiceProvider services)
    {
        var (total, changed) = await RehashVinsAsync(services, CancellationToken.None);
        Console.WriteLine($"FIN-Prüfwerte neu berechnet: {changed} von {total} geändert (Fahrzeuge und offene Annahmen ohne Freigabe).");
        return 0;
    }

    /// <summary>
    /// Recomputes every vehicle's VIN HMAC with the current <c>LTC_SECRET_KEY</c>. The VINs themselves are decrypted
    /// with the Data Protection key ring, so the previous secret is not needed. Idempotent; run with the service stopped.
    /// </summary>
    public static async Task<(int Total, int Changed)> RehashVinsAsync(IServiceProvider services, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var vins = scope.ServiceProvider.GetRequiredService<Infrastructure.Security.VinProtector>();
        int total = 0, changed = 0;
        long lastId = 0;
        while (true)
        {
            var batch = await db.Vehicles.Where(v => v.Id > lastId).OrderBy(v => v.Id).Take(1000).ToListAsync(ct);
            if (batch.Count == 0) break;
            foreach (var v in batch)
            {
                total++;
                if (v.Rehash(vins.Hmac(Domain.Vehicles.Vin.Parse(vins.Decrypt(v.VinCipher))))) changed++;
            }
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
            lastId = batch[^1].Id;
        }
        // Open walk-in intakes (ADR 0019 item 10) keep their VIN encrypted for exactly this: their link code fits the vehicle by the hash.
        var walkIns = await db.IntakeSessions.Where(s => s.WalkInVinCipher != null).ToListAsync(ct);
        foreach (var s in walkIns)
        {
            total++;
            if (s.Rehash(vins.Hmac(Domain.Vehicles.Vin.Parse(vins.Decrypt(s.WalkInVinCipher!))))) changed++;
        }
        await db.SaveChangesAsync(ct);
        return (total, changed);
    }

    public static Task<int> CreateSuperadminAsync(IServiceProvider services, string[] args) => CreateAccountAsync(services, args, Roles.Superadmin);

    /// <summary>
    /// <c>create-moderator EMAIL</c>: a moderator for blog and news (SPEC §1), created like a superadmin until the
    /// administration's invitation exists. The account sees nothing but the editorial desk.
    /// </summary>
    public static Task<int> CreateModeratorAsync(IServiceProvider services, string[] args) => CreateAccountAsync(services, args, Roles.Moderator);

    private static async Task<int> CreateAccountAsync(IServiceProvider services, string[] args, string role)
    {
        if (args.Length < 2)
        {
            Console.Error.WriteLine($"Aufruf: LifeTimeCircle {args[0]} EMAIL   (Passwort aus LTC_INITIAL_PASSWORD oder stdin)");
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
        else if (!user.EmailConfirmed)
        {
            // Somebody registered this address but never proved it: the operator's password replaces whatever was
            // chosen there, and nothing of that registration (authenticator, roles, sessions, open codes) survives.
            var ownership = scope.ServiceProvider.GetRequiredService<Infrastructure.Security.AccountOwnership>();
            var problems = await ownership.PasswordProblemsAsync(email, password ?? "");
            result = problems.Count > 0
                ? IdentityResult.Failed(problems.Select(p => new IdentityError { Description = p }).ToArray())
                : await ownership.ProveNeverConfirmedAsync(user, ownership.HashPassword(email, password ?? ""), choice: null);
            if (result.Succeeded)
            {
                var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
                await db.EmailCodes.Where(c => c.UserId == user.Id && c.ConsumedAt == null)
                    .ExecuteUpdateAsync(s => s.SetProperty(c => c.ConsumedAt, clock.GetUtcNow()));
                Console.WriteLine("Hinweis: Die Adresse war registriert, aber nie bestätigt. Das Passwort ist jetzt das hier angegebene.");
            }
        }
        else
        {
            Console.WriteLine("Hinweis: Das Konto besteht bereits; sein Passwort bleibt unverändert.");
            result = IdentityResult.Success;
        }
        if (result.Succeeded)
        {
            var current = await users.GetRolesAsync(user);
            await users.RemoveFromRolesAsync(user, current);
            result = await users.AddToRoleAsync(user, role);
            // Sessions carry their roles until the security stamp changes (checked on every request, ADR 0012).
            if (result.Succeeded) result = await users.UpdateSecurityStampAsync(user);
        }
        if (!result.Succeeded)
        {
            foreach (var e in result.Errors) Console.Error.WriteLine(e.Description);
            return 1;
        }
        Console.WriteLine(role == Roles.Superadmin
            ? "Superadmin angelegt. Bei der ersten Anmeldung: Einwilligung bestätigen und Zwei-Faktor einrichten."
            : "Moderator angelegt. Bei der ersten Anmeldung: Einwilligung bestätigen; danach steht die Redaktion (/Redaktion) offen.");
        return 0;
    }
}
