using System.Security.Cryptography;
using System.Text;
using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Notifications;
using LifeTimeCircle.Infrastructure.Email;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Infrastructure.Notifications;

/// <summary>
/// The e-mail side of notifications: reads the user's setting per category, writes the mail of one notification or of
/// a daily digest into the mail queue with the <c>List-Unsubscribe</c> header and an unsubscribe link per category,
/// and holds VIP mail back until the user's quiet hours end (in-app messages are never held back).
/// </summary>
public sealed class NotificationMailer(AppDbContext db, MailQueue mail, UnsubscribeTokens tokens, PublicUrls urls, TimeProvider clock)
{
    public const string ImmediateKind = "notification";
    public const string DigestKind = "notification_digest";

    public async Task<NotificationMail> ModeAsync(string userId, NotificationCategory category, CancellationToken ct)
    {
        var setting = await db.NotificationSettings.AsNoTracking().Where(s => s.UserId == userId && s.Category == category)
            .Select(s => new { s.Email, s.Digest }).SingleOrDefaultAsync(ct);
        return setting is null
            ? NotificationSetting.MailFor(NotificationSetting.Default.Email, NotificationSetting.Default.Digest)
            : NotificationSetting.MailFor(setting.Email, setting.Digest);
    }

    public async Task SendNowAsync(Notification n, CancellationToken ct)
    {
        var to = await EmailAsync(n.UserId, ct);
        if (to is null) return;
        var unsubscribe = UnsubscribeUrl(n.UserId, [n.Category]);
        var body = new StringBuilder()
            .Append("Guten Tag,\n\n").Append(n.Text).Append("\n\n")
            .Append("Alle Nachrichten in Ihrem Postfach: ").Append(urls.Page("/Postfach/Index")).Append("\n\n")
            .Append(Footer([(n.Category, unsubscribe)], null)).ToString();
        await mail.EnqueueAsync(ImmediateKind, to, "LifeTimeCircle: " + n.Title, body, await QuietUntilAsync(n.UserId, ct), unsubscribe, ct);
    }

    /// <summary>The daily digest of <paramref name="items"/> (one user's, oldest first) as one mail.</summary>
    public async Task SendDigestAsync(string userId, IReadOnlyList<Notification> items, CancellationToken ct)
    {
        var to = await EmailAsync(userId, ct);
        if (to is null || items.Count == 0) return;
        var categories = items.Select(i => i.Category).Distinct().Order().ToList();
        var body = new StringBuilder("Guten Tag,\n\nhier ist Ihr Tagesüberblick");
        body.Append(items.Count == 1 ? " mit einer Nachricht:\n\n" : $" mit {Display.Count(items.Count, "Nachricht", "Nachrichten")}:\n\n");
        foreach (var i in items)
        {
            body.Append("• ").Append(Display.DateTime(i.CreatedAt)).Append(" – ").Append(i.Title).Append('\n')
                .Append("  ").Append(i.Text).Append("\n\n");
        }
        var all = UnsubscribeUrl(userId, categories);
        var links = categories.Count == 1 ? [(categories[0], all)] : categories.Select(c => (c, UnsubscribeUrl(userId, [c]))).ToList();
        body.Append("Alle Nachrichten in Ihrem Postfach: ").Append(urls.Page("/Postfach/Index")).Append("\n\n")
            .Append(Footer(links, categories.Count == 1 ? null : all));
        var subject = $"LifeTimeCircle: Ihr Tagesüberblick ({Display.Count(items.Count, "Nachricht", "Nachrichten")})";
        await mail.EnqueueAsync(DigestKind, to, subject, body.ToString(), await QuietUntilAsync(userId, ct), all, ct);
    }

    /// <summary>One unsubscribe link per category (and, for several, one for all: the address of the List-Unsubscribe header).</summary>
    private string Footer(IReadOnlyList<(NotificationCategory Category, string Url)> links, string? all)
    {
        var b = new StringBuilder("—\nSie erhalten diese E-Mail, weil E-Mails für diese Benachrichtigungen eingeschaltet sind.\n");
        foreach (var (c, url) in links)
        {
            b.Append("E-Mails zu „").Append(NotificationCategories.Name(c)).Append("“ abbestellen (ohne Anmeldung): ").Append(url).Append('\n');
        }
        if (all is not null) b.Append("Alle E-Mails dieses Tagesüberblicks abbestellen: ").Append(all).Append('\n');
        return b.Append("Alle Einstellungen: ").Append(urls.Page("/Profil/Benachrichtigungen")).Append('\n').ToString();
    }

    public string UnsubscribeUrl(string userId, IReadOnlyList<NotificationCategory> categories) =>
        urls.Page("/Public/Abbestellen", new { unsubscribeToken = tokens.Create(userId, categories) });

    /// <summary>The confirmed address of an account that is not removed by an admin (a removed account gets no mail).</summary>
    private Task<string?> EmailAsync(string userId, CancellationToken ct) =>
        db.Users.AsNoTracking().Where(u => u.Id == userId && u.EmailConfirmed && u.DeletedAt == null).Select(u => u.Email).SingleOrDefaultAsync(ct);

    /// <summary>For a VIP with quiet hours: the instant they end when now is inside them, else null (send at once).</summary>
    public async Task<DateTimeOffset?> QuietUntilAsync(string userId, CancellationToken ct)
    {
        var quiet = await db.QuietHours.AsNoTracking().SingleOrDefaultAsync(q => q.UserId == userId, ct);
        if (quiet is null || !await IsVipAsync(userId, ct)) return null;
        var now = clock.GetUtcNow();
        if (quiet.EndOf(Display.InBerlin(now).DateTime) is not { } end) return null;
        // A wall-clock hour that does not exist (the spring change) is the next one that does.
        if (Display.Berlin.IsInvalidTime(end)) end = end.AddHours(1);
        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(end, DateTimeKind.Unspecified), Display.Berlin), TimeSpan.Zero);
    }

    public Task<bool> IsVipAsync(string userId, CancellationToken ct) =>
        (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where ur.UserId == userId && r.Name == Roles.Vip select ur).AnyAsync(ct);
}

/// <summary>
/// The token of an unsubscribe link: the user and the categories, encrypted and signed with ASP.NET Data Protection
/// (the keys in the data directory), so the link needs no sign-in, reveals nothing and cannot be forged or altered.
/// It does not expire: a mail may be read months later.
/// </summary>
public sealed class UnsubscribeTokens(IDataProtectionProvider protection)
{
    private readonly IDataProtector _protector = protection.CreateProtector("LifeTimeCircle.Notifications.Unsubscribe.v1");

    public string Create(string userId, IReadOnlyList<NotificationCategory> categories) =>
        _protector.Protect(userId + "\n" + string.Join(',', categories));

    public (string UserId, IReadOnlyList<NotificationCategory> Categories)? Read(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 2000) return null;
        string plain;
        try
        {
            plain = _protector.Unprotect(token);
        }
        catch (CryptographicException)
        {
            return null;
        }
        catch (FormatException)
        {
            return null;
        }
        var parts = plain.Split('\n');
        if (parts.Length != 2) return null;
        var categories = new List<NotificationCategory>();
        foreach (var name in parts[1].Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!Enum.TryParse<NotificationCategory>(name, out var c) || !Enum.IsDefined(c)) return null;
            categories.Add(c);
        }
        return categories.Count == 0 ? null : (parts[0], categories);
    }
}
