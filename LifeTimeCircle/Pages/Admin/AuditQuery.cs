using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Infrastructure.Audit;
using LifeTimeCircle.Web;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Pages.Admin;

/// <summary>The audit viewer's filters; the page and its CSV download read the same rows.</summary>
public sealed record AuditFilter(string? Actor, string? Target, string? Action, AuditResult? Result, string? RequestId, DateOnly? From, DateOnly? To)
{
    public bool IsEmpty => Actor is null && Target is null && Action is null && Result is null && RequestId is null && From is null && To is null;

    /// <summary>The names of the filters in use (for the audit row of a download; never their values).</summary>
    public string Names => string.Join(',', new[] { ("actor", Actor), ("target", Target), ("action", Action), ("result", Result?.ToString()),
        ("request_id", RequestId), ("from", From?.ToString("O", CultureInfo.InvariantCulture)), ("to", To?.ToString("O", CultureInfo.InvariantCulture)) }
        .Where(f => f.Item2 is not null).Select(f => f.Item1));

    /// <summary>
    /// Applies the filters. An actor is a user id, its pseudonym („psn:…“, what old rows show after retention) or „system“;
    /// a user id finds that user's rows before and after pseudonymisation. Dates are Berlin calendar days, both inclusive.
    /// </summary>
    public IQueryable<AuditEvent> Apply(IQueryable<AuditEvent> q, AuditPseudonyms pseudonyms)
    {
        if (Actor is { } actor)
        {
            if (actor.Equals("system", StringComparison.OrdinalIgnoreCase)) q = q.Where(a => a.ActorId == null);
            else if (AuditEvent.IsPseudonym(actor)) q = q.Where(a => a.ActorId == actor);
            else
            {
                var pseudonym = pseudonyms.For(actor);
                q = q.Where(a => a.ActorId == actor || a.ActorId == pseudonym);
            }
        }
        if (Target is { } target) q = q.Where(a => a.TargetId == target);
        if (Action is { } action) q = q.Where(a => a.Action == action);
        if (Result is { } result) q = q.Where(a => a.Result == result);
        if (RequestId is { } requestId) q = q.Where(a => a.RequestId == requestId);
        if (From is { } from && from > DateOnly.MinValue)
        {
            var start = Display.BerlinDayStart(from);
            q = q.Where(a => a.CreatedAt >= start);
        }
        if (To is { } to && to < DateOnly.MaxValue)
        {
            var end = Display.BerlinDayStart(to.AddDays(1));
            q = q.Where(a => a.CreatedAt < end);
        }
        return q;
    }
}

public sealed record AuditRow(long Id, DateTimeOffset CreatedAt, string ActorRole, string? ActorId, string Action, string TargetType, string? TargetId,
    AuditResult Result, string? RequestId, string Metadata);

/// <summary>One page of rows, newest first, and whether there are newer or older rows under the same filters.</summary>
public sealed record AuditPage(IReadOnlyList<AuditRow> Rows, bool HasNewer, bool HasOlder);

public static class AuditReads
{
    public const int CsvMaxRows = 100_000;

    private static IQueryable<AuditRow> Rows(IQueryable<AuditEvent> q) =>
        q.Select(a => new AuditRow(a.Id, a.CreatedAt, a.ActorRole, a.ActorId, a.Action, a.TargetType, a.TargetId, a.Result, a.RequestId, a.MetadataJson));

    /// <summary>
    /// Keyset paging on the row id (the order of recording, newest first): <paramref name="olderThan"/> = the rows after a
    /// page („?nach=“), <paramref name="newerThan"/> = the rows before it („?vor=“). No OFFSET, so page 1,000 costs what page 1 does.
    /// </summary>
    public static async Task<AuditPage> PageAsync(IQueryable<AuditEvent> filtered, long? olderThan, long? newerThan, int size, CancellationToken ct)
    {
        List<AuditRow> rows;
        if (newerThan is { } newer)
        {
            rows = await Rows(filtered.Where(a => a.Id > newer).OrderBy(a => a.Id).Take(size)).ToListAsync(ct);
            rows.Reverse();
        }
        else
        {
            var q = olderThan is { } older ? filtered.Where(a => a.Id < older) : filtered;
            rows = await Rows(q.OrderByDescending(a => a.Id).Take(size)).ToListAsync(ct);
        }
        if (rows.Count == 0) return new AuditPage(rows, false, false);
        var (first, last) = (rows[0].Id, rows[^1].Id);
        return new AuditPage(rows, await filtered.AnyAsync(a => a.Id > first, ct), await filtered.AnyAsync(a => a.Id < last, ct));
    }

    /// <summary>
    /// Writes the filtered rows (newest first, at most <see cref="CsvMaxRows"/>) as CSV: UTF-8 with BOM and semicolons for
    /// German spreadsheets, times in UTC ISO 8601 round-trip form (machine format), cells starting with = + - @ escaped against formula injection.
    /// Returns the number of rows written.
    /// </summary>
    public static async Task<int> WriteCsvAsync(IQueryable<AuditEvent> filtered, Stream output, CancellationToken ct)
    {
        var config = new CsvConfiguration(CultureInfo.InvariantCulture) { Delimiter = ";", InjectionOptions = InjectionOptions.Escape };
        await using var writer = new StreamWriter(output, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true), leaveOpen: true);
        await using var csv = new CsvWriter(writer, config);
        foreach (var header in new[] { "id", "created_at_utc", "actor_role", "actor", "action", "target_type", "target_id", "result", "request_id", "metadata" })
        {
            csv.WriteField(header);
        }
        await csv.NextRecordAsync();
        var count = 0;
        await foreach (var r in Rows(filtered.OrderByDescending(a => a.Id).Take(CsvMaxRows)).AsAsyncEnumerable().WithCancellation(ct))
        {
            csv.WriteField(r.Id);
            csv.WriteField(r.CreatedAt.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture)); // machine format, UTC
            csv.WriteField(r.ActorRole);
            csv.WriteField(r.ActorId ?? "system");
            csv.WriteField(r.Action);
            csv.WriteField(r.TargetType);
            csv.WriteField(r.TargetId ?? "");
            csv.WriteField(r.Result.ToString());
            csv.WriteField(r.RequestId ?? "");
            csv.WriteField(r.Metadata);
            await csv.NextRecordAsync();
            count++;
        }
        await csv.FlushAsync();
        return count;
    }
}
