namespace LifeTimeCircle.Domain.Support;

/// <summary>What a request is about: the upgrade requests from the Tarife page and the topics of the contact form.</summary>
public enum SupportTopic { UpgradeVip, UpgradeVehicle, Frage, Konto, Fehler, Datenschutz }

/// <summary>The states of SPEC §10's support inbox.</summary>
public enum SupportStatus { Offen, InPruefung, Geloest }

/// <summary>
/// A request to the operator (SPEC §10 „Support-Postfach“, docs/adr/0018-administration.md): from a signed-in account
/// (upgrade requests from the Tarife page, the contact form on the profile) or from a visitor without an account, who
/// gives an address that replies go to. The opening message is <see cref="Message"/>; replies and follow-ups are
/// <see cref="SupportMessage"/> rows. Messages are the people's own words: shown to admins and the account only, never
/// audited or logged. Status: offen → in Prüfung → gelöst; a follow-up of the person opens a request again.
/// </summary>
public sealed class SupportRequest
{
    public const int MaxMessageLength = 2000;
    public const int MaxNameLength = 100;

    /// <summary>Topics the contact forms offer (the upgrade topics come from the Tarife page).</summary>
    public static readonly IReadOnlyList<SupportTopic> ContactTopics = [SupportTopic.Frage, SupportTopic.Konto, SupportTopic.Fehler, SupportTopic.Datenschutz];

    private SupportRequest() { }

    /// <summary>A request of a signed-in account; the message is optional for upgrade requests only.</summary>
    public SupportRequest(string userId, SupportTopic topic, string? message, DateTimeOffset now)
        : this(topic, message, requireMessage: !IsUpgrade(topic), now)
    {
        UserId = userId;
    }

    private SupportRequest(SupportTopic topic, string? message, bool requireMessage, DateTimeOffset now)
    {
        var text = Clean(message);
        if (requireMessage && text is null) throw new DomainException("Bitte schreiben Sie uns Ihre Nachricht.", "Message");
        PublicId = Vehicles.PublicIds.New();
        Topic = topic;
        Message = text;
        Status = SupportStatus.Offen;
        CreatedAt = now;
        UpdatedAt = now;
    }

    /// <summary>A message from the contact form without an account: replies go by mail to <paramref name="email"/> only.</summary>
    public static SupportRequest FromVisitor(string email, string? name, SupportTopic topic, string message, DateTimeOffset now)
    {
        if (IsUpgrade(topic)) throw new DomainException("Bitte wählen Sie ein Thema.", "Topic");
        var cleanName = string.IsNullOrWhiteSpace(name) ? null : name.Trim();
        if (cleanName is { Length: > MaxNameLength }) throw new DomainException($"Der Name darf höchstens {MaxNameLength} Zeichen lang sein.", "Name");
        return new SupportRequest(topic, message, requireMessage: true, now) { ContactEmail = email.Trim(), ContactName = cleanName };
    }

    /// <summary>
    /// How long a visitor's solved request (with the reply address and the thread) is kept after its last change; then
    /// the job <c>support-retention</c> deletes it. An account's requests stay on its profile until the account goes.
    /// </summary>
    public static readonly TimeSpan VisitorRetention = TimeSpan.FromDays(180);

    public long Id { get; private set; }
    public string PublicId { get; private set; } = "";
    /// <summary>The account that asked; null for a visitor without an account.</summary>
    public string? UserId { get; private set; }
    /// <summary>A visitor's reply address (never an account's: replies to accounts go to the account's current address).</summary>
    public string? ContactEmail { get; private set; }
    public string? ContactName { get; private set; }
    public SupportTopic Topic { get; private set; }
    public string? Message { get; private set; }
    public SupportStatus Status { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public string? HandledBy { get; private set; }

    public bool IsOpen => Status != SupportStatus.Geloest;
    public bool IsUpgradeRequest => IsUpgrade(Topic);

    public static bool IsUpgrade(SupportTopic topic) => topic is SupportTopic.UpgradeVip or SupportTopic.UpgradeVehicle;

    /// <summary>An admin takes the request up: offen → in Prüfung. False when it was not open.</summary>
    public bool StartReview(string adminId, DateTimeOffset now)
    {
        if (Status != SupportStatus.Offen) return false;
        Status = SupportStatus.InPruefung;
        HandledBy = adminId;
        UpdatedAt = now;
        return true;
    }

    public void Resolve(string adminId, DateTimeOffset now)
    {
        if (!IsOpen) throw new DomainException("Diese Anfrage ist bereits erledigt.");
        Status = SupportStatus.Geloest;
        HandledBy = adminId;
        UpdatedAt = now;
    }

    /// <summary>An admin's reply: the request is in review from now on (a solved one stays solved).</summary>
    public SupportMessage Reply(string adminId, string body, DateTimeOffset now)
    {
        var message = new SupportMessage(Id, SupportAuthor.Betreiber, adminId, body, now);
        StartReview(adminId, now);
        UpdatedAt = now;
        return message;
    }

    /// <summary>The account's follow-up: the request is open again (also a solved one — the person still needs help).</summary>
    public SupportMessage FollowUp(string userId, string body, DateTimeOffset now)
    {
        if (UserId is null || UserId != userId) throw new InvalidOperationException("Only the account that asked adds to its request.");
        var message = new SupportMessage(Id, SupportAuthor.Person, userId, body, now);
        Status = SupportStatus.Offen;
        UpdatedAt = now;
        return message;
    }

    private static string? Clean(string? message)
    {
        var text = string.IsNullOrWhiteSpace(message) ? null : message.Trim();
        if (text is { Length: > MaxMessageLength }) throw new DomainException($"Die Nachricht darf höchstens {MaxMessageLength} Zeichen lang sein.", "Message");
        return text;
    }

    public static string TopicName(SupportTopic topic) => topic switch
    {
        SupportTopic.UpgradeVip => "Upgrade auf VIP",
        SupportTopic.UpgradeVehicle => "Weiteres Fahrzeug freischalten",
        SupportTopic.Frage => "Allgemeine Frage",
        SupportTopic.Konto => "Konto und Anmeldung",
        SupportTopic.Fehler => "Fehler melden",
        SupportTopic.Datenschutz => "Datenschutz",
        _ => topic.ToString(),
    };

    public static string StatusName(SupportStatus status) => status switch
    {
        SupportStatus.Offen => "offen",
        SupportStatus.InPruefung => "in Prüfung",
        SupportStatus.Geloest => "gelöst",
        _ => status.ToString(),
    };
}

/// <summary>Who wrote a message of a thread: the person who asked, or the operator (an admin).</summary>
public enum SupportAuthor { Person, Betreiber }

/// <summary>One message of a request's thread after the opening one: an admin's reply or the account's follow-up.</summary>
public sealed class SupportMessage
{
    private SupportMessage() { }

    public SupportMessage(long requestId, SupportAuthor author, string authorId, string body, DateTimeOffset now)
    {
        var text = string.IsNullOrWhiteSpace(body) ? null : body.Trim();
        if (text is null) throw new DomainException("Bitte schreiben Sie eine Nachricht.", "Body");
        if (text.Length > SupportRequest.MaxMessageLength) throw new DomainException($"Die Nachricht darf höchstens {SupportRequest.MaxMessageLength} Zeichen lang sein.", "Body");
        RequestId = requestId;
        Author = author;
        AuthorId = authorId;
        Body = text;
        CreatedAt = now;
    }

    public long Id { get; private set; }
    public long RequestId { get; private set; }
    public SupportAuthor Author { get; private set; }
    /// <summary>The admin's or the account's id (no foreign key: a deleted admin's replies stay readable).</summary>
    public string AuthorId { get; private set; } = "";
    public string Body { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }
}
