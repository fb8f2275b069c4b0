namespace LifeTimeCircle.Infrastructure.Email;

public enum MailMode
{
    Outbox,
    Smtp,
}

/// <summary>Mail configuration from <c>LTC_MAIL_*</c> / <c>LTC_SMTP_*</c> (docs/configuration.md), validated at start.</summary>
public sealed class MailOptions : ILtcOptions
{
    public const string DefaultFrom = "LifeTimeCircle <no-reply@lifetimecircle.local>";

    public MailMode Mode { get; set; }
    public string From { get; set; } = DefaultFrom;
    public string? SmtpHost { get; set; }
    public int SmtpPort { get; set; } = 587;
    public string? SmtpUser { get; set; }
    public string? SmtpPassword { get; set; }
    /// <summary>starttls (default), tls or none.</summary>
    public string SmtpSecurity { get; set; } = "starttls";

    public bool IsConfigured => Mode == MailMode.Outbox || (!string.IsNullOrWhiteSpace(SmtpHost) && !string.IsNullOrWhiteSpace(From));

    public void Read(LtcVariables v)
    {
        Mode = v.Enum("LTC_MAIL_MODE", v.Environment.IsProduction() ? MailMode.Smtp : MailMode.Outbox);
        From = v.Text("LTC_SMTP_FROM") ?? DefaultFrom;
        if (!MimeKit.MailboxAddress.TryParse(From, out _))
        {
            v.Error("LTC_SMTP_FROM", "ist keine E-Mail-Adresse (z. B. „LifeTimeCircle <no-reply@example.de>“) / is not a mail address.");
        }
        SmtpHost = v.Text("LTC_SMTP_HOST");
        SmtpPort = v.Number("LTC_SMTP_PORT", 587, 1, 65535);
        SmtpUser = v.Text("LTC_SMTP_USER");
        SmtpPassword = v.Raw("LTC_SMTP_PASSWORD");
        SmtpSecurity = v.Choice("LTC_SMTP_SECURITY", "starttls", "starttls", "tls", "none");
    }
}
