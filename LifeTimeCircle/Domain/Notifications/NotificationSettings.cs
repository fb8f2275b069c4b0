namespace LifeTimeCircle.Domain.Notifications;

/// <summary>How a notification reaches the user by e-mail (in-app always): not at all, at once, or in the daily digest.</summary>
public enum NotificationMail { None, Immediate, Digest, Digested }

/// <summary>The categories as people read them, and their defaults (issue 15: every category is mailed at once by default).</summary>
public static class NotificationCategories
{
    public static readonly IReadOnlyList<NotificationCategory> All = Enum.GetValues<NotificationCategory>();

    public static string Name(NotificationCategory category) => category switch
    {
        NotificationCategory.DocumentDecision => "Dokumentprüfung (freigegeben, abgelehnt)",
        NotificationCategory.DocumentDeleted => "Gelöschte Dokumente (Datenschutz)",
        NotificationCategory.Export => "Exporte (fertig, fehlgeschlagen)",
        NotificationCategory.Transfer => "Übergabe des Fahrzeugs",
        NotificationCategory.WorkshopProposal => "Vorschläge von Werkstätten",
        NotificationCategory.AccidentTrust => "Unfall-Nachweise benötigt",
        NotificationCategory.Todo => "To-dos der Trust-Ampel",
        NotificationCategory.Certificate => "Ablaufende Zertifikate",
        NotificationCategory.Reminder => "Fällige Erinnerungen (HU, Service …)",
        NotificationCategory.Plan => "Tarif und Freischaltungen",
        _ => throw new ArgumentOutOfRangeException(nameof(category)),
    };
}

/// <summary>
/// A user's choice for one category (SPEC §14): in-app always; <see cref="Email"/> on/off; <see cref="Digest"/> = collected
/// in the daily digest instead of at once. No row = the default (e-mail on, at once).
/// </summary>
public sealed class NotificationSetting
{
    private NotificationSetting() { }

    public NotificationSetting(string userId, NotificationCategory category, bool email, bool digest)
    {
        UserId = userId;
        Category = category;
        Set(email, digest);
    }

    public long Id { get; private set; }
    public string UserId { get; private set; } = "";
    public NotificationCategory Category { get; private set; }
    public bool Email { get; private set; }
    public bool Digest { get; private set; }

    public void Set(bool email, bool digest)
    {
        Email = email;
        Digest = digest;
    }

    /// <summary>What a new notification of this category does by mail.</summary>
    public static NotificationMail MailFor(bool email, bool digest) => !email ? NotificationMail.None : digest ? NotificationMail.Digest : NotificationMail.Immediate;

    public static readonly (bool Email, bool Digest) Default = (true, false);
}

/// <summary>
/// VIP quiet hours (SPEC §14): between <see cref="StartHour"/> and <see cref="EndHour"/> (Berlin, whole hours, may span
/// midnight) no e-mail leaves; it is delivered when the quiet hours end. In-app messages are never delayed.
/// </summary>
public sealed class QuietHours
{
    private QuietHours() { }

    public QuietHours(string userId, int startHour, int endHour)
    {
        UserId = userId;
        Set(startHour, endHour);
    }

    public string UserId { get; private set; } = "";
    public int StartHour { get; private set; }
    public int EndHour { get; private set; }

    public void Set(int startHour, int endHour)
    {
        if (startHour is < 0 or > 23 || endHour is < 0 or > 23) throw new DomainException("Bitte eine volle Stunde zwischen 0 und 23 Uhr wählen.");
        if (startHour == endHour) throw new DomainException("Beginn und Ende der Ruhezeit müssen verschieden sein.");
        StartHour = startHour;
        EndHour = endHour;
    }

    /// <summary>
    /// When a mail may leave, given the Berlin wall-clock time <paramref name="local"/>: null outside the quiet hours,
    /// otherwise the Berlin wall-clock time at which they end (the same or the next day).
    /// </summary>
    public DateTime? EndOf(DateTime local)
    {
        var h = local.Hour;
        var inside = StartHour < EndHour ? h >= StartHour && h < EndHour : h >= StartHour || h < EndHour;
        if (!inside) return null;
        var end = local.Date.AddHours(EndHour);
        return end > local ? end : end.AddDays(1);
    }
}

/// <summary>The marker of one sent daily digest: unique per user and Berlin day, so two runs (or two nodes) never send two.</summary>
public sealed class NotificationDigest
{
    private NotificationDigest() { }

    public NotificationDigest(string userId, DateOnly day, int count, DateTimeOffset now)
    {
        UserId = userId;
        Day = day;
        Count = count;
        CreatedAt = now;
    }

    public long Id { get; private set; }
    public string UserId { get; private set; } = "";
    public DateOnly Day { get; private set; }
    public int Count { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
}
