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

/// <summary>
/// Composes the product's German mails and puts them into the persistent mail queue (<see cref="MailQueue"/>).
/// Nothing is sent inside a request: every account flow does the same work whether or not an address is known.
/// </summary>
public sealed class Mailer(MailQueue queue)
{
    public Task QueueCodeAsync(string to, string code, string purposeText, CancellationToken ct) =>
        queue.EnqueueAsync(MailKinds.Code, to, "Ihr Code – LifeTimeCircle",
            $"""
            Guten Tag,

            Ihr Code für {purposeText} lautet:

                {code}

            Der Code ist 10 Minuten gültig. Nach fünf Fehlversuchen wird ein neuer Code benötigt.
            Falls Sie diese Anfrage nicht gestellt haben, können Sie diese E-Mail ignorieren.

            LifeTimeCircle · Service Heft 4.0
            """, ct);

    public Task QueueAlreadyRegisteredAsync(string to, CancellationToken ct) =>
        queue.EnqueueAsync(MailKinds.AlreadyRegistered, to, "Registrierungsversuch – LifeTimeCircle",
            """
            Guten Tag,

            jemand hat versucht, mit dieser E-Mail-Adresse ein neues Konto bei LifeTimeCircle anzulegen.
            Für diese Adresse besteht bereits ein Konto. Falls Sie das waren, melden Sie sich einfach an
            oder setzen Sie Ihr Passwort über „Passwort vergessen“ zurück.

            Falls nicht, müssen Sie nichts tun.

            LifeTimeCircle · Service Heft 4.0
            """, ct);

    public Task QueueLockedOutAsync(string to, CancellationToken ct) =>
        queue.EnqueueAsync(MailKinds.LockedOut, to, "Anmeldung vorübergehend gesperrt – LifeTimeCircle",
            """
            Guten Tag,

            nach mehreren falschen Passwörtern ist die Anmeldung in Ihr Konto bei LifeTimeCircle für
            15 Minuten gesperrt. Danach können Sie sich wieder anmelden.

            Falls Sie das nicht waren, versucht vielleicht jemand, Ihr Passwort zu erraten. Ihr Konto ist
            geschützt; Sie können Ihr Passwort über „Passwort vergessen“ ändern und die Zwei-Faktor-
            Anmeldung einschalten.

            LifeTimeCircle · Service Heft 4.0
            """, ct);

    public Task QueueBusinessDecisionAsync(string to, bool approved, string? reason, CancellationToken ct) =>
        approved
            ? queue.EnqueueAsync(MailKinds.BusinessApproved, to, "Ihr Geschäftskonto ist freigeschaltet – LifeTimeCircle",
                """
                Guten Tag,

                wir haben Ihre Angaben geprüft: Ihr Konto ist jetzt als Geschäftskonto freigeschaltet.
                Bitte melden Sie sich neu an, damit die Freischaltung wirksam wird.

                LifeTimeCircle · Service Heft 4.0
                """, ct)
            : queue.EnqueueAsync(MailKinds.BusinessRejected, to, "Ihr Antrag auf ein Geschäftskonto – LifeTimeCircle",
                $"""
                Guten Tag,

                wir konnten Ihr Konto nicht als Geschäftskonto freischalten. Begründung:

                {reason}

                Ihr Konto bleibt als privates Konto nutzbar. Bei Fragen antworten Sie nicht auf diese E-Mail,
                sondern wenden Sie sich über das Impressum an uns.

                LifeTimeCircle · Service Heft 4.0
                """, ct);

    /// <summary>
    /// Confirmation of a completed handover (SPEC §9) to the previous or the new owner: the vehicle as make/model and
    /// masked VIN, the day; no code and nothing about the other party.
    /// </summary>
    public Task QueueHandoverCompletedAsync(string to, bool toBuyer, string vehicle, string vinMasked, string day, CancellationToken ct) =>
        toBuyer
            ? queue.EnqueueAsync(MailKinds.HandoverReceived, to, "Fahrzeug übernommen – LifeTimeCircle",
                $"""
                Guten Tag,

                Sie haben am {day} das Fahrzeug {vehicle} (FIN {vinMasked}) mit seiner ganzen Historie übernommen.
                Sie finden es unter „Fahrzeuge“ in Ihrem Konto. Einträge aus der Zeit vor der Übergabe sind als
                „Vorbesitz“ gekennzeichnet; Korrekturen speichern Sie als neue Fassung.

                Falls Sie das nicht waren, wenden Sie sich bitte über das Impressum an uns.

                LifeTimeCircle · Service Heft 4.0
                """, ct)
            : queue.EnqueueAsync(MailKinds.HandoverCompleted, to, "Fahrzeug übergeben – LifeTimeCircle",
                $"""
                Guten Tag,

                die Übergabe des Fahrzeugs {vehicle} (FIN {vinMasked}) wurde am {day} abgeschlossen. Die Akte mit der
                ganzen Historie gehört jetzt dem neuen Besitzer; in Ihrem Konto ist das Fahrzeug nicht mehr zu sehen.
                Ihr bisheriger Link zum öffentlichen Mini-Check und Ihre Exporte dieses Fahrzeugs gelten nicht mehr.

                Falls Sie diese Übergabe nicht veranlasst haben, wenden Sie sich bitte sofort über das Impressum an uns.

                LifeTimeCircle · Service Heft 4.0
                """, ct);

    /// <summary>To the claimant of an ownership claim: received, approved (with the objection period), rejected, objected.</summary>
    public Task QueueClaimUpdateAsync(string to, ClaimMail kind, string vehicle, string vinMasked, string? date, string? comment, string statusUrl, CancellationToken ct)
    {
        var (subject, body) = kind switch
        {
            ClaimMail.Received => ("Übernahmeantrag eingegangen – LifeTimeCircle",
                $"wir haben Ihren Antrag auf Übernahme des Fahrzeugs {vehicle} (FIN {vinMasked}) erhalten. Unser Team prüft Ihren\nNachweis; Sie erhalten eine E-Mail, sobald entschieden ist."),
            ClaimMail.Approved => ("Übernahmeantrag genehmigt – LifeTimeCircle",
                $"Ihr Antrag auf Übernahme des Fahrzeugs {vehicle} (FIN {vinMasked}) ist geprüft und genehmigt.\n" +
                $"Der bisherige Besitzer wurde informiert und kann bis {date} widersprechen. Ohne Widerspruch geht die\nFahrzeugakte danach automatisch in Ihr Konto über." + Comment(comment)),
            ClaimMail.Rejected => ("Übernahmeantrag abgelehnt – LifeTimeCircle",
                $"Ihr Antrag auf Übernahme des Fahrzeugs {vehicle} (FIN {vinMasked}) wurde abgelehnt." + Comment(comment) +
                "\n\nSie können einen neuen Antrag mit einem besser lesbaren Nachweis stellen."),
            ClaimMail.Void => ("Übernahmeantrag erledigt – LifeTimeCircle",
                $"Ihr Antrag auf Übernahme des Fahrzeugs {vehicle} (FIN {vinMasked}) ist erledigt: Das Fahrzeug hat inzwischen den\n" +
                "Besitzer gewechselt, oder Ihr Tarif ließ die Übernahme auch 30 Tage nach der Widerspruchsfrist nicht zu.\n" +
                "Sie können jederzeit einen neuen Antrag stellen."),
            _ => ("Widerspruch gegen Ihren Übernahmeantrag – LifeTimeCircle",
                $"der bisherige Besitzer des Fahrzeugs {vehicle} (FIN {vinMasked}) hat Ihrem Antrag widersprochen. Die Übernahme\n" +
                "findet deshalb nicht statt. Klären Sie die Übergabe bitte direkt mit ihm (Übergabe-Code) oder wenden Sie sich\nüber das Impressum an uns."),
        };
        return queue.EnqueueAsync(MailKinds.ClaimUpdate, to, subject,
            $"""
            Guten Tag,

            {body}

            Stand Ihres Antrags: {statusUrl}

            LifeTimeCircle · Service Heft 4.0
            """, ct);
    }

    /// <summary>To the current owner once a claim on the vehicle is approved: what happens when, and where to object.</summary>
    public Task QueueClaimNoticeToOwnerAsync(string to, string vehicle, string vinMasked, string deadline, string objectUrl, CancellationToken ct) =>
        queue.EnqueueAsync(MailKinds.ClaimNotice, to, "Antrag auf Übernahme Ihres Fahrzeugs – LifeTimeCircle",
            $"""
            Guten Tag,

            für Ihr Fahrzeug {vehicle} (FIN {vinMasked}) hat eine andere Person die Übernahme der Fahrzeugakte beantragt und
            uns einen Eigentumsnachweis (Zulassungsbescheinigung Teil II) vorgelegt. Unser Team hat den Nachweis geprüft.

            Wenn Sie nicht bis {deadline} widersprechen, geht die Fahrzeugakte mit der ganzen Historie an die
            antragstellende Person über; Sie haben danach keinen Zugriff mehr auf dieses Fahrzeug.

            Haben Sie das Fahrzeug nicht verkauft? Widersprechen Sie hier (Anmeldung erforderlich):
            {objectUrl}

            LifeTimeCircle · Service Heft 4.0
            """, ct);

    /// <summary>
    /// An invitation to a business's staff (issue 16): the business's name, the code and the link with the code in the
    /// fragment (never sent to the server, so in no access log). The same mail whether or not the address has an account.
    /// </summary>
    public Task QueueStaffInviteAsync(string to, string businessName, string formattedCode, string link, string expires, CancellationToken ct) =>
        queue.EnqueueAsync(MailKinds.StaffInvite, to, "Einladung als Mitarbeiterin oder Mitarbeiter – LifeTimeCircle",
            $"""
            Guten Tag,

            der Betrieb „{businessName}“ lädt Sie ein, bei LifeTimeCircle für ihn zu arbeiten: Sie sehen dann die
            Fahrzeuge, für die Kundinnen und Kunden dem Betrieb Zugriff gegeben haben, und schlagen Einträge vor.

            Einladung annehmen (gültig bis {expires}, nur einmal verwendbar):
            {link}

            Oder geben Sie auf der Seite den Einladungscode ein: {formattedCode}

            Melden Sie sich mit dieser E-Mail-Adresse an oder registrieren Sie sich mit ihr als Privatperson.
            Erwarten Sie keine Einladung? Dann ignorieren Sie diese E-Mail; ohne Ihr Zutun geschieht nichts.

            LifeTimeCircle · Service Heft 4.0
            """, ct);

    private static string Comment(string? comment) => string.IsNullOrWhiteSpace(comment) ? "" : "\n\nHinweis unseres Teams: " + comment;
}

public enum ClaimMail { Received, Approved, Rejected, Objected, Void }

/// <summary>Kinds of mail: the only part of a mail that is logged.</summary>
public static class MailKinds
{
    public const string Code = "code";
    public const string AlreadyRegistered = "already_registered";
    public const string LockedOut = "locked_out";
    public const string BusinessApproved = "business_approved";
    public const string BusinessRejected = "business_rejected";
    public const string HandoverCompleted = "handover_completed";
    public const string HandoverReceived = "handover_received";
    public const string ClaimUpdate = "claim_update";
    public const string ClaimNotice = "claim_notice";
    public const string StaffInvite = "staff_invite";
}
