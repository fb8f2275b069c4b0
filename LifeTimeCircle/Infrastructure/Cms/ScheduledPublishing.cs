using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Infrastructure.Audit;
using LifeTimeCircle.Infrastructure.Jobs;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Infrastructure.Cms;

/// <summary>
/// Job <c>cms-publish</c>: publishes a scheduled article at its time (queued by <see cref="Editorial.ScheduleAsync"/> with
/// run-after = the time). Idempotent: an article withdrawn, rescheduled later or already published is left alone
/// (a rescheduled article has its own job).
/// </summary>
public sealed class ScheduledPublishing(AppDbContext db, AuditWriter audit, TimeProvider clock) : IJobHandler<ScheduledPublishing.Payload>
{
    public const string Kind = "cms-publish";

    public sealed record Payload(string ArticleId);

    public async Task RunAsync(Payload payload, JobContext context, CancellationToken ct)
    {
        var article = await db.Articles.SingleOrDefaultAsync(a => a.PublicId == payload.ArticleId, ct);
        if (article is null || !article.PublishIfDue(clock.GetUtcNow())) return;
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(AuditActions.ArticlePublished, "ARTICLE", article.PublicId, AuditResult.Success,
            new Dictionary<string, object?> { ["kind"] = article.Kind.ToString(), ["state"] = article.State.ToString(), ["revision"] = article.Revision, ["scheduled"] = true },
            "content", ct: ct);
    }
}
