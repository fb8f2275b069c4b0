using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Images;
using LifeTimeCircle.Infrastructure.Audit;
using LifeTimeCircle.Infrastructure.Documents;
using LifeTimeCircle.Infrastructure.Documents.Thumbnails;
using LifeTimeCircle.Infrastructure.Jobs;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Infrastructure.Images;

/// <summary>The job payload of one image scan: the image's public id (no user data).</summary>
public sealed record ImageScanPayload(string ImageId);

/// <summary>The owner of an image learns that its check is over (ready or refused): e.g. an article renders its body again.</summary>
public interface IImageOwner
{
    Task ImageSettledAsync(UploadedImage image, CancellationToken ct);
}

/// <summary>
/// Job kind <c>image-scan</c> (ADR 0024): the same scan as documents (<see cref="FileScanner"/>: structural checks, then
/// clamd INSTREAM) with the same retry policy (<see cref="ScanProcessor.Policy"/>: clamd unreachable → the image stays
/// „wird geprüft“ and the runner retries), then the previews of ADR 0022 (<see cref="ThumbnailMaker"/>). Infected,
/// suspicious or undecodable → Refused; clean with previews → Ready. There is no admin approval step of its own: the
/// owner's review covers the content (for an article: the admins' article review).
/// </summary>
public sealed class ImageScanJob(AppDbContext db, FileScanner scanner, DocumentStorage storage, AuditWriter audit, IEnumerable<IImageOwner> owners,
    TimeProvider clock, ILogger<ImageScanJob> logger) : IJobHandler<ImageScanPayload>
{
    public const string Kind = "image-scan";

    public async Task RunAsync(ImageScanPayload payload, JobContext context, CancellationToken ct)
    {
        var image = await db.UploadedImages.SingleOrDefaultAsync(i => i.PublicId == payload.ImageId, ct);
        if (image is null || image.State != ImageState.Pending) return; // deleted, or checked already
        if (!File.Exists(storage.PathFor(image.StorageKey)))
        {
            await SettleAsync(image, () => image.Refuse("FILE_MISSING", clock.GetUtcNow()), ct);
            return;
        }
        var outcome = await scanner.ScanAsync(image.StorageKey, image.ContentType, ct);
        switch (outcome.Verdict)
        {
            case ScanVerdict.Infected:
                await SettleAsync(image, () => image.Refuse(outcome.Structural ? "STRUCTURE" : "INFECTED", clock.GetUtcNow()), ct);
                await audit.WriteAsync(outcome.Structural ? AuditActions.UploadScannedSuspicious : AuditActions.UploadScannedInfected, "IMAGE", image.PublicId,
                    AuditResult.Success, new Dictionary<string, object?> { ["check"] = outcome.Structural ? "structure" : "clamav" }, ct: ct);
                await audit.WriteAsync(AuditActions.UploadRejected, "IMAGE", image.PublicId, AuditResult.Success,
                    new Dictionary<string, object?> { ["reason_code"] = image.RefusalCode }, ct: ct);
                logger.LogWarning("Bild {ImageId} bei der Prüfung abgelehnt ({ReasonCode})", image.PublicId, image.RefusalCode);
                return;
            case ScanVerdict.Unavailable:
                logger.LogWarning("Virenprüfung für Bild {ImageId} verschoben: {Reason}", image.PublicId, outcome.Detail);
                throw new JobFailedException("Virenscanner nicht erreichbar.");
        }
        await audit.WriteAsync(AuditActions.UploadScannedClean, "IMAGE", image.PublicId, AuditResult.Success, new Dictionary<string, object?>(), ct: ct);
        Action settle;
        try
        {
            var source = storage.PathFor(image.StorageKey);
            Directory.CreateDirectory(Path.GetDirectoryName(storage.ThumbnailPathFor(image.StorageKey, ThumbnailMaker.Variants[0]))!);
            var sizes = ThumbnailMaker.Make(source, variant => storage.ThumbnailPathFor(image.StorageKey, variant));
            settle = () => image.BecomeReady(sizes.SmallWidth, sizes.SmallHeight, sizes.LargeWidth, sizes.LargeHeight, clock.GetUtcNow());
        }
        catch (ThumbnailRefusedException ex)
        {
            logger.LogWarning("Bild {ImageId} ohne Vorschau abgelehnt ({ReasonCode})", image.PublicId, ex.ReasonCode);
            settle = () => image.Refuse(ex.ReasonCode, clock.GetUtcNow());
        }
        await SettleAsync(image, settle, ct);
    }

    private async Task SettleAsync(UploadedImage image, Action change, CancellationToken ct)
    {
        change();
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Deleted meanwhile by its editor: the file went with it; previews written just now must not stay behind.
            storage.Delete(image.StorageKey);
            return;
        }
        foreach (var owner in owners) await owner.ImageSettledAsync(image, ct);
    }
}
