namespace LifeTimeCircle.Domain.Mail;

public enum MailStatus
{
    Queued,
    Sending,
    Sent,
    Dead,
}

/// <summary>
/// One e-mail in the persistent mail queue (the table is the queue). A request only adds the row; the sender
/// delivers it in the background, retries with a growing pause and, after <see cref="MaxAttempts"/>, keeps it as a
/// dead letter that the health page shows. The body is stored protected (it may hold a one-time code) and is
/// removed once the mail is delivered or dead.
/// </summary>
public sealed class OutgoingMail
{
    public const int MaxAttempts = 8;
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    private OutgoingMail() { }

    public OutgoingMail(string kind, string recipient, string subject, string protectedBody, DateTimeOffset now,
        DateTimeOffset? notBefore = null, string? protectedListUnsubscribe = null)
    {
        Kind = kind;
        Recipient = recipient;
        Subject = subject;
        ProtectedBody = protectedBody;
        CreatedAt = now;
        NextAttemptAt = notBefore is { } n && n > now ? n : now;
        ProtectedListUnsubscribe = protectedListUnsubscribe;
    }

    public long Id { get; private set; }
    /// <summary>What kind of mail (code, already_registered, …): safe to log, unlike subject and recipient.</summary>
    public string Kind { get; private set; } = "";
    public string Recipient { get; private set; } = "";
    public string Subject { get; private set; } = "";
    public string? ProtectedBody { get; private set; }
    /// <summary>The one-click unsubscribe address of a notification mail (header List-Unsubscribe), protected like the body.</summary>
    public string? ProtectedListUnsubscribe { get; private set; }
    public MailStatus Status { get; private set; } = MailStatus.Queued;
    public int Attempts { get; private set; }
    public DateTimeOffset NextAttemptAt { get; private set; }
    public DateTimeOffset? LeaseUntil { get; private set; }
    public string? LastError { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? FinishedAt { get; private set; }

    /// <summary>Pause before the next try: 30 s, 1 min, 2 min … at most one hour.</summary>
    public static TimeSpan Backoff(int attempts) => TimeSpan.FromSeconds(Math.Min(3600, 30 * Math.Pow(2, Math.Max(0, attempts - 1))));

    /// <summary>The job runner starts a delivery attempt.</summary>
    public void StartAttempt(DateTimeOffset now)
    {
        Status = MailStatus.Sending;
        Attempts++;
        LeaseUntil = now + Lease;
    }

    /// <summary>The job runner gave up (the last attempt never reported back): a dead letter.</summary>
    public void GiveUp(string error, DateTimeOffset now)
    {
        if (Status is MailStatus.Sent or MailStatus.Dead) return;
        LastError = error.Length > 200 ? error[..200] : error;
        Status = MailStatus.Dead;
        FinishedAt = now;
        LeaseUntil = null;
        ProtectedBody = null;
        ProtectedListUnsubscribe = null;
    }

    public void Delivered(DateTimeOffset now)
    {
        Status = MailStatus.Sent;
        FinishedAt = now;
        LeaseUntil = null;
        LastError = null;
        ProtectedBody = null;
        ProtectedListUnsubscribe = null;
    }

    /// <summary>A failed try: queued again after a pause, or a dead letter after the last try.</summary>
    public void Failed(string error, DateTimeOffset now)
    {
        LastError = error.Length > 200 ? error[..200] : error;
        LeaseUntil = null;
        if (Attempts >= MaxAttempts)
        {
            Status = MailStatus.Dead;
            FinishedAt = now;
            ProtectedBody = null;
        ProtectedListUnsubscribe = null;
            return;
        }
        Status = MailStatus.Queued;
        NextAttemptAt = now + Backoff(Attempts);
    }
}
