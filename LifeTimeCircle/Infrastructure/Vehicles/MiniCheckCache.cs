using System.Runtime.CompilerServices;
using LifeTimeCircle.Domain.Vehicles;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace LifeTimeCircle.Infrastructure.Vehicles;

/// <summary>
/// The public mini-check <c>/q/{token}</c> is the same bytes for everybody until its vehicle changes (ADR 0012, issue
/// 13): the rendered page is kept in ASP.NET Core's output cache, tagged with the vehicle, and evicted by every save that
/// touches the vehicle or a row of it (entries, documents, odometer flags, trust summary, share token). Only 200 answers
/// to a request without a query string are stored — unknown tokens (the neutral 404) never fill the cache. The rate
/// limiter runs before the cache, so a cached answer still counts against <c>LTC_RATELIMIT_PUBLIC</c>. Entries expire
/// after <see cref="Lifetime"/> as a bound for changes that bypass the change tracker and, with several nodes, for
/// saves on another node.
/// </summary>
public static class MiniCheckCache
{
    public const string PolicyName = "mini-check";
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    /// <summary>Set by the page after it found the vehicle: the tag to evict it by.</summary>
    public const string VehicleItem = "ltc.minicheck.vehicle";

    public static string Tag(long vehicleId) => "vehicle:" + vehicleId.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static IServiceCollection AddLtcMiniCheckCache(this IServiceCollection services)
    {
        services.AddOutputCache(o =>
        {
            o.SizeLimit = 16 * 1024 * 1024; // about 14,000 mini-checks of ≈ 1.2 KB
            // Tokens are case-sensitive: /q/aBc… must not be answered with the page cached for /q/ABC….
            o.UseCaseSensitivePaths = true;
            o.MaximumBodySize = 64 * 1024;
            o.AddPolicy(PolicyName, new Policy());
        });
        services.AddSingleton<Eviction>();
        return services;
    }

    private sealed class Policy : IOutputCachePolicy
    {
        public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
        {
            var request = context.HttpContext.Request;
            var cacheable = (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)) && !request.QueryString.HasValue;
            context.EnableOutputCaching = true;
            context.AllowCacheLookup = cacheable;
            context.AllowCacheStorage = cacheable;
            context.AllowLocking = true;
            context.ResponseExpirationTimeSpan = Lifetime;
            context.CacheVaryByRules.QueryKeys = default;
            context.CacheVaryByRules.VaryByHost = false; // links always use LTC_PUBLIC_URL; other Host headers must not add entries
            return ValueTask.CompletedTask;
        }

        public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

        public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
        {
            var response = context.HttpContext.Response;
            if (response.StatusCode != StatusCodes.Status200OK || response.Headers.SetCookie.Count > 0
                || context.HttpContext.Items[VehicleItem] is not long vehicleId)
            {
                context.AllowCacheStorage = false;
                return ValueTask.CompletedTask;
            }
            context.Tags.Add(Tag(vehicleId));
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>
    /// Evicts the cached mini-check of every vehicle a save touched: the vehicle row itself (any change, incl. a new or
    /// revoked share token) and every row with a <c>VehicleId</c>. Registered on the pooled context's options.
    /// </summary>
    public sealed class Eviction(IOutputCacheStore store) : SaveChangesInterceptor, IDbTransactionInterceptor
    {
        private readonly ConditionalWeakTable<DbContext, HashSet<long>> _pending = [];
        private readonly ConditionalWeakTable<DbContext, HashSet<long>> _uncommitted = [];

        public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
            CancellationToken cancellationToken = default)
        {
            if (eventData.Context is { } context) Collect(context);
            return ValueTask.FromResult(result);
        }

        public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
        {
            if (eventData.Context is { } context) Collect(context);
            return result;
        }

        public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
        {
            await EvictAsync(eventData.Context);
            return result;
        }

        public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
        {
            EvictAsync(eventData.Context).AsTask().GetAwaiter().GetResult();
            return result;
        }

        public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
        {
            if (eventData.Context is { } context) _pending.Remove(context);
            return Task.CompletedTask;
        }

        public override void SaveChangesFailed(DbContextErrorEventData eventData)
        {
            if (eventData.Context is { } context) _pending.Remove(context);
        }

        public override Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default)
        {
            if (eventData.Context is { } context) _pending.Remove(context);
            return Task.CompletedTask;
        }

        // Inside a transaction the new state is visible only after the commit: a mini-check read between the save and the
        // commit could store the old state again, so the same vehicles are evicted once more when the transaction commits.
        public async Task TransactionCommittedAsync(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData,
            CancellationToken cancellationToken = default)
        {
            if (eventData.Context is not { } context || !_uncommitted.TryGetValue(context, out var ids)) return;
            _uncommitted.Remove(context);
            foreach (var id in ids) await store.EvictByTagAsync(Tag(id), CancellationToken.None);
        }

        public void TransactionCommitted(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData) =>
            TransactionCommittedAsync(transaction, eventData).GetAwaiter().GetResult();

        public Task TransactionRolledBackAsync(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData,
            CancellationToken cancellationToken = default)
        {
            if (eventData.Context is { } context) _uncommitted.Remove(context);
            return Task.CompletedTask;
        }

        public void TransactionRolledBack(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData)
        {
            if (eventData.Context is { } context) _uncommitted.Remove(context);
        }

        private void Collect(DbContext context)
        {
            var ids = _pending.GetOrCreateValue(context);
            foreach (var e in context.ChangeTracker.Entries())
            {
                if (e.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted)) continue;
                if (e.Entity is Vehicle v)
                {
                    if (v.Id > 0) ids.Add(v.Id);
                    continue;
                }
                if (e.Metadata.FindProperty("VehicleId") is { } property && property.ClrType == typeof(long))
                {
                    if (e.Property(property.Name).CurrentValue is long current && current > 0) ids.Add(current);
                    if (e.State == EntityState.Modified && e.Property(property.Name).OriginalValue is long original && original > 0) ids.Add(original);
                }
            }
        }

        private async ValueTask EvictAsync(DbContext? context)
        {
            if (context is null || !_pending.TryGetValue(context, out var ids)) return;
            _pending.Remove(context);
            if (context.Database.CurrentTransaction is not null)
            {
                var later = _uncommitted.GetOrCreateValue(context);
                later.UnionWith(ids);
            }
            foreach (var id in ids) await store.EvictByTagAsync(Tag(id), CancellationToken.None);
        }
    }
}
