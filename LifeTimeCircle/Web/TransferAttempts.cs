using System.Threading.RateLimiting;

namespace LifeTimeCircle.Web;

/// <summary>
/// Per-account limit on handover code checks (the per-client limit is the "transfer" category in RateLimitSetup):
/// LTC_RATELIMIT_TRANSFER_ACCOUNT checks per account and minute (default 10). No oracle for valid codes.
/// </summary>
public sealed class TransferAttempts : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;

    public TransferAttempts(RateLimitOptions options)
    {
        var permits = options.TransferAccount;
        _limiter = PartitionedRateLimiter.Create<string, string>(userId => RateLimitPartition.GetFixedWindowLimiter(userId,
            _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
    }

    public bool TryAcquire(string userId)
    {
        using var lease = _limiter.AttemptAcquire(userId);
        return lease.IsAcquired;
    }

    public void Dispose() => _limiter.Dispose();
}
