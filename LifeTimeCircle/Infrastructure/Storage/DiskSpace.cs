using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using LifeTimeCircle.Infrastructure.Jobs;

namespace LifeTimeCircle.Infrastructure.Storage;

/// <summary><c>LTC_DISK_RESERVE_MB</c>: below this much free space on the data directory's volume, form posts that write are refused.</summary>
public sealed class DiskSpaceOptions : ILtcOptions
{
    public const string Variable = "LTC_DISK_RESERVE_MB";

    public long ReserveBytes { get; set; } = 200L * 1024 * 1024;

    public void Read(LtcVariables v) => ReserveBytes = v.BigNumber(Variable, 200, 0, 1_000_000) * 1024 * 1024;
}

/// <summary>
/// Free space of the data directory's volume against the reserve (docs/adr/0011-full-disk.md). Asked once per writing
/// request (one <c>statvfs</c> call, no cache, so a freed disk is noticed by the next request).
/// </summary>
public sealed class DiskSpace(LtcEnvironment env, DiskSpaceOptions options)
{
    public long ReserveBytes => options.ReserveBytes;

    public long AvailableBytes => new DriveInfo(env.DataDir).AvailableFreeSpace;

    /// <summary>True when less than the reserve is left: writes are refused, reads go on.</summary>
    public bool IsLow => AvailableBytes < options.ReserveBytes;
}

/// <summary>A write refused because the server's storage is full (below the reserve, or the disk itself reported full).</summary>
public sealed class StorageFullException() : IOException("Der Speicher des Servers ist voll.");

public static class StorageFull
{
    /// <summary>What a person reads when a write is refused: what happened, that nothing is lost, what to do next.</summary>
    public const string Message = "Der Speicher des Servers ist voll. Ihre Eingaben wurden nicht gespeichert; sie stehen noch im Formular. " +
        "Bitte versuchen Sie es in einigen Minuten erneut. Ansehen und Herunterladen funktionieren weiterhin.";

    private const int SqliteFull = 13;
    private const int Enospc = 28;
    private const int WindowsDiskFull = 0x70;

    /// <summary>True when <paramref name="exception"/> or one of its inner exceptions says the storage is full.</summary>
    public static bool IsCause(Exception? exception)
    {
        for (var ex = exception; ex is not null; ex = ex.InnerException)
        {
            switch (ex)
            {
                case StorageFullException:
                case SqliteException { SqliteErrorCode: SqliteFull }:
                case IOException when ex.HResult == Enospc || (ex.HResult & 0xFFFF) == WindowsDiskFull:
                    return true;
            }
        }
        return false;
    }
}

/// <summary>
/// The gate of one request: once a writing request is refused for lack of space (<c>StorageGuardFilter</c>), every
/// database command of that request that is not a read fails with <see cref="StorageFullException"/>, so a handler
/// that writes without looking at its validation state cannot write anyway.
/// </summary>
public static class StorageGate
{
    private const string Key = "ltc.storage-gate-closed";

    public static void Close(HttpContext context) => context.Items[Key] = true;

    public static bool IsClosed(HttpContext? context) => context?.Items.ContainsKey(Key) == true;
}

/// <summary>Refuses every non-read database command of a request whose <see cref="StorageGate"/> is closed.</summary>
public sealed class StorageGateInterceptor(IHttpContextAccessor http) : DbCommandInterceptor
{
    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Check(command);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Check(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Check(command);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Check(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        Check(command);
        return result;
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Check(command);
        return ValueTask.FromResult(result);
    }

    private void Check(DbCommand command)
    {
        if (StorageGate.IsClosed(http.HttpContext) && !IsRead(command.CommandText)) throw new StorageFullException();
    }

    /// <summary>SELECT (also after a WITH) and PRAGMA read; everything else (INSERT, UPDATE, DELETE, DDL) writes.</summary>
    internal static bool IsRead(string sql)
    {
        var text = sql.AsSpan().TrimStart();
        return text.StartsWith("SELECT", StringComparison.OrdinalIgnoreCase) || text.StartsWith("PRAGMA", StringComparison.OrdinalIgnoreCase)
            || (text.StartsWith("WITH", StringComparison.OrdinalIgnoreCase) && !text.Contains("INSERT", StringComparison.OrdinalIgnoreCase)
                && !text.Contains("UPDATE", StringComparison.OrdinalIgnoreCase) && !text.Contains("DELETE", StringComparison.OrdinalIgnoreCase));
    }
}

public static class StorageSetup
{
    /// <summary>The reserve, the free-space probe and the per-request gate on every <see cref="Data.AppDbContext"/>.</summary>
    public static IServiceCollection AddLtcStorageGuard(this IServiceCollection services)
    {
        services.AddLtcOptions<DiskSpaceOptions>();
        services.AddSingleton<DiskSpace>();
        services.AddSingleton<StorageGateInterceptor>();
        services.ConfigureDbContext<Data.AppDbContext>((sp, o) => o.AddInterceptors(sp.GetRequiredService<StorageGateInterceptor>()));
        services.AddSingleton<Audit.AuditBuffer>();
        services.AddRecurringJob<Audit.AuditFlush>(Audit.AuditFlush.Kind, TimeSpan.FromMinutes(5));
        return services;
    }
}
