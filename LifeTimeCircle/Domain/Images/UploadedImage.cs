using LifeTimeCircle.Domain.Vehicles;

namespace LifeTimeCircle.Domain.Images;

/// <summary>Pending: stored, scan or previews not done; Ready: clean, previews made; Refused: infected, suspicious or undecodable (never shown).</summary>
public enum ImageState { Pending, Ready, Refused }

/// <summary>
/// An image that belongs to no vehicle (ADR 0024): an article's cover or body image. Stored like every upload (random key
/// outside the web root, sniffed type, SHA-256, size limit; JPEG, PNG and WebP only), scanned by the job kind
/// <c>image-scan</c> with the same structural checks and clamd as documents, and then made into the 320/1024 px previews
/// of ADR 0022 — only those previews are ever served (no metadata, no original). Its owner is a foreign key column
/// (<see cref="ArticleId"/>; one column per kind of owner), so the row goes with its owner; the file is deleted by the
/// code that deletes the row.
/// </summary>
public sealed class UploadedImage
{
    public const int MaxAltLength = 200;
    /// <summary>Images per article (cover and body together).</summary>
    public const int MaxPerArticle = 20;

    private UploadedImage() { }

    private UploadedImage(string altText, string contentType, string storageKey, string sha256, long size, string uploadedBy, DateTimeOffset now)
    {
        PublicId = PublicIds.New();
        AltText = CheckedAlt(altText);
        if (!IsAcceptedType(contentType)) throw new DomainException("Bitte laden Sie ein Bild hoch (JPEG, PNG oder WebP).", "Datei");
        ContentType = contentType;
        StorageKey = storageKey;
        Sha256 = sha256;
        SizeBytes = size;
        UploadedBy = uploadedBy;
        UploadedAt = now;
    }

    public static UploadedImage ForArticle(long articleId, string altText, string contentType, string storageKey, string sha256, long size, string uploadedBy,
        DateTimeOffset now) => new(altText, contentType, storageKey, sha256, size, uploadedBy, now) { ArticleId = articleId };

    public static bool IsAcceptedType(string contentType) => contentType is "image/jpeg" or "image/png" or "image/webp";

    /// <summary>The alternative text, trimmed: required (an image without one is not shown), at most <see cref="MaxAltLength"/> characters, no control characters.</summary>
    public static string CheckedAlt(string? alt)
    {
        var text = string.Join(' ', (alt ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (text.Length is < 3 or > MaxAltLength) throw new DomainException($"Bitte beschreiben Sie das Bild in 3 bis {MaxAltLength} Zeichen (Alternativtext).", "AltText");
        if (text.Any(c => char.IsControl(c) || char.IsSurrogate(c) || c is '\uFFFE' or '\uFFFF' or '[' or ']'))
        {
            throw new DomainException("Bitte verwenden Sie im Alternativtext keine Steuerzeichen und keine eckigen Klammern.", "AltText");
        }
        return text;
    }

    public long Id { get; private set; }
    public string PublicId { get; private set; } = "";
    public long? ArticleId { get; private set; }
    public bool IsCover { get; private set; }
    public string AltText { get; private set; } = "";
    public string ContentType { get; private set; } = "";
    public string StorageKey { get; private set; } = "";
    public string Sha256 { get; private set; } = "";
    public long SizeBytes { get; private set; }
    public string UploadedBy { get; private set; } = "";
    public DateTimeOffset UploadedAt { get; private set; }
    public ImageState State { get; private set; } = ImageState.Pending;
    /// <summary>Why it was refused: INFECTED, STRUCTURE or a preview code such as TOO_MANY_PIXELS (ours, shown to nobody).</summary>
    public string? RefusalCode { get; private set; }
    public DateTimeOffset? CheckedAt { get; private set; }
    public int SmallWidth { get; private set; }
    public int SmallHeight { get; private set; }
    public int LargeWidth { get; private set; }
    public int LargeHeight { get; private set; }

    public void MakeCover(bool cover) => IsCover = cover;

    /// <summary>Scanned clean and the previews are written (their sizes after the EXIF orientation).</summary>
    public void BecomeReady(int smallWidth, int smallHeight, int largeWidth, int largeHeight, DateTimeOffset now)
    {
        if (State != ImageState.Pending) throw new InvalidOperationException("Das Bild wurde schon geprüft.");
        if (smallWidth < 1 || smallHeight < 1 || largeWidth < smallWidth || largeHeight < 1) throw new ArgumentOutOfRangeException(nameof(smallWidth), "Ungültige Vorschaugröße.");
        (State, SmallWidth, SmallHeight, LargeWidth, LargeHeight, CheckedAt) = (ImageState.Ready, smallWidth, smallHeight, largeWidth, largeHeight, now);
    }

    public void Refuse(string reasonCode, DateTimeOffset now)
    {
        if (State != ImageState.Pending) throw new InvalidOperationException("Das Bild wurde schon geprüft.");
        (State, RefusalCode, CheckedAt, IsCover) = (ImageState.Refused, reasonCode.Length > 40 ? reasonCode[..40] : reasonCode, now, false);
    }

    /// <summary>„wird geprüft“, „bereit“, „abgelehnt“: what the editorial pages show.</summary>
    public static string StateName(ImageState state) => state switch
    {
        ImageState.Pending => "wird geprüft",
        ImageState.Ready => "bereit",
        _ => "abgelehnt",
    };
}
