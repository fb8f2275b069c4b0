namespace LifeTimeCircle.Domain.Notifications;

/// <summary>What a notification is about (SPEC §14); later the unit of the per-category settings.</summary>
public enum NotificationCategory { DocumentDecision, DocumentDeleted, Export, Transfer, WorkshopProposal, AccidentTrust, Todo, Certificate, Reminder, Plan }

/// <summary>
/// One message in a user's in-app inbox. Title and text are German copy written by the product (never user free text,
/// never PII); the link names a page by its vehicle's public id. Kept 90 days (<see cref="RetentionDays"/>).
/// </summary>
public sealed class Notification
{
    public const int RetentionDays = 90;

    private Notification() { }

    public Notification(string userId, NotificationCategory category, string title, string text, string? vehiclePublicId, DateTimeOffset now)
    {
        PublicId = LifeTimeCircle.Domain.Vehicles.PublicIds.New();
        UserId = userId;
        Category = category;
        Title = title;
        Text = text;
        VehiclePublicId = vehiclePublicId;
        CreatedAt = now;
    }

    public long Id { get; private set; }
    public string PublicId { get; private set; } = "";
    public string UserId { get; private set; } = "";
    public NotificationCategory Category { get; private set; }
    public string Title { get; private set; } = "";
    public string Text { get; private set; } = "";
    public string? VehiclePublicId { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? ReadAt { get; private set; }

    /// <summary>What happens by e-mail (chosen from the user's setting when the message is written).</summary>
    public NotificationMail Mail { get; private set; }

    public void MarkRead(DateTimeOffset now) => ReadAt ??= now;

    public void MailAs(NotificationMail mail) => Mail = mail;

    /// <summary>The daily digest took it.</summary>
    public void Digested()
    {
        if (Mail == NotificationMail.Digest) Mail = NotificationMail.Digested;
    }
}
