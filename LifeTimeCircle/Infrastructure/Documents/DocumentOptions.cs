namespace LifeTimeCircle.Infrastructure.Documents;

/// <summary>Upload and scanning configuration (docs/configuration.md), validated at start.</summary>
public sealed class DocumentOptions : ILtcOptions
{
    public const long DefaultMaxUploadBytes = 10 * 1024 * 1024;
    public const int DefaultDailyFiles = 50;
    public const long DefaultDailyBytes = 200L * 1024 * 1024;
    public const int DefaultPiiRetentionDays = 30;

    public long MaxUploadBytes { get; set; } = DefaultMaxUploadBytes;

    /// <summary>clamd endpoint: <c>tcp://127.0.0.1:3310</c> or <c>unix:///run/clamav/clamd.ctl</c>; null = not configured.</summary>
    public string? ClamAv { get; set; }

    public int PiiRetentionDays { get; set; } = DefaultPiiRetentionDays;

    /// <summary>Upload quota per account within any 24 hours (<see cref="UploadQuota"/>): number of files.</summary>
    public int DailyFiles { get; set; } = DefaultDailyFiles;

    /// <summary>Upload quota per account within any 24 hours: total bytes.</summary>
    public long DailyBytes { get; set; } = DefaultDailyBytes;

    public void Read(LtcVariables v)
    {
        // Kestrel's body limit is this plus 1 MiB: keep it far from long.MaxValue.
        MaxUploadBytes = v.BigNumber("LTC_UPLOAD_MAX_BYTES", DefaultMaxUploadBytes, 1, 1L << 40);
        ClamAv = v.Text("LTC_CLAMAV");
        if (ClamAv is not null && !(Uri.TryCreate(ClamAv, UriKind.Absolute, out var clamd) && clamd.Scheme is "tcp" or "unix"))
        {
            v.Error("LTC_CLAMAV", "ist keine Adresse tcp://HOST:PORT oder unix:///PFAD / is not tcp://HOST:PORT or unix:///PATH.");
            ClamAv = null;
        }
        PiiRetentionDays = v.Number("LTC_PII_RETENTION_DAYS", DefaultPiiRetentionDays, 1, 3650);
        DailyFiles = v.Number("LTC_UPLOAD_DAILY_FILES", DefaultDailyFiles, 1, int.MaxValue);
        DailyBytes = v.BigNumber("LTC_UPLOAD_DAILY_BYTES", DefaultDailyBytes, 1, long.MaxValue);
    }
}
