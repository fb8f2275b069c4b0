using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace LifeTimeCircle.Infrastructure.Email;

public interface IMailTransport
{
    Task SendAsync(MimeMessage message, CancellationToken ct);
}

/// <summary>Development: every mail becomes an .eml file in $LTC_DATA_DIR/outbox (nothing is silently lost).</summary>
public sealed class FileOutboxTransport(LtcEnvironment env, TimeProvider clock) : IMailTransport
{
    private static long _sequence;

    public async Task SendAsync(MimeMessage message, CancellationToken ct)
    {
        Directory.CreateDirectory(env.OutboxDir);
        // Time, then a sequence number: names sort in sending order even within one millisecond.
        var name = $"{clock.GetUtcNow():yyyyMMdd'T'HHmmssfff}-{Interlocked.Increment(ref _sequence):D8}-{Guid.NewGuid():N}.eml";
        var tmp = Path.Combine(env.OutboxDir, "." + name + ".tmp");
        await using (var stream = File.Create(tmp))
        {
            await message.WriteToAsync(stream, ct);
        }
        File.Move(tmp, Path.Combine(env.OutboxDir, name));
    }
}

/// <summary>Production: SMTP through MailKit.</summary>
public sealed class SmtpTransport(MailOptions options) : IMailTransport
{
    public async Task SendAsync(MimeMessage message, CancellationToken ct)
    {
        using var client = new SmtpClient { Timeout = 20_000 };
        var security = options.SmtpSecurity switch
        {
            "tls" => SecureSocketOptions.SslOnConnect,
            "none" => SecureSocketOptions.None,
            _ => SecureSocketOptions.StartTls,
        };
        await client.ConnectAsync(options.SmtpHost ?? throw new InvalidOperationException("LTC_SMTP_HOST fehlt."), options.SmtpPort, security, ct);
        if (!string.IsNullOrEmpty(options.SmtpUser))
        {
            await client.AuthenticateAsync(options.SmtpUser, options.SmtpPassword ?? "", ct);
        }
        await client.SendAsync(message, ct);
        await client.DisconnectAsync(true, ct);
    }
}

/// <summary>Composes the product's German mails and hands them to the configured transport.</summary>
public sealed class Mailer(IMailTransport transport, MailOptions options, ILogger<Mailer> logger, Security.EmailPseudonym pseudonym)
{
    public Task SendCodeAsync(string to, string code, string purposeText, CancellationToken ct) =>
        SendAsync(to, $"Ihr Code: {code} – LifeTimeCircle",
            $"""
            Guten Tag,

            Ihr Code für {purposeText} lautet:

                {code}

            Der Code ist 10 Minuten gültig. Nach fünf Fehlversuchen wird ein neuer Code benötigt.
            Falls Sie diese Anfrage nicht gestellt haben, können Sie diese E-Mail ignorieren.

            LifeTimeCircle · Service Heft 4.0
            """, ct);

    public Task SendAlreadyRegisteredAsync(string to, CancellationToken ct) =>
        SendAsync(to, "Registrierungsversuch – LifeTimeCircle",
            """
            Guten Tag,

            jemand hat versucht, mit dieser E-Mail-Adresse ein neues Konto bei LifeTimeCircle anzulegen.
            Für diese Adresse besteht bereits ein Konto. Falls Sie das waren, melden Sie sich einfach an
            oder setzen Sie Ihr Passwort über „Passwort vergessen“ zurück.

            Falls nicht, müssen Sie nichts tun.

            LifeTimeCircle · Service Heft 4.0
            """, ct);

    public async Task SendAsync(string to, string subject, string body, CancellationToken ct)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(options.From));
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = subject;
        message.Body = new TextPart("plain") { Text = body };
        try
        {
            await transport.SendAsync(message, ct);
            logger.LogInformation("Mail {Subject} an {Recipient} übergeben", SubjectKind(subject), pseudonym.For(to));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Sending is retried by the user ("Code erneut senden"); the answer stays the same for every address.
            // The exception text may quote the recipient (SMTP replies do), so only its type is logged.
            logger.LogError("Mailversand an {Recipient} fehlgeschlagen ({ExceptionType})", pseudonym.For(to), ex.GetType().Name);
            throw new MailDeliveryException();
        }
    }

    private static string SubjectKind(string subject) => subject.StartsWith("Ihr Code", StringComparison.Ordinal) ? "Code" : subject;
}

public sealed class MailDeliveryException() : Exception("Die E-Mail konnte nicht versendet werden.");
