namespace LifeTimeCircle.Infrastructure.Documents;

/// <summary>Upload and scanning configuration (docs/configuration.md).</summary>
public sealed class DocumentOptions
{
    public long MaxUploadBytes { get; init; } = 10 * 1024 * 1024;

    /// <summary>clamd endpoint: <c>tcp://127.0.0.1:3310</c> or <c>unix:///run/clamav/clamd.ctl</c>; null = not configured.</summary>
    public string? ClamAv { get; init; }

    public int PiiRetentionDays { get; init; } = 30;

    public static DocumentOptions Load(IConfiguration c) => new()
    {
        MaxUploadBytes = long.TryParse(c["LTC_UPLOAD_MAX_BYTES"], out var max) && max > 0 ? max : 10 * 1024 * 1024,
        ClamAv = string.IsNullOrWhiteSpace(c["LTC_CLAMAV"]) ? null : c["LTC_CLAMAV"],
        PiiRetentionDays = int.TryParse(c["LTC_PII_RETENTION_DAYS"], out var days) && days > 0 ? days : 30,
    };
}
