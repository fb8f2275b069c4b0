using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace LifeTimeCircle.Data;

/// <summary>
/// Tells a violation of one particular unique index apart from every other database error, so that a page catches
/// only the race it means (a duplicate VIN, a second acceptance) and anything else surfaces as the error it is.
/// </summary>
public static class UniqueViolations
{
    private const int SqliteConstraintUnique = 2067; // SQLITE_CONSTRAINT_UNIQUE

    /// <summary>True when <paramref name="ex"/> is a violation of the unique index of <typeparamref name="TEntity"/> over exactly <paramref name="properties"/>.</summary>
    public static bool IsUniqueViolation<TEntity>(this DbUpdateException ex, DbContext db, params string[] properties)
    {
        var entity = db.Model.FindEntityType(typeof(TEntity)) ?? throw new ArgumentException("Kein Entitätstyp " + typeof(TEntity).Name);
        var index = entity.GetIndexes().SingleOrDefault(i => i.IsUnique && i.Properties.Select(p => p.Name).SequenceEqual(properties))
            ?? throw new ArgumentException($"Kein eindeutiger Index {typeof(TEntity).Name}({string.Join(", ", properties)})");
        return Matches(ex.InnerException as DbException, entity, index);
    }

    private static bool Matches(DbException? inner, IEntityType entity, IIndex index)
    {
        switch (inner)
        {
            case SqliteException sqlite:
                // SQLite names the columns, not the index: "UNIQUE constraint failed: Vehicles.VinHmac".
                if (sqlite.SqliteExtendedErrorCode != SqliteConstraintUnique) return false;
                var table = entity.GetTableName();
                var columns = string.Join(", ", index.Properties.Select(p => table + "." + p.GetColumnName()));
                return sqlite.Message.EndsWith("UNIQUE constraint failed: " + columns + "'.", StringComparison.Ordinal)
                    || sqlite.Message.EndsWith("UNIQUE constraint failed: " + columns, StringComparison.Ordinal);
            case not null:
                // PostgreSQL (Npgsql) and others report the constraint by name (SQLSTATE 23505 = unique_violation).
                var constraint = inner.GetType().GetProperty("ConstraintName")?.GetValue(inner) as string;
                return inner.SqlState == "23505" && constraint == index.GetDatabaseName();
            default:
                return false;
        }
    }
}
