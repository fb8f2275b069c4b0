namespace LifeTimeCircle.Infrastructure.Email;

public enum MailMode
{
    Outbox,
    Smtp,
}

/// <summary>Mail configuration from <c>LTC_MAIL_*</c> / <c>LTC_SMTP_*</c> (docs/configuration.md).</summary>
public sealed class MailOptions
{
    public MailMode Mode { get; init; }
    public string From { get; init; } = "LifeTimeCircle <no-reply@lifetimecircle.local>";
    public string? SmtpHost { get; init; }
    public int SmtpPort { get; init; } = 587;
    public string? SmtpUser { get; init; }
    public string? SmtpPassword { get; init; }
    /// <summary>starttls (default), tls or none.</summary>
    public string SmtpSecurity { get; init; } = "starttls";

    public bool IsConfigured => Mode == MailMode.Outbox || (!string.IsNullOrWhiteSpace(SmtpHost) && !string.IsNullOrWhiteSpace(From));

    public static MailOptions Load(IConfiguration c, IHostEnvironment env)
    {
        var modeText = c["LTC_MAIL_MODE"];
        var mode = string.IsNullOrWhiteSpace(modeText)
            ? (env.IsProduction() ? MailMode.Smtp : MailMode.Outbox)
            : Enum.Parse<MailMode>(modeText, ignoreCase: true);
        return new MailOptions
        {
            Mode = mode,
            From = string.IsNullOrWhiteSpace(c["LTC_SMTP_FROM"]) ? new MailOptions().From : c["LTC_SMTP_FROM"]!,
            SmtpHost = c["LTC_SMTP_HOST"],
            SmtpPort = int.TryParse(c["LTC_SMTP_PORT"], out var port) ? port : 587,
            SmtpUser = c["LTC_SMTP_USER"],
            SmtpPassword = c["LTC_SMTP_PASSWORD"],
            SmtpSecurity = string.IsNullOrWhiteSpace(c["LTC_SMTP_SECURITY"]) ? "starttls" : c["LTC_SMTP_SECURITY"]!.ToLowerInvariant(),
        };
    }
}
