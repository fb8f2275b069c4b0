using LifeTimeCircle.Data;
using LifeTimeCircle.Domain.Support;
using LifeTimeCircle.Infrastructure.Jobs;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Infrastructure.Support;

/// <summary>
/// Recurring job <c>support-retention</c> (every 6 hours): a visitor's request (contact form without an account) that is
/// solved and unchanged for <see cref="SupportRequest.VisitorRetention"/> is deleted with its thread, so the reply
/// address is not kept without a purpose (GDPR Art. 5(1)(e)). A new message reopens a request and moves its date, so
/// nothing in use goes. The log line carries the count only.
/// </summary>
public sealed class SupportRetention(AppDbContext db, TimeProvider clock, ILogger<SupportRetention> logger) : IJobHandler<NoPayload>
{
    public const string Kind = "support-retention";

    public async Task RunAsync(NoPayload payload, JobContext context, CancellationToken ct)
    {
        var before = clock.GetUtcNow() - SupportRequest.VisitorRetention;
        var deleted = await db.SupportRequests
            .Where(r => r.UserId == null && r.Status == SupportStatus.Geloest && r.UpdatedAt < before)
            .ExecuteDeleteAsync(ct); // the messages cascade
        if (deleted > 0) logger.LogInformation("Support-Aufbewahrung: {Count} gelöste Besucheranfragen gelöscht", deleted);
    }
}
