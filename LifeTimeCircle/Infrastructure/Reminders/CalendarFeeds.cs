using System.Security.Cryptography;
using System.Text;
using LifeTimeCircle.Data;
using LifeTimeCircle.Domain.Reminders;
using LifeTimeCircle.Domain.Vehicles;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Infrastructure.Reminders;

/// <summary>
/// The per-user secret iCalendar address (issue 15 part 5): create/rotate (a new token, the old address stops at once),
/// revoke, and the feed itself — every open reminder with a due date as an all-day event.
/// </summary>
public sealed class CalendarFeeds(AppDbContext db, ReminderBoard board, PublicUrls urls, TimeProvider clock)
{
    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>A new token for the user (replacing an old one); returns the token, which is stored only as a hash.</summary>
    public async Task<(string Token, bool Rotated)> CreateAsync(string userId, CancellationToken ct)
    {
        var token = PublicIds.New();
        var feed = await db.CalendarFeeds.SingleOrDefaultAsync(f => f.UserId == userId, ct);
        var rotated = feed is not null;
        if (feed is null) db.CalendarFeeds.Add(new CalendarFeed(userId, Hash(token), clock.GetUtcNow()));
        else feed.Rotate(Hash(token), clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return (token, rotated);
    }

    public async Task<bool> RevokeAsync(string userId, CancellationToken ct) =>
        await db.CalendarFeeds.Where(f => f.UserId == userId).ExecuteDeleteAsync(ct) > 0;

    public string Url(string token) => urls.Page("/Public/Kalender", new { feedToken = token });

    /// <summary>The calendar of the token's owner, or null for an unknown or revoked token.</summary>
    public async Task<string?> RenderAsync(string? token, CancellationToken ct)
    {
        if (!PublicIds.LooksValid(token)) return null;
        var hash = Hash(token!);
        // A removed account's feed answers like an unknown token (restore brings it back).
        var userId = await db.CalendarFeeds.AsNoTracking().Where(f => f.TokenHash == hash && db.Users.Any(u => u.Id == f.UserId && u.DeletedAt == null))
            .Select(f => f.UserId).SingleOrDefaultAsync(ct);
        if (userId is null) return null;
        var vehicles = await db.Vehicles.AsNoTracking().OwnedBy(userId).Select(v => new { v.Id, v.PublicId, Name = v.Nickname ?? v.Make + " " + v.Model })
            .ToListAsync(ct);
        var byId = vehicles.ToDictionary(v => v.Id);
        var reminders = await board.ForVehiclesAsync(byId.Keys.ToList(), ct);
        var events = reminders
            .Where(r => r.Status.State is not (ReminderState.Erledigt or ReminderState.OhneTermin) && r.Status.DueDate is not null)
            .Select(r => new ICalendarWriter.AllDayEvent(
                $"{r.PublicId}-{r.Status.DueDate!.Value:yyyyMMdd}@lifetimecircle",
                r.Status.DueDate.Value,
                $"{r.Name} fällig – {byId[r.VehicleId].Name}",
                $"{r.StatusLabel}: {r.StatusText}",
                urls.Page("/Fahrzeuge/Erinnerungen/Index", new { id = byId[r.VehicleId].PublicId })))
            .ToList();
        return ICalendarWriter.Write("LifeTimeCircle – Wartung", events, clock.GetUtcNow());
    }
}

/// <summary>
/// A small RFC 5545 writer for all-day events: CRLF line ends, TEXT escaping (backslash, semicolon, comma, newline) and
/// lines folded at 75 octets without splitting a UTF-8 sequence. Checked against Ical.Net in the tests.
/// </summary>
public static class ICalendarWriter
{
    public sealed record AllDayEvent(string Uid, DateOnly Date, string Summary, string Description, string Url);

    public static string Write(string calendarName, IEnumerable<AllDayEvent> events, DateTimeOffset now)
    {
        var sb = new StringBuilder();
        // A machine format (RFC 5545 UTC date-time), not a display value.
        var stamp = now.ToUniversalTime().ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        Line(sb, "BEGIN:VCALENDAR");
        Line(sb, "VERSION:2.0");
        Line(sb, "PRODID:-//LifeTimeCircle//Service Heft 4.0//DE");
        Line(sb, "CALSCALE:GREGORIAN");
        Line(sb, "METHOD:PUBLISH");
        Line(sb, "X-WR-CALNAME:" + Text(calendarName));
        Line(sb, "REFRESH-INTERVAL;VALUE=DURATION:PT12H");
        foreach (var e in events)
        {
            Line(sb, "BEGIN:VEVENT");
            Line(sb, "UID:" + Text(e.Uid));
            Line(sb, "DTSTAMP:" + stamp);
            Line(sb, "DTSTART;VALUE=DATE:" + Date(e.Date));
            Line(sb, "DTEND;VALUE=DATE:" + Date(e.Date.AddDays(1)));
            Line(sb, "SUMMARY:" + Text(e.Summary));
            Line(sb, "DESCRIPTION:" + Text(e.Description));
            Line(sb, "URL:" + e.Url);
            Line(sb, "TRANSP:TRANSPARENT");
            Line(sb, "END:VEVENT");
        }
        Line(sb, "END:VCALENDAR");
        return sb.ToString();
    }

    private static string Date(DateOnly d) => d.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>RFC 5545 §3.3.11 TEXT.</summary>
    public static string Text(string value) => value
        .Replace("\\", "\\\\", StringComparison.Ordinal).Replace(";", "\\;", StringComparison.Ordinal).Replace(",", "\\,", StringComparison.Ordinal)
        .Replace("\r\n", "\\n", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal).Replace("\r", "\\n", StringComparison.Ordinal);

    /// <summary>RFC 5545 §3.1: at most 75 octets per line, continuation lines start with one space.</summary>
    private static void Line(StringBuilder sb, string content)
    {
        var octets = 0;
        var limit = 75;
        foreach (var rune in content.EnumerateRunes())
        {
            var size = rune.Utf8SequenceLength;
            if (octets + size > limit)
            {
                sb.Append("\r\n ");
                octets = 0;
                limit = 74; // the leading space counts
            }
            sb.Append(rune.ToString());
            octets += size;
        }
        sb.Append("\r\n");
    }
}
