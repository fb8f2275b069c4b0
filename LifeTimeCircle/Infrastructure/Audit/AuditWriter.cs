using System.Security.Claims;
using System.Text.Json;
using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Infrastructure.Storage;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Infrastructure.Audit;

/// <summary>
/// Appends to the audit trail. Metadata is redacted here: only scalar values under keys that are not
/// known to carry PII or secrets, strings without '@' and at most 120 characters.
/// An audit row that cannot be stored because the storage is full never fails the request that caused it (a download
/// must not answer 500 because its audit row has no room): the event waits in the <see cref="AuditBuffer"/> and is
/// written with the next audit write or by the <c>audit-flush</c> job once there is space (docs/adr/0011-full-disk.md).
/// </summary>
public sealed class AuditWriter(AppDbContext db, IHttpContextAccessor http, TimeProvider clock, AuditBuffer buffer, ILogger<AuditWriter> logger)
{
    private static readonly HashSet<string> ForbiddenKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        "email", "phone", "name", "address", "vin", "ip", "useragent", "otp", "code", "token", "magiclink", "password",
        "accesstoken", "refreshtoken", "content", "body", "filename", "file_name", "title", "remark", "note", "comment",
    };

    public async Task WriteAsync(string action, string targetType, string? targetId, AuditResult result,
        IReadOnlyDictionary<string, object?>? metadata = null, string scope = "own", ClaimsPrincipal? actor = null,
        CancellationToken ct = default)
    {
        var ctx = http.HttpContext;
        var principal = actor ?? ctx?.User;
        var actorId = principal?.FindFirstValue(ClaimTypes.NameIdentifier);
        var role = principal?.Identity?.IsAuthenticated == true
            ? Roles.All.FirstOrDefault(r => principal.IsInRole(r)) ?? "user"
            : "public";
        var evt = new AuditEvent(Guid.NewGuid(), clock.GetUtcNow(), actorId is null ? "system" : "user", actorId, role,
            action, targetType, targetId, scope, result, ctx?.TraceIdentifier, Redact(metadata));
        await SaveAsync([evt], ct);
        logger.LogInformation("Audit {AuditAction} {AuditResult} {TargetType}", action, result, targetType);
    }

    /// <summary>Writes the events buffered while the storage was full; returns how many were written.</summary>
    public async Task<int> FlushAsync(CancellationToken ct)
    {
        if (buffer.Count == 0) return 0;
        var before = buffer.Count;
        await SaveAsync([], ct);
        return Math.Max(0, before - buffer.Count);
    }

    private async Task SaveAsync(IReadOnlyList<AuditEvent> events, CancellationToken ct)
    {
        var waiting = buffer.TakeAll();
        var all = waiting.Concat(events).ToList();
        if (all.Count == 0) return;
        db.AuditEvents.AddRange(all);
        try
        {
            await db.SaveChangesAsync(ct);
            if (waiting.Count > 0) logger.LogWarning("{Count} gepufferte Audit-Ereignisse nachgetragen", waiting.Count);
        }
        catch (Exception ex) when (StorageFull.IsCause(ex) && OnlyAudit(all))
        {
            foreach (var e in all) db.Entry(e).State = EntityState.Detached;
            var dropped = buffer.Add(all);
            logger.LogWarning("Speicher voll: {Count} Audit-Ereignis(se) im Speicher gepuffert ({Dropped} verworfen, Puffer voll)", buffer.Count, dropped);
        }
        catch
        {
            // Some other failure: nothing is lost from the buffer, the caller sees the error.
            foreach (var e in waiting) db.Entry(e).State = EntityState.Detached;
            buffer.Add(waiting);
            throw;
        }
    }

    /// <summary>The failed save held nothing but these audit rows (a caller's own unsaved changes are never swallowed).</summary>
    private bool OnlyAudit(IReadOnlyList<AuditEvent> events) =>
        db.ChangeTracker.Entries().All(e => e.State is EntityState.Unchanged or EntityState.Detached || (e.Entity is AuditEvent a && events.Contains(a)));

    /// <summary>Writes an event for a user who is not (yet) the signed-in principal, e.g. during sign-in.</summary>
    public Task WriteForUserAsync(string action, string? userId, string role, AuditResult result,
        IReadOnlyDictionary<string, object?>? metadata = null, CancellationToken ct = default)
    {
        var identity = new ClaimsIdentity(userId is null ? [] : [new Claim(ClaimTypes.NameIdentifier, userId), new Claim(ClaimTypes.Role, role)],
            userId is null ? null : "audit");
        return WriteAsync(action, "USER", userId, result, metadata, "own", new ClaimsPrincipal(identity), ct);
    }

    internal static string Redact(IReadOnlyDictionary<string, object?>? metadata)
    {
        if (metadata is null || metadata.Count == 0) return "{}";
        var clean = new SortedDictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, value) in metadata)
        {
            if (ForbiddenKeys.Contains(key)) continue;
            switch (value)
            {
                case null: clean[key] = null; break;
                case bool or int or long or decimal or double: clean[key] = value; break;
                case string s when s.Length is > 0 and <= 120 && !s.Contains('@', StringComparison.Ordinal): clean[key] = s; break;
                case Enum e: clean[key] = e.ToString(); break;
                default: break;
            }
        }
        return JsonSerializer.Serialize(clean);
    }
}
