using LifeTimeCircle.Web;
using LifeTimeCircle.Data;
using LifeTimeCircle.Domain.Mail;
using LifeTimeCircle.Infrastructure.Jobs;
using LifeTimeCircle.Infrastructure.Security;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using MimeKit;

namespace LifeTimeCircle.Infrastructure.Email;

/// <summary>The job payload of one mail: its row id (recipient and text stay in the protected mail row).</summary>
public sealed record MailPayload(long MailId);

/// <summary>Adds mails to the queue table with their delivery job; the body is protected at rest (it may contain a one-time code).</summary>
public sealed class MailQueue(AppDbContext db, IDataProtectionProvider protection, JobQueue jobs, TimeProvider clock)
{
    public const string ProtectorPurpose = "LifeTimeCircle.Mail.Body.v1";

    public Task EnqueueAsync(string kind, string to, string subject, string body, CancellationToken ct) =>
        EnqueueAsync(kind, to, subject, body, notBefore: null, listUnsubscribe: null, ct);

    /// <summary>
    /// A mail that leaves no earlier than <paramref name="notBefore"/> (VIP quiet hours) and, for notifications, carries
    /// the <c>List-Unsubscribe</c> header with <paramref name="listUnsubscribe"/> (an absolute https URL).
    /// </summary>
    public async Task EnqueueAsync(string kind, string to, string subject, string body, DateTimeOffset? notBefore, string? listUnsubscribe, CancellationToken ct)
    {
        var protector = protection.CreateProtector(ProtectorPurpose);
        var now = clock.GetUtcNow();
        var mail = new OutgoingMail(kind, to, subject, protector.Protect(body), now, notBefore,
            listUnsubscribe is null ? null : protector.Protect(listUnsubscribe));
        // The job names the row's id, so the row is saved first; both commit together (or join the caller's transaction).
        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        db.OutgoingMails.Add(mail);
        await db.SaveChangesAsync(ct);
        jobs.Enqueue(db, MailSender.Kind, new MailPayload(mail.Id), mail.NextAttemptAt > now ? mail.NextAttemptAt : null);
        await db.SaveChangesAsync(ct);
        if (transaction is not null) await transaction.CommitAsync(ct);
        jobs.Wake();
    }
}

/// <summary>
/// The handler of job kind <c>mail</c> (docs/adr/0007-one-job-runner.md): hands one queued mail to the transport and
/// records delivery; a failure records the exception type only (SMTP replies may quote the recipient) and rethrows
/// so that the runner retries (30 s, doubling, at most one hour) until <see cref="OutgoingMail.MaxAttempts"/>, then
/// the mail is a dead letter. The <c>OutgoingMails</c> row stays the mail's state (the health check "mail" counts
/// its dead letters); claiming, leases and retries are the runner's.
/// </summary>
public sealed class MailSender(AppDbContext db, IMailTransport transport, MailOptions options, IDataProtectionProvider protection,
    EmailPseudonym pseudonym, TimeProvider clock, ILogger<MailSender> logger) : IJobHandler<MailPayload>
{
    public const string Kind = "mail";

    public static readonly JobPolicy Policy = new(OutgoingMail.MaxAttempts, OutgoingMail.Lease, TimeSpan.FromSeconds(30), TimeSpan.FromHours(1));

    public async Task RunAsync(MailPayload payload, JobContext context, CancellationToken ct)
    {
        var mail = await db.OutgoingMails.SingleOrDefaultAsync(m => m.Id == payload.MailId, ct);
        if (mail is null || mail.Status is MailStatus.Sent or MailStatus.Dead) return; // delivered already (or purged)
        mail.StartAttempt(clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        try
        {
            var message = new MimeMessage();
            message.From.Add(MailboxAddress.Parse(options.From));
            message.To.Add(MailboxAddress.Parse(mail.Recipient));
            message.Subject = mail.Subject;
            var protector = protection.CreateProtector(MailQueue.ProtectorPurpose);
            message.Body = new TextPart("plain") { Text = protector.Unprotect(mail.ProtectedBody ?? "") };
            if (mail.ProtectedListUnsubscribe is { } unsubscribe)
            {
                // RFC 2369: the mail client offers „Abbestellen“; the address opens a confirmation page (a POST with antiforgery).
                message.Headers.Add(HeaderId.ListUnsubscribe, "<" + protector.Unprotect(unsubscribe) + ">");
            }
            await transport.SendAsync(message, ct);
            mail.Delivered(clock.GetUtcNow());
            await db.SaveChangesAsync(CancellationToken.None);
            logger.LogInformation("Mail {MailKind} an {Recipient} übergeben nach {Attempts} Versuch(en)", mail.Kind, pseudonym.For(mail.Recipient), mail.Attempts);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // The exception text may quote the recipient (SMTP replies do): only its type is kept and logged.
            var error = "Zustellung fehlgeschlagen (" + ex.GetType().Name + ")";
            mail.Failed(error, clock.GetUtcNow());
            await db.SaveChangesAsync(CancellationToken.None);
            if (mail.Status == MailStatus.Dead)
            {
                logger.LogError("Mail {MailKind} an {Recipient} nach {Attempts} Versuchen aufgegeben ({ExceptionType})",
                    mail.Kind, pseudonym.For(mail.Recipient), mail.Attempts, ex.GetType().Name);
            }
            else
            {
                logger.LogWarning("Mail {MailKind} an {Recipient}: Versuch {Attempts} fehlgeschlagen ({ExceptionType}), nächster um {NextAttemptAt:O}",
                    mail.Kind, pseudonym.For(mail.Recipient), mail.Attempts, ex.GetType().Name, mail.NextAttemptAt);
            }
            throw new JobFailedException(error);
        }
    }

    /// <summary>The runner gave up (the last attempt never reported back): the mail becomes a dead letter.</summary>
    public async Task GiveUpAsync(MailPayload payload, CancellationToken ct)
    {
        var mail = await db.OutgoingMails.SingleOrDefaultAsync(m => m.Id == payload.MailId, ct);
        if (mail is null) return;
        mail.GiveUp("Abgebrochen: kein Ergebnis nach dem letzten Versuch.", clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Delivered mails are history: their rows go after 30 days (dead letters stay for the operator).</summary>
    public Task<int> PurgeDeliveredAsync(CancellationToken ct)
    {
        var before = clock.GetUtcNow() - TimeSpan.FromDays(30);
        return db.OutgoingMails.Where(m => m.Status == MailStatus.Sent && m.FinishedAt < before).ExecuteDeleteAsync(ct);
    }
}

/// <summary>Job kind <c>mail-purge</c>, every 6 hours: delivered mails older than 30 days are deleted.</summary>
public sealed class MailPurge(MailSender sender) : IJobHandler<NoPayload>
{
    public const string Kind = "mail-purge";

    public Task RunAsync(NoPayload payload, JobContext context, CancellationToken ct) => sender.PurgeDeliveredAsync(ct);
}

/// <summary>
/// Mail queue health: dead letters of the last 7 days make it degraded (the operator looks at the SMTP settings);
/// a due mail waiting longer than 15 minutes degrades it, longer than 60 minutes makes it unhealthy. A mail held back
/// on purpose (VIP quiet hours) is not due before its time and is counted as waiting only from then.
/// </summary>
public sealed class MailHealthCheck(AppDbContext db, MailOptions options, TimeProvider clock) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var waiting = db.OutgoingMails.Where(m => m.Status == MailStatus.Queued || m.Status == MailStatus.Sending);
        var queued = await waiting.CountAsync(cancellationToken);
        // Due since: its creation, or the time it was held back to (quiet hours); retries keep their creation time.
        var oldest = await waiting.Select(m => m.NextAttemptAt > m.CreatedAt && m.Attempts == 0 ? m.NextAttemptAt : m.CreatedAt)
            .Where(t => t <= now).OrderBy(t => t).Select(t => (DateTimeOffset?)t).FirstOrDefaultAsync(cancellationToken);
        var age = oldest is { } o ? Math.Round((now - o).TotalMinutes, 1) : 0;
        var since = now - TimeSpan.FromDays(7);
        var dead = await db.OutgoingMails.CountAsync(m => m.Status == MailStatus.Dead && m.FinishedAt > since, cancellationToken);
        var data = new Dictionary<string, object>
        {
            ["mode"] = options.Mode.ToString().ToLowerInvariant(),
            ["configured"] = options.IsConfigured,
            ["queued"] = queued,
            ["oldestQueuedMinutes"] = age,
            ["deadLast7d"] = dead,
        };
        var text = $"{Display.Number(queued)} Mails in der Warteschlange, älteste seit {Display.OneDecimal(age)} min; {Display.Number(dead)} nicht zustellbar (7 Tage).";
        if (!options.IsConfigured) return HealthCheckResult.Unhealthy("Mailversand ist nicht konfiguriert (LTC_SMTP_HOST).", data: data);
        return age > 60 ? HealthCheckResult.Unhealthy(text, data: data)
            : age > 15 || dead > 0 ? HealthCheckResult.Degraded(text, data: data)
            : HealthCheckResult.Healthy(text, data);
    }
}
