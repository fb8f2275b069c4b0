namespace LifeTimeCircle.Domain.Support;

/// <summary>What a request is about. Today only upgrade requests from the Tarife page; the support inbox (issue 19 item 3) adds its topics here.</summary>
public enum SupportTopic { UpgradeVip, UpgradeVehicle }

/// <summary>The states of SPEC §10's support inbox.</summary>
public enum SupportStatus { Offen, InPruefung, Geloest }

/// <summary>
/// A request from a signed-in user to the operator (issue 19 item 1: „Upgrade anfragen“). Kept minimal on purpose —
/// topic, optional short message, status — so that the later support inbox can take these rows over as they are
/// (docs/adr/0018-administration.md). The message is the user's own words: shown to admins only, never audited or logged.
/// </summary>
public sealed class SupportRequest
{
    public const int MaxMessageLength = 1000;

    private SupportRequest() { }

    public SupportRequest(string userId, SupportTopic topic, string? message, DateTimeOffset now)
    {
        var text = string.IsNullOrWhiteSpace(message) ? null : message.Trim();
        if (text is { Length: > MaxMessageLength }) throw new DomainException($"Die Nachricht darf höchstens {MaxMessageLength} Zeichen lang sein.", "Message");
        PublicId = Vehicles.PublicIds.New();
        UserId = userId;
        Topic = topic;
        Message = text;
        Status = SupportStatus.Offen;
        CreatedAt = now;
        UpdatedAt = now;
    }

    public long Id { get; private set; }
    public string PublicId { get; private set; } = "";
    public string UserId { get; private set; } = "";
    public SupportTopic Topic { get; private set; }
    public string? Message { get; private set; }
    public SupportStatus Status { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public string? HandledBy { get; private set; }

    public bool IsOpen => Status != SupportStatus.Geloest;

    public void Resolve(string adminId, DateTimeOffset now)
    {
        if (!IsOpen) throw new DomainException("Diese Anfrage ist bereits erledigt.");
        Status = SupportStatus.Geloest;
        HandledBy = adminId;
        UpdatedAt = now;
    }

    public static string TopicName(SupportTopic topic) => topic switch
    {
        SupportTopic.UpgradeVip => "Upgrade auf VIP",
        SupportTopic.UpgradeVehicle => "Weiteres Fahrzeug freischalten",
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
