using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;

namespace LifeTimeCircle.Data;

/// <summary>
/// The system log table (OBD readouts, GPS test drives; SPEC §13, issue 17 item 5) is append-only in the database
/// itself: on SQLite two triggers refuse every UPDATE, and every DELETE while the log's vehicle exists — a correction is
/// a new row that references the original. The one way a log goes is with its vehicle: the GDPR deletion of the owner's
/// account deletes the vehicle, and the foreign key's cascade removes its logs after the vehicle row is gone. Created by the branch's migration and, should a regenerated migration lack them, at
/// start by <see cref="EnsureAsync"/> (the pattern of <see cref="AuditTriggers"/>, ADR 0018); a test proves both
/// refusals (LifeTimeCircle.Tests/Betrieb/SystemLogTests.cs). PostgreSQL would get the same rule as a trigger function.
/// </summary>
public static class SystemLogTriggers
{
    public const string NoDelete = "SystemLogEvents_no_delete";
    public const string NoUpdate = "SystemLogEvents_no_update";
    public const string Message = "SystemLogEvents is append-only";

    public static readonly string CreateNoDelete = $"""
        CREATE TRIGGER IF NOT EXISTS "{NoDelete}" BEFORE DELETE ON "SystemLogEvents"
        WHEN EXISTS (SELECT 1 FROM "Vehicles" WHERE "Id" = OLD."VehicleId")
        BEGIN SELECT RAISE(ABORT, '{Message}'); END;
        """;

    public static readonly string CreateNoUpdate = $"""
        CREATE TRIGGER IF NOT EXISTS "{NoUpdate}" BEFORE UPDATE ON "SystemLogEvents"
        BEGIN SELECT RAISE(ABORT, '{Message}'); END;
        """;

    /// <summary>At start: creates the triggers when one is missing (SQLite only). Returns how many were created.</summary>
    public static async Task<int> EnsureAsync(AppDbContext db)
    {
        if (!db.Database.IsSqlite()) return 0;
        var present = await db.Database.SqlQueryRaw<string>(
            "SELECT name AS \"Value\" FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'SystemLogEvents'").ToListAsync();
        var created = 0;
        foreach (var (name, sql) in new[] { (NoDelete, CreateNoDelete), (NoUpdate, CreateNoUpdate) })
        {
            if (present.Contains(name)) continue;
            await db.Database.ExecuteSqlRawAsync(sql);
            created++;
        }
        return created;
    }

    /// <summary>Called by the migration (SQLite only; the statements are idempotent).</summary>
    public static void Create(MigrationBuilder migrationBuilder)
    {
        if (migrationBuilder.ActiveProvider != "Microsoft.EntityFrameworkCore.Sqlite") return;
        migrationBuilder.Sql(CreateNoDelete);
        migrationBuilder.Sql(CreateNoUpdate);
    }

    public static void Drop(MigrationBuilder migrationBuilder)
    {
        if (migrationBuilder.ActiveProvider != "Microsoft.EntityFrameworkCore.Sqlite") return;
        migrationBuilder.Sql($"DROP TRIGGER IF EXISTS \"{NoDelete}\";");
        migrationBuilder.Sql($"DROP TRIGGER IF EXISTS \"{NoUpdate}\";");
    }
}
