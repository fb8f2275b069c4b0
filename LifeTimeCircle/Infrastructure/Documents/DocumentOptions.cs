namespace LifeTimeCircle.Infrastructure.Documents;

/// <summary>Upload and scanning configuration (docs/configuration.md).</summary>
public sealed class DocumentOptions
{
    public const int DefaultDailyFiles = 50;
    public const long DefaultDailyBytes = 200L * 1024 * 1024;

    public long MaxUploadBytes { get; init; } = 10 * 1024 * 1024;

    /// <summary>clamd endpoint: <c>tcp://127.0.0.1:3310</c> or <c>unix:///run/clamav/clamd.ctl</c>; null = not configured.</summary>
    public string? ClamAv { get; init; }

    public int PiiRetentionDays { get; init; } = 30;

    /// <summary>Upload quota per account within any 24 hours (<see cref="UploadQuota"/>): number of files.</summary>
    public int DailyFiles { get; init; } = DefaultDailyFiles;

    /// <summary>Upload quota per account within any 24 hours: total bytes.</summary>
    public long DailyBytes { get; init; } = DefaultDailyBytes;

    public static DocumentOptions Load(IConfiguration c) => new()
    {
        MaxUploadBytes = long.TryParse(c["LTC_UPLOAD_MAX_BYTES"], out var max) && max > 0 ? max : 10 * 1024 * 1024,
        ClamAv = string.IsNullOrWhiteSpace(c["LTC_CLAMAV"]) ? null : c["LTC_CLAMAV"],
        PiiRetentionDays = int.TryParse(c["LTC_PII_RETENTION_DAYS"], out var days) && days > 0 ? days : 30,
        DailyFiles = (int)Positive(c, "LTC_UPLOAD_DAILY_FILES", DefaultDailyFiles, int.MaxValue),
        DailyBytes = Positive(c, "LTC_UPLOAD_DAILY_BYTES", DefaultDailyBytes, long.MaxValue),
    };

    /// <summary>Unset → the default; set but not a positive whole number → the app does not start (no silent fallback).</summary>
    private static long Positive(IConfiguration c, string key, long fallback, long maximum)
    {
        var raw = c[key];
        if (string.IsNullOrWhiteSpace(raw)) return fallback;
        return long.TryParse(raw, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) && value > 0 && value <= maximum
            ? value
            : throw new InvalidOperationException($"{key} muss eine positive ganze Zahl sein.");
    }
}
