using LifeTimeCircle.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;

namespace LifeTimeCircle.Data;

/// <summary>
/// The audit table is append-only in the database itself, not only by the app's good manners (issue 19 item 6):
/// on SQLite two triggers refuse every DELETE and every UPDATE, with one exception — the retention job may replace an
/// actor id by its pseudonym (<see cref="AuditEvent.PseudonymPrefix"/> + fixed length) once, while every other column
/// stays as it was. Created by the migration <c>AdministrationPlansAudit</c> and, should a regenerated migration lack
/// them, at start by <see cref="EnsureAsync"/>; a test proves both refusals and the one permitted change
/// (LifeTimeCircle.Tests/Admin/AuditViewerTests.cs).
/// PostgreSQL would get the same rule as a trigger function when that provider is added.
/// </summary>
public static class AuditTriggers
{
    public const string NoDelete = "AuditEvents_no_delete";
    public const string NoUpdate = "AuditEvents_no_update";

    public static readonly string CreateNoDelete = $"""
        CREATE TRIGGER IF NOT EXISTS "{NoDelete}" BEFORE DELETE ON "AuditEvents"
        BEGIN SELECT RAISE(ABORT, 'AuditEvents is append-only'); END;
        """;

    public static readonly string CreateNoUpdate = $"""
        CREATE TRIGGER IF NOT EXISTS "{NoUpdate}" BEFORE UPDATE ON "AuditEvents"
        WHEN NOT (
            NEW."Id" = OLD."Id" AND NEW."EventId" = OLD."EventId" AND NEW."CreatedAt" = OLD."CreatedAt"
            AND NEW."ActorType" = OLD."ActorType" AND NEW."ActorRole" = OLD."ActorRole" AND NEW."Action" = OLD."Action"
            AND NEW."TargetType" = OLD."TargetType" AND NEW."TargetId" IS OLD."TargetId" AND NEW."Scope" = OLD."Scope"
            AND NEW."Result" = OLD."Result" AND NEW."RequestId" IS OLD."RequestId" AND NEW."MetadataJson" = OLD."MetadataJson"
            AND OLD."ActorId" IS NOT NULL AND substr(OLD."ActorId", 1, {AuditEvent.PseudonymPrefix.Length}) <> '{AuditEvent.PseudonymPrefix}'
            AND NEW."ActorId" IS NOT NULL AND substr(NEW."ActorId", 1, {AuditEvent.PseudonymPrefix.Length}) = '{AuditEvent.PseudonymPrefix}'
            AND length(NEW."ActorId") = {AuditEvent.PseudonymLength}
        )
        BEGIN SELECT RAISE(ABORT, 'AuditEvents is append-only'); END;
        """;

    /// <summary>At start: creates the triggers when one is missing (SQLite only). Reads only when both exist. Returns how many were created.</summary>
    public static async Task<int> EnsureAsync(AppDbContext db)
    {
        if (!db.Database.IsSqlite()) return 0;
        var present = await db.Database.SqlQueryRaw<string>(
            "SELECT name AS \"Value\" FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'AuditEvents'").ToListAsync();
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
