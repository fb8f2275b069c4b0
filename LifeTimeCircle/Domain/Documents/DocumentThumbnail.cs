namespace LifeTimeCircle.Domain.Documents;

public enum ThumbnailState { Ready, Failed }

/// <summary>
/// The previews of an approved image (ADR 0022): made once by the thumbnail job, 320 and 1024 px wide (never wider
/// than the original) as WebP and JPEG. No row = not made yet („Vorschau wird erstellt“); <see cref="ThumbnailState.Failed"/>
/// = the image was refused (too many pixels, undecodable) and the gallery shows a type icon. Sizes are those of the
/// written files after the EXIF orientation was applied, for the width/height attributes of the page.
/// </summary>
public sealed class DocumentThumbnail
{
    private DocumentThumbnail() { }

    private DocumentThumbnail(long documentId, ThumbnailState state, DateTimeOffset now)
    {
        DocumentId = documentId;
        State = state;
        CreatedAt = now;
    }

    public static DocumentThumbnail Ready(long documentId, int smallWidth, int smallHeight, int largeWidth, int largeHeight, DateTimeOffset now)
    {
        if (smallWidth < 1 || smallHeight < 1 || largeWidth < smallWidth || largeHeight < 1) throw new ArgumentOutOfRangeException(nameof(smallWidth), "Ungültige Vorschaugröße.");
        return new DocumentThumbnail(documentId, ThumbnailState.Ready, now)
        {
            SmallWidth = smallWidth, SmallHeight = smallHeight, LargeWidth = largeWidth, LargeHeight = largeHeight,
        };
    }

    /// <summary>Refused for good (a fixed reason code such as TOO_MANY_PIXELS, never a library message).</summary>
    public static DocumentThumbnail Failed(long documentId, string reasonCode, DateTimeOffset now) =>
        new(documentId, ThumbnailState.Failed, now) { ReasonCode = reasonCode.Length > 40 ? reasonCode[..40] : reasonCode };

    /// <summary>
    /// Reason code of the row written before decoding: a process that dies inside the native decoder leaves it behind,
    /// so neither the job's retries nor the backfill feed that image to the decoder again (operations.md: delete the row to retry).
    /// </summary>
    public const string Interrupted = "INTERRUPTED";

    /// <summary>The row that claims the document before decoding (<see cref="Interrupted"/> until <see cref="Become"/>).</summary>
    public static DocumentThumbnail Claim(long documentId, DateTimeOffset now) => Failed(documentId, Interrupted, now);

    /// <summary>Takes over the outcome of the decoding (a Ready or Failed row of the same document).</summary>
    public void Become(DocumentThumbnail outcome)
    {
        if (outcome.DocumentId != DocumentId) throw new ArgumentException("Andere Vorschau.", nameof(outcome));
        (State, SmallWidth, SmallHeight, LargeWidth, LargeHeight, ReasonCode, CreatedAt) =
            (outcome.State, outcome.SmallWidth, outcome.SmallHeight, outcome.LargeWidth, outcome.LargeHeight, outcome.ReasonCode, outcome.CreatedAt);
    }

    public long DocumentId { get; private set; }
    public ThumbnailState State { get; private set; }
    public int SmallWidth { get; private set; }
    public int SmallHeight { get; private set; }
    public int LargeWidth { get; private set; }
    public int LargeHeight { get; private set; }
    public string? ReasonCode { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
}
