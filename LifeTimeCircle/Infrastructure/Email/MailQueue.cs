using LifeTimeCircle.Data;
using LifeTimeCircle.Domain.Mail;
using LifeTimeCircle.Infrastructure.Security;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using MimeKit;

namespace LifeTimeCircle.Infrastructure.Email;

/// <summary>Wakes the mail sender when a request has queued a mail.</summary>
public sealed class MailSignal
{
    private readonly SemaphoreSlim _signal = new(0, int.MaxValue);

    public void Wake() => _signal.Release();

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct) => _signal.WaitAsync(timeout, ct);
}

/// <summary>Adds mails to the queue table; the body is protected at rest (it may contain a one-time code).</summary>
public sealed class MailQueue(AppDbContext db, IDataProtectionProvider protection, MailSignal signal, TimeProvider clock)
{
    public const string ProtectorPurpose = "LifeTimeCircle.Mail.Body.v1";

    public async Task EnqueueAsync(string kind, string to, string subject, string body, CancellationToken ct)
    {
        var protector = protection.CreateProtector(ProtectorPurpose);
        db.OutgoingMails.Add(new OutgoingMail(kind, to, subject, protector.Protect(body), clock.GetUtcNow()));
        await db.SaveChangesAsync(ct);
        signal.Wake();
    }
}

/// <summary>
/// Delivers queued mails one at a time: claims the oldest due mail with a conditional update (a second sender can
/// never deliver the same row), hands it to the transport, and records success, a retry after a pause, or a dead
/// letter. A mail whose sender crashed is claimed again once its lease is over. Tests call the methods directly.
/// </summary>
public sealed class MailSender(AppDbContext db, IMailTransport transport, MailOptions options, IDataProtectionProvider protection,
    EmailPseudonym pseudonym, TimeProvider clock, ILogger<MailSender> logger)
{
    public async Task<bool> ProcessNextAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var candidate = await db.OutgoingMails.AsNoTracking()
            .Where(m => (m.Status == MailStatus.Queued && m.NextAttemptAt <= now) || (m.Status == MailStatus.Sending && m.LeaseUntil <= now))
            .OrderBy(m => m.NextAttemptAt).ThenBy(m => m.Id)
            .Select(m => new { m.Id, m.Attempts })
            .FirstOrDefaultAsync(ct);
        if (candidate is null) return false;
        var leaseUntil = now + OutgoingMail.Lease;
        var claimed = await db.OutgoingMails
            .Where(m => m.Id == candidate.Id && m.Attempts == candidate.Attempts
                && (m.Status == MailStatus.Queued || (m.Status == MailStatus.Sending && m.LeaseUntil <= now)))
            .ExecuteUpdateAsync(s => s
                .SetProperty(m => m.Status, MailStatus.Sending)
                .SetProperty(m => m.LeaseUntil, leaseUntil)
                .SetProperty(m => m.Attempts, m => m.Attempts + 1), ct);
        if (claimed == 0) return true; // another sender took it: look for the next one
        var mail = await db.OutgoingMails.SingleAsync(m => m.Id == candidate.Id, ct);
        try
        {
            var message = new MimeMessage();
            message.From.Add(MailboxAddress.Parse(options.From));
            message.To.Add(MailboxAddress.Parse(mail.Recipient));
            message.Subject = mail.Subject;
            message.Body = new TextPart("plain") { Text = protection.CreateProtector(MailQueue.ProtectorPurpose).Unprotect(mail.ProtectedBody ?? "") };
            await transport.SendAsync(message, ct);
            mail.Delivered(clock.GetUtcNow());
            await db.SaveChangesAsync(CancellationToken.None);
            logger.LogInformation("Mail {MailKind} an {Recipient} übergeben nach {Attempts} Versuch(en)", mail.Kind, pseudonym.For(mail.Recipient), mail.Attempts);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // The exception text may quote the recipient (SMTP replies do): only its type is kept and logged.
            mail.Failed("Zustellung fehlgeschlagen (" + ex.GetType().Name + ")", clock.GetUtcNow());
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
        }
        return true;
    }

    /// <summary>Delivers everything that is due now (tests, and the worker after waking up).</summary>
    public async Task<int> DeliverDueAsync(CancellationToken ct)
    {
        var n = 0;
        while (await ProcessNextAsync(ct)) n++;
        return n;
    }

    /// <summary>Delivered mails are history: their rows go after 30 days (dead letters stay for the operator).</summary>
    public Task<int> PurgeDeliveredAsync(CancellationToken ct)
    {
        var before = clock.GetUtcNow() - TimeSpan.FromDays(30);
        return db.OutgoingMails.Where(m => m.Status == MailStatus.Sent && m.FinishedAt < before).ExecuteDeleteAsync(ct);
    }
}

/// <summary>Thin loop around the scoped sender: woken by requests, polling every few seconds for retries.</summary>
public sealed class MailWorker(IServiceScopeFactory scopes, MailSignal signal, ILogger<MailWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var lastPurge = DateTimeOffset.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var sender = scope.ServiceProvider.GetRequiredService<MailSender>();
                await sender.DeliverDueAsync(stoppingToken);
                if (DateTimeOffset.UtcNow - lastPurge > TimeSpan.FromHours(6))
                {
                    await sender.PurgeDeliveredAsync(stoppingToken);
                    lastPurge = DateTimeOffset.UtcNow;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogError("Fehler im Mail-Worker ({ExceptionType}); neuer Versuch in Kürze", ex.GetType().Name);
            }
            try
            {
                await signal.WaitAsync(TimeSpan.FromSeconds(5), stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}

/// <summary>
/// Mail queue health: dead letters of the last 7 days make it degraded (the operator looks at the SMTP settings);
/// a due mail waiting longer than 15 minutes degrades it, longer than 60 minutes makes it unhealthy.
/// </summary>
public sealed class MailHealthCheck(AppDbContext db, MailOptions options, TimeProvider clock) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var waiting = db.OutgoingMails.Where(m => m.Status == MailStatus.Queued || m.Status == MailStatus.Sending);
        var queued = await waiting.CountAsync(cancellationToken);
        var oldest = await waiting.OrderBy(m => m.CreatedAt).Select(m => (DateTimeOffset?)m.CreatedAt).FirstOrDefaultAsync(cancellationToken);
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
        var text = $"{queued} Mails in der Warteschlange, älteste seit {age:0.0} min; {dead} nicht zustellbar (7 Tage).";
        if (!options.IsConfigured) return HealthCheckResult.Unhealthy("Mailversand ist nicht konfiguriert (LTC_SMTP_HOST).", data: data);
        return age > 60 ? HealthCheckResult.Unhealthy(text, data: data)
            : age > 15 || dead > 0 ? HealthCheckResult.Degraded(text, data: data)
            : HealthCheckResult.Healthy(text, data);
    }
}
