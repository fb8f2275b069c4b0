using System.Security.Claims;
using System.Text.Json;
using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;

namespace LifeTimeCircle.Infrastructure.Audit;

/// <summary>
/// Appends to the audit trail. Metadata is redacted here: only scalar values under keys that are not
/// known to carry PII or secrets, strings without '@' and at most 120 characters.
/// </summary>
public sealed class AuditWriter(AppDbContext db, IHttpContextAccessor http, TimeProvider clock, ILogger<AuditWriter> logger)
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
        db.AuditEvents.Add(evt);
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Audit {AuditAction} {AuditResult} {TargetType}", action, result, targetType);
    }

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
