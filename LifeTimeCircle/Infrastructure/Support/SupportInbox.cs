using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Support;
using LifeTimeCircle.Infrastructure.Audit;
using LifeTimeCircle.Infrastructure.Email;
using LifeTimeCircle.Web;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Infrastructure.Support;

/// <summary>One message of a thread as the pages show it: the opening message, replies and follow-ups in order.</summary>
public sealed record ThreadMessage(SupportAuthor Author, string Body, DateTimeOffset At);

/// <summary>
/// The support inbox's rules (SPEC §10, docs/adr/0018-administration.md), used by the Tarife request, the profile's
/// contact form and thread, the public contact form and the admin inbox: create, reply, follow up, change the status —
/// each audited without the text. Admin replies are mailed: to an account as a notice with a link to its thread (the
/// text stays behind the sign-in), to a visitor with the text (there is no thread to link to), to that address only.
/// </summary>
public sealed class SupportInbox(AppDbContext db, AuditWriter audit, MailQueue mail, PublicUrls urls, TimeProvider clock, ILogger<SupportInbox> logger)
{
    public const string ReplyMailKind = "support_reply";
    /// <summary>Open requests per account (upgrade requests have their own limit of one) and per visitor address.</summary>
    public const int MaxOpenPerAccount = 5;
    public const int MaxOpenPerVisitor = 3;
    public const string TooManyOpenMessage = "Sie haben bereits 5 offene Anfragen. Bitte warten Sie auf unsere Antwort oder schreiben Sie in einer offenen Anfrage weiter.";

    /// <summary>A signed-in account's request. Null and a German refusal when it has too many open ones.</summary>
    public async Task<(SupportRequest? Request, string? Refusal)> CreateForAccountAsync(string userId, SupportTopic topic, string? message, CancellationToken ct)
    {
        if (await db.SupportRequests.CountAsync(r => r.UserId == userId && r.Status != SupportStatus.Geloest, ct) >= MaxOpenPerAccount)
        {
            return (null, TooManyOpenMessage);
        }
        var request = new SupportRequest(userId, topic, message, clock.GetUtcNow());
        db.SupportRequests.Add(request);
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(AuditActions.UpgradeRequested, "USER", userId, AuditResult.Success,
            new Dictionary<string, object?> { ["request"] = request.PublicId, ["topic"] = request.Topic }, ct: ct);
        return (request, null);
    }

    /// <summary>
    /// A visitor's message from /Kontakt. The caller answers the same for every valid input, so this neither tells
    /// whether the address has an account nor whether the message was kept: beyond <see cref="MaxOpenPerVisitor"/> open
    /// requests of one address a message is dropped (logged without the address).
    /// </summary>
    public async Task CreateForVisitorAsync(string email, string? name, SupportTopic topic, string message, CancellationToken ct)
    {
        var request = SupportRequest.FromVisitor(email, name, topic, message, clock.GetUtcNow());
        if (await db.SupportRequests.CountAsync(r => r.ContactEmail == request.ContactEmail && r.Status != SupportStatus.Geloest, ct) >= MaxOpenPerVisitor)
        {
            logger.LogInformation("Contact message dropped: {Open} open requests from the same address", MaxOpenPerVisitor);
            return;
        }
        db.SupportRequests.Add(request);
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(AuditActions.UpgradeRequested, "SUPPORT_REQUEST", request.PublicId, AuditResult.Success,
            new Dictionary<string, object?> { ["request"] = request.PublicId, ["topic"] = request.Topic, ["sender"] = "visitor" }, scope: "public", ct: ct);
    }

    /// <summary>The thread in order: the opening message (if any), then replies and follow-ups.</summary>
    public async Task<IReadOnlyList<ThreadMessage>> ThreadAsync(SupportRequest request, CancellationToken ct)
    {
        var rest = await db.SupportMessages.AsNoTracking().Where(m => m.RequestId == request.Id).OrderBy(m => m.Id)
            .Select(m => new ThreadMessage(m.Author, m.Body, m.CreatedAt)).ToListAsync(ct);
        return request.Message is null ? rest : [new ThreadMessage(SupportAuthor.Person, request.Message, request.CreatedAt), .. rest];
    }

    /// <summary>An admin replies; the reply is mailed in the same transaction (it is never lost between the two).</summary>
    public async Task ReplyAsync(SupportRequest request, string adminId, string body, CancellationToken ct)
    {
        var message = request.Reply(adminId, body, clock.GetUtcNow());
        var to = request.UserId is null ? request.ContactEmail!
            : await db.Users.Where(u => u.Id == request.UserId).Select(u => u.Email).SingleAsync(ct) ?? throw new InvalidOperationException("Konto ohne Adresse.");
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.SupportMessages.Add(message);
        await db.SaveChangesAsync(ct);
        await (request.UserId is null ? MailVisitorAsync(to, request, message.Body, ct) : MailAccountAsync(to, request, ct));
        await transaction.CommitAsync(ct);
        await audit.WriteAsync(AuditActions.SupportReplySent, "SUPPORT_REQUEST", request.PublicId, AuditResult.Success,
            new Dictionary<string, object?> { ["status"] = request.Status, ["sender"] = request.UserId is null ? "visitor" : "account" }, scope: "org", ct: ct);
    }

    /// <summary>The account writes again in its own thread: the request is open again.</summary>
    public async Task FollowUpAsync(SupportRequest request, string userId, string body, CancellationToken ct)
    {
        var wasSolved = !request.IsOpen;
        db.SupportMessages.Add(request.FollowUp(userId, body, clock.GetUtcNow()));
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(AuditActions.SupportMessageAdded, "SUPPORT_REQUEST", request.PublicId, AuditResult.Success,
            new Dictionary<string, object?> { ["reopened"] = wasSolved }, ct: ct);
    }

    /// <summary>An admin moves the status forward: in Prüfung or gelöst. False when nothing changed.</summary>
    public async Task<bool> SetStatusAsync(SupportRequest request, string adminId, SupportStatus status, CancellationToken ct)
    {
        var from = request.Status;
        if (status == SupportStatus.InPruefung && !request.StartReview(adminId, clock.GetUtcNow())) return false;
        if (status == SupportStatus.Geloest)
        {
            if (!request.IsOpen) return false;
            request.Resolve(adminId, clock.GetUtcNow());
        }
        if (status == SupportStatus.Offen) return false;
        await db.SaveChangesAsync(ct);
        var (type, id) = request.UserId is { } user && request.IsUpgradeRequest ? ("USER", user) : ("SUPPORT_REQUEST", request.PublicId);
        await audit.WriteAsync(status == SupportStatus.Geloest ? AuditActions.SupportRequestResolved : AuditActions.SupportRequestInReview, type, id, AuditResult.Success,
            new Dictionary<string, object?> { ["request"] = request.PublicId, ["topic"] = request.Topic, ["from"] = from }, scope: "org", ct: ct);
        return true;
    }

    private Task MailAccountAsync(string to, SupportRequest request, CancellationToken ct) =>
        mail.EnqueueAsync(ReplyMailKind, to, "Antwort auf Ihre Anfrage – LifeTimeCircle",
            $"""
            Guten Tag,

            wir haben auf Ihre Anfrage „{SupportRequest.TopicName(request.Topic)}“ vom {Display.Date(request.CreatedAt)} geantwortet.
            Sie lesen die Antwort nach der Anmeldung unter „Meine Anfragen“ und können dort auch antworten:

            {urls.Page("/Profil/Anfrage", new { requestId = request.PublicId })}

            LifeTimeCircle · Service Heft 4.0
            """, ct);

    private Task MailVisitorAsync(string to, SupportRequest request, string reply, CancellationToken ct) =>
        mail.EnqueueAsync(ReplyMailKind, to, "Antwort auf Ihre Nachricht – LifeTimeCircle",
            $"""
            Guten Tag,

            Sie haben uns am {Display.Date(request.CreatedAt)} über das Kontaktformular geschrieben („{SupportRequest.TopicName(request.Topic)}“). Unsere Antwort:

            {reply}

            Antworten auf diese E-Mail erreichen uns nicht. Für eine Rückfrage nutzen Sie bitte wieder das Kontaktformular:
            {urls.Page("/Kontakt")}

            Falls Sie uns nicht geschrieben haben, können Sie diese E-Mail ignorieren.

            LifeTimeCircle · Service Heft 4.0
            """, ct);
}
