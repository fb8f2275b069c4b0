using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Infrastructure.Jobs;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Infrastructure.Audit;

/// <summary><c>LTC_AUDIT_RETENTION_DAYS</c> (docs/configuration.md): after how many days the actor of an audit row is pseudonymised.</summary>
public sealed class AuditOptions : ILtcOptions
{
    public const string Variable = "LTC_AUDIT_RETENTION_DAYS";

    public int RetentionDays { get; set; } = 365;

    public void Read(LtcVariables v) => RetentionDays = v.Number(Variable, 365, 30, 3650);
}

/// <summary>Actor ids as they look after retention: "psn:" + 32 hex characters of a keyed HMAC (the same id, the same pseudonym).</summary>
public sealed class AuditPseudonyms(LtcEnvironment env)
{
    public string For(string actorId) => AuditEvent.PseudonymPrefix + env.Hmac("audit-actor", actorId)[..(AuditEvent.PseudonymLength - AuditEvent.PseudonymPrefix.Length)];
}

/// <summary>
/// Recurring job <c>audit-retention</c>: rows stay (the trail is append-only, SPEC §10), but the actor id of every row
/// older than <see cref="AuditOptions.RetentionDays"/> is replaced by its pseudonym — the one change the database
/// trigger permits (Data/AuditTriggers.cs). Works in batches of actors; the same actor always gets the same pseudonym,
/// so the viewer can still follow one actor through old rows without knowing who it was.
/// </summary>
public sealed class AuditRetention(AppDbContext db, AuditOptions options, AuditPseudonyms pseudonyms, TimeProvider clock, AuditWriter audit,
    ILogger<AuditRetention> logger) : IJobHandler<NoPayload>
{
    public const string Kind = "audit-retention";
    private const int BatchActors = 200;

    public async Task RunAsync(NoPayload payload, JobContext context, CancellationToken ct) => await PseudonymiseAsync(ct);

    /// <summary>Pseudonymises every due row; returns how many rows changed.</summary>
    public async Task<int> PseudonymiseAsync(CancellationToken ct)
    {
        var before = clock.GetUtcNow() - TimeSpan.FromDays(options.RetentionDays);
        var changed = 0;
        while (true)
        {
            var actors = await db.AuditEvents.AsNoTracking()
                .Where(a => a.CreatedAt < before && a.ActorId != null && !a.ActorId.StartsWith(AuditEvent.PseudonymPrefix))
                .Select(a => a.ActorId!).Distinct().Take(BatchActors).ToListAsync(ct);
            if (actors.Count == 0) break;
            foreach (var actor in actors)
            {
                var pseudonym = pseudonyms.For(actor);
                changed += await db.AuditEvents.Where(a => a.ActorId == actor && a.CreatedAt < before)
                    .ExecuteUpdateAsync(s => s.SetProperty(a => a.ActorId, pseudonym), ct);
            }
        }
        if (changed > 0)
        {
            logger.LogInformation("Audit-Aufbewahrung: {Count} Akteur-Kennungen pseudonymisiert", changed);
            await audit.WriteAsync(AuditActions.AuditActorsPseudonymised, "SYSTEM_CONFIG", null, AuditResult.Success,
                new Dictionary<string, object?> { ["rows"] = changed, ["retention_days"] = options.RetentionDays }, scope: "org", ct: ct);
        }
        return changed;
    }
}

public static class AuditSetup
{
    public static IServiceCollection AddLtcAudit(this IServiceCollection services)
    {
        services.AddScoped<AuditWriter>();
        services.AddLtcOptions<AuditOptions>();
        services.AddSingleton<AuditPseudonyms>();
        services.AddRecurringJob<AuditRetention>(AuditRetention.Kind, TimeSpan.FromHours(6));
        return services;
    }
}
