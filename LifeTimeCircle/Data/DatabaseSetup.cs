using LifeTimeCircle.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Data;

public static class DatabaseSetup
{
    /// <summary>
    /// Creates and migrates the database when <paramref name="migrate"/> is set (LTC_AUTO_MIGRATE, default true, or the
    /// <c>migrate</c> command), switches SQLite to WAL and seeds the six roles.
    /// </summary>
    public static async Task InitializeAsync(IServiceProvider services, bool migrate)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        // Only when something is pending: MigrateAsync takes the migration lock (a write) even when there is nothing to do,
        // and on a full disk that write failed and the app did not start (a crash loop under Restart=on-failure).
        if (migrate && (await db.Database.GetPendingMigrationsAsync()).Any())
        {
            await db.Database.MigrateAsync();
        }
        if (db.Database.IsSqlite())
        {
            // WAL lets readers and the single writer work side by side; set once, persists in the file.
            var connection = (SqliteConnection)db.Database.GetDbConnection();
            await connection.OpenAsync();
            await using var cmd = connection.CreateCommand();
            // Asked first and set only when needed: setting it writes the database header.
            cmd.CommandText = "PRAGMA journal_mode;";
            if (!string.Equals(Convert.ToString(await cmd.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture), "wal", StringComparison.OrdinalIgnoreCase))
            {
                cmd.CommandText = "PRAGMA journal_mode=WAL;";
                await cmd.ExecuteScalarAsync();
            }
            await connection.CloseAsync();
        }
        // The audit table's append-only triggers (issue 19): created by the migration, checked here (one read) so that a
        // regenerated migration without them cannot leave the table open; created only when missing.
        if (!(await db.Database.GetPendingMigrationsAsync()).Any()) await AuditTriggers.EnsureAsync(db);
        // The same for the append-only system logs (issue 17).
        if (!(await db.Database.GetPendingMigrationsAsync()).Any()) await SystemLogTriggers.EnsureAsync(db);
        // Engine/drive free text of before issue 22 becomes the coarse list value plus the owner's private note, once.
        if (!(await db.Database.GetPendingMigrationsAsync()).Any()) await MoveLegacyEngineDriveAsync(db);
        // Stored Trust-Ampel summaries: vehicles without one (first start after the migration) or computed by an older
        // engine version are evaluated now, in chunks; afterwards every write keeps them current.
        var stale = (await db.Database.GetPendingMigrationsAsync()).Any() ? [] : await TrustEvaluation.MissingOrOutdatedAsync(db, default);
        foreach (var chunk in stale.Chunk(2_000))
        {
            await TrustEvaluation.StageAsync(db, chunk, default);
            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();
        }
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new IdentityRole(role));
            }
        }
    }

    /// <summary>Idempotent: touches only vehicles whose old free text is still in the legacy column (no write otherwise).</summary>
    public static async Task<int> MoveLegacyEngineDriveAsync(AppDbContext db)
    {
        var moved = 0;
        while (true)
        {
            var batch = await db.Vehicles.Where(v => v.LegacyEngineDrive != null).OrderBy(v => v.Id).Take(500).ToListAsync();
            if (batch.Count == 0) return moved;
            foreach (var v in batch) v.AdoptLegacyEngineDrive();
            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();
            moved += batch.Count;
        }
    }
}
