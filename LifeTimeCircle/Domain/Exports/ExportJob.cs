using System.Security.Cryptography;
using LifeTimeCircle.Domain.Vehicles;

namespace LifeTimeCircle.Domain.Exports;

public enum ExportType { QrPdf, TrustZertifikat, Wartungsstand, DatenRedigiert, DatenVoll, Konto, Inserat }

public enum ExportStatus { Queued, Running, Succeeded, Failed, Expired }

public static class ExportTexts
{
    public static string Type(ExportType t) => t switch
    {
        ExportType.QrPdf => "QR-Aufkleber (PDF)",
        ExportType.TrustZertifikat => "Trust-Zertifikat (PDF)",
        ExportType.Wartungsstand => "Wartungsstand (PDF)",
        ExportType.DatenRedigiert => "Fahrzeugdaten, geschwärzt (JSON)",
        ExportType.DatenVoll => "Fahrzeugdaten, vollständig (JSON, verschlüsselt gespeichert)",
        ExportType.Inserat => "Inserat-Export (PDF und Text)",
        _ => "Meine Kontodaten (JSON)",
    };

    /// <summary>What the owner gets, for the tab „Exporte“.</summary>
    public static string Description(ExportType t) => t switch
    {
        ExportType.TrustZertifikat => "PDF mit Trust-Ampel, Zeitleisten-Übersicht, Nachweis-Verzeichnis mit SHA-256 und Prüfcode. Gültig 90 Tage.",
        ExportType.Wartungsstand => "PDF mit allen Einträgen der Zeitleiste und ihrer Trust-Stufe. Gültig 30 Tage.",
        ExportType.QrPdf => "PDF zum Ausdrucken mit dem QR-Code Ihres öffentlichen Mini-Checks. Unbegrenzt gültig.",
        ExportType.Inserat => "Für Ihr Verkaufsinserat: Marke/Modell, Baujahr, Trust-Ampel mit Hinweis, Hinweis zur Bewertung, Link und QR-Code zum Mini-Check – keine Daten über Sie. Als PDF und als Text zum Kopieren. Gültig 30 Tage; nur für VIP- und Händler-Konten.",
        ExportType.DatenRedigiert => "JSON ohne FIN, E-Mail, Freitexte und nicht freigegebene Dokumente. 24 Stunden abrufbar.",
        _ => "JSON mit FIN, allen Versionen, Bemerkungen und den Dokumenten selbst. Nur nach erneuter Bestätigung Ihrer Identität; verschlüsselt gespeichert, einmal herunterladbar.",
    };

    public static string Status(ExportJob j) => j.Status switch
    {
        ExportStatus.Queued => "wartet",
        ExportStatus.Running => "wird erstellt",
        ExportStatus.Succeeded when j.DownloadedAt is not null => "heruntergeladen und gelöscht",
        ExportStatus.Succeeded => "fertig",
        ExportStatus.Failed => "fehlgeschlagen",
        _ => j.ReplacedByVersion is { } v ? $"ersetzt durch Fassung {v}" : "abgelaufen",
    };
}

/// <summary>
/// One export request (SPEC §8): the row is the queue. The worker claims it with a lease, produces the file and
/// records key, size and SHA-256; an expired lease (crash) is claimed again; after <see cref="MaxAttempts"/> the
/// job fails. Lifetimes: QR-PDF unlimited, Trust-Zertifikat 90 days, Wartungsstand and Inserat 30 days, data exports 24 hours.
/// Full and account exports are encrypted at rest and leave through a one-time download token.
/// </summary>
public sealed class ExportJob
{
    public const int MaxAttempts = 3;
    public static readonly TimeSpan LeaseDuration = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan TokenLifetime = TimeSpan.FromMinutes(15);

    private ExportJob() { }

    public ExportJob(ExportType type, long? vehicleId, string requestedBy, string baseUrl, int version, DateTimeOffset now)
    {
        PublicId = PublicIds.New();
        Type = type;
        VehicleId = vehicleId;
        RequestedBy = requestedBy;
        BaseUrl = baseUrl;
        Version = version;
        CreatedAt = now;
        Status = ExportStatus.Queued;
        if (type == ExportType.TrustZertifikat) VerificationCode = NewVerificationCode();
    }

    public long Id { get; private set; }
    public string PublicId { get; private set; } = "";
    public ExportType Type { get; private set; }
    public long? VehicleId { get; private set; }
    public string RequestedBy { get; private set; } = "";
    /// <summary>LTC_PUBLIC_URL when the job was requested (a record only: the files use the current LTC_PUBLIC_URL).</summary>
    public string BaseUrl { get; private set; } = "";
    public int Version { get; private set; }
    public ExportStatus Status { get; private set; }
    public int Progress { get; private set; }
    public int Attempts { get; private set; }
    public DateTimeOffset? LeaseUntil { get; private set; }
    /// <summary>After a failed attempt: not claimed again before this instant (30 s, 60 s, … backoff).</summary>
    public DateTimeOffset? NextAttemptAt { get; private set; }
    public string? Error { get; private set; }
    public string? FileKey { get; private set; }
    public long? SizeBytes { get; private set; }
    public string? Sha256 { get; private set; }
    public bool Encrypted { get; private set; }
    public string? VerificationCode { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? StartedAt { get; private set; }
    public DateTimeOffset? FinishedAt { get; private set; }
    public DateTimeOffset? ExpiresAt { get; private set; }
    public int? ReplacedByVersion { get; private set; }
    public string? TokenHash { get; private set; }
    public DateTimeOffset? TokenExpiresAt { get; private set; }
    public DateTimeOffset? DownloadedAt { get; private set; }
    /// <summary>When the owner was told that this certificate expires soon (once per file).</summary>
    public DateTimeOffset? ExpiryNotifiedAt { get; private set; }

    public void ExpiryNotified(DateTimeOffset now) => ExpiryNotifiedAt ??= now;

    public bool IsPdf => Type is ExportType.QrPdf or ExportType.TrustZertifikat or ExportType.Wartungsstand or ExportType.Inserat;
    public bool NeedsStepUp => Type is ExportType.DatenVoll or ExportType.Konto;
    public bool IsActive => Status is ExportStatus.Queued or ExportStatus.Running;
    public bool CanDownload => Status == ExportStatus.Succeeded && FileKey is not null && DownloadedAt is null;

    /// <summary>SPEC §8: the listing export is for VIP and dealer accounts only.</summary>
    public static bool AllowedFor(ExportType type, Func<string, bool> isInRole) =>
        type != ExportType.Inserat || isInRole(Roles.Vip) || isInRole(Roles.Dealer);

    public static TimeSpan? Lifetime(ExportType type) => type switch
    {
        ExportType.QrPdf => null,
        ExportType.TrustZertifikat => TimeSpan.FromDays(90),
        ExportType.Wartungsstand or ExportType.Inserat => TimeSpan.FromDays(30),
        _ => TimeSpan.FromHours(24),
    };

    /// <summary>Claim for work: queued, or running with an expired lease (the worker crashed).</summary>
    public void Claim(DateTimeOffset now)
    {
        Status = ExportStatus.Running;
        Attempts++;
        LeaseUntil = now + LeaseDuration;
        StartedAt ??= now;
        Progress = 10;
        Error = null;
    }

    public void ReleaseLease(DateTimeOffset now) => LeaseUntil = now;

    public void Report(int progress) => Progress = Math.Clamp(progress, 0, 99);

    public void Succeed(string fileKey, long size, string sha256, bool encrypted, DateTimeOffset now)
    {
        Status = ExportStatus.Succeeded;
        FileKey = fileKey;
        SizeBytes = size;
        Sha256 = sha256;
        Encrypted = encrypted;
        FinishedAt = now;
        ExpiresAt = Lifetime(Type) is { } life ? now + life : null;
        LeaseUntil = null;
        Progress = 100;
    }

    /// <summary>A failed attempt: queued again until <see cref="MaxAttempts"/>, then failed for good.</summary>
    public void AttemptFailed(string error, DateTimeOffset now)
    {
        Error = error.Length > 300 ? error[..300] : error;
        LeaseUntil = null;
        if (Attempts >= MaxAttempts)
        {
            Status = ExportStatus.Failed;
            FinishedAt = now;
        }
        else
        {
            Status = ExportStatus.Queued;
            Progress = 0;
            NextAttemptAt = now + TimeSpan.FromSeconds(30 * Attempts);
        }
    }

    /// <summary>The job runner gave up (its last attempt never reported back): failed for good, with the reason.</summary>
    public void Abandon(string error, DateTimeOffset now)
    {
        if (!IsActive) return;
        Error = error.Length > 300 ? error[..300] : error;
        Status = ExportStatus.Failed;
        LeaseUntil = null;
        FinishedAt = now;
    }

    /// <summary>The file is gone (lifetime over, downloaded once, or replaced); the row stays as history.</summary>
    public void Expire(DateTimeOffset now, int? replacedBy = null)
    {
        Status = ExportStatus.Expired;
        FileKey = null;
        TokenHash = null;
        ReplacedByVersion = replacedBy ?? ReplacedByVersion;
        ExpiresAt = ExpiresAt is { } e && e < now ? e : now;
    }

    /// <summary>Creates the one-time download token; only its SHA-256 is stored. Returns the raw token.</summary>
    public string IssueToken(DateTimeOffset now)
    {
        if (!CanDownload) throw new DomainException("Diese Datei ist nicht mehr verfügbar.");
        var raw = PublicIds.New() + PublicIds.New();
        TokenHash = HashToken(raw);
        TokenExpiresAt = now + TokenLifetime;
        return raw;
    }

    public bool TokenMatches(string? raw, DateTimeOffset now) =>
        raw is { Length: > 0 } && TokenHash is not null && TokenExpiresAt > now && CanDownload
        && CryptographicOperations.FixedTimeEquals(Convert.FromHexString(TokenHash), Convert.FromHexString(HashToken(raw)));

    /// <summary>
    /// Uses the one-time token: the download happens now, the token and the file key go (the file is deleted after
    /// streaming). Returns the key of the file to stream. Persist it conditionally on the token hash read before
    /// (<c>ExportDownloads</c>) so that of two simultaneous requests only one consumes it.
    /// </summary>
    public string ConsumeToken(string? raw, DateTimeOffset now)
    {
        if (!TokenMatches(raw, now)) throw new DomainException("Der Download-Link ist ungültig oder abgelaufen.");
        var key = FileKey!;
        DownloadedAt = now;
        TokenHash = null;
        FileKey = null;
        return key;
    }

    public static string HashToken(string raw) => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(raw)));

    /// <summary>Ten characters from an alphabet without look-alikes, grouped for reading aloud: „K7QM-2XH9-RT“.</summary>
    private static string NewVerificationCode()
    {
        const string alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        var chars = new char[10];
        for (var i = 0; i < chars.Length; i++) chars[i] = alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)];
        var s = new string(chars);
        return $"{s[..4]}-{s[4..8]}-{s[8..]}";
    }
}
