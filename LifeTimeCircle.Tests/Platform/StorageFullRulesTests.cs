using LifeTimeCircle.Domain;
using LifeTimeCircle.Infrastructure.Audit;
using LifeTimeCircle.Infrastructure.Storage;
using Microsoft.Data.Sqlite;

namespace LifeTimeCircle.Tests.Platform;

/// <summary>The small rules behind the full-disk behaviour (docs/adr/0011-full-disk.md), without a filesystem.</summary>
public sealed class StorageFullRulesTests
{
    [Theory]
    [InlineData("SELECT \"u\".\"Id\" FROM \"AspNetUsers\"", true)]
    [InlineData("  \n pragma journal_mode;", true)]
    [InlineData("WITH x AS (SELECT 1) SELECT * FROM x", true)]
    [InlineData("WITH x AS (SELECT 1) DELETE FROM \"Jobs\" WHERE 1", false)]
    [InlineData("INSERT INTO \"AuditEvents\" (\"Id\") VALUES (@p0) RETURNING 1;", false)]
    [InlineData("UPDATE \"Jobs\" SET \"LeaseUntil\" = @p WHERE 1", false)]
    [InlineData("DELETE FROM \"Entries\"", false)]
    [InlineData("CREATE TABLE \"__EFMigrationsLock\" (\"Id\" INTEGER)", false)]
    public void Only_selects_and_pragmas_pass_a_closed_gate(string sql, bool read) => Assert.Equal(read, StorageGateInterceptor.IsRead(sql));

    [Fact]
    public void Disk_full_is_recognised_in_sqlite_io_and_wrapped_errors_and_nothing_else()
    {
        Assert.True(StorageFull.IsCause(new StorageFullException()));
        Assert.True(StorageFull.IsCause(new SqliteException("database or disk is full", 13)));
        Assert.True(StorageFull.IsCause(new InvalidOperationException("außen", new IOException("No space left on device", 28))));
        Assert.True(StorageFull.IsCause(new Microsoft.EntityFrameworkCore.DbUpdateException("x", new SqliteException("full", 13))));
        Assert.False(StorageFull.IsCause(new SqliteException("database is locked", 5)));
        Assert.False(StorageFull.IsCause(new IOException("Permission denied", 13)));
        Assert.False(StorageFull.IsCause(new FormatException("kaputt")));
        Assert.False(StorageFull.IsCause(null));
    }

    [Fact]
    public void The_audit_buffer_keeps_the_newest_events_up_to_its_capacity_and_counts_what_it_drops()
    {
        var buffer = new AuditBuffer();
        var events = Enumerable.Range(0, AuditBuffer.Capacity + 3).Select(i => new AuditEvent(Guid.NewGuid(), DateTimeOffset.UnixEpoch.AddSeconds(i), "system",
            null, "public", "TEST", "TEST", i.ToString(System.Globalization.CultureInfo.InvariantCulture), "own", AuditResult.Success, null, "{}")).ToList();
        Assert.Equal(3, buffer.Add(events));
        Assert.Equal(AuditBuffer.Capacity, buffer.Count);
        var taken = buffer.TakeAll();
        Assert.Equal("3", taken[0].TargetId);
        Assert.Equal(events[^1].EventId, taken[^1].EventId);
        Assert.Equal(0, buffer.Count);
    }
}
