using LifeTimeCircle.Data;
using LifeTimeCircle.Domain.Documents;
using LifeTimeCircle.Infrastructure.Jobs;
using LifeTimeCircle.Web;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Infrastructure.Documents;

/// <summary>
/// Per-account upload quota over a rolling 24 hours (<c>LTC_UPLOAD_DAILY_FILES</c>, <c>LTC_UPLOAD_DAILY_BYTES</c>), the same
/// for every role. Every upload that was stored counts, also when it was later rejected or deleted. The page asks
/// before storing the file (its size is known from the form), and the document row is added under one writer lock
/// after a second check, so two uploads at the limit cannot both pass. The lock relies on the one process per data
/// directory that the queues rely on too (docs/operations.md).
/// </summary>
public sealed class UploadQuota(DocumentOptions options, JobQueue jobs, TimeProvider clock)
{
    public static readonly TimeSpan Window = TimeSpan.FromHours(24);
    private readonly SemaphoreSlim _writer = new(1, 1);

    /// <summary>Null when a file of <paramref name="size"/> bytes still fits, otherwise the German message that says when it will.</summary>
    public async Task<string?> RefusalAsync(AppDbContext db, string userId, long size, CancellationToken ct)
    {
        var since = clock.GetUtcNow() - Window;
        // Every upload counts, proofs of ownership of a claim too (hidden from vehicle queries by a filter).
        var documents = await db.Documents.IgnoreQueryFilters().AsNoTracking()
            .Where(d => d.UploadedBy == userId && d.UploadedAt > since)
            .Select(d => new { d.UploadedAt, d.SizeBytes })
            .ToListAsync(ct);
        // Images that belong to no vehicle (ADR 0024) count the same: one quota per account for every upload.
        var images = await db.UploadedImages.AsNoTracking()
            .Where(i => i.UploadedBy == userId && i.UploadedAt > since)
            .Select(i => new { i.UploadedAt, i.SizeBytes })
            .ToListAsync(ct);
        var recent = documents.Concat(images).OrderBy(d => d.UploadedAt).ToList();
        if (size > options.DailyBytes)
        {
            return $"Tageskontingent: Die Datei ({Display.FileSize(size)}) ist größer als die {Display.FileSize(options.DailyBytes)}, die Sie innerhalb von 24 Stunden hochladen können.";
        }

        // When enough of the oldest uploads have left the window for this one to fit.
        DateTimeOffset? filesFreeAt = recent.Count >= options.DailyFiles ? recent[recent.Count - options.DailyFiles].UploadedAt + Window : null;
        DateTimeOffset? bytesFreeAt = null;
        var excess = recent.Sum(r => r.SizeBytes) + size - options.DailyBytes;
        foreach (var r in recent)
        {
            if (excess <= 0) break;
            excess -= r.SizeBytes;
            bytesFreeAt = r.UploadedAt + Window;
        }
        if (filesFreeAt is null && bytesFreeAt is null) return null;

        var at = new[] { filesFreeAt, bytesFreeAt }.Max()!.Value;
        return bytesFreeAt is null
            ? $"Tageskontingent erreicht: Sie können höchstens {Display.Count(options.DailyFiles, "Datei", "Dateien")} innerhalb von 24 Stunden hochladen. Die nächste Datei können Sie {When(at)} hochladen."
            : $"Tageskontingent erreicht: Sie können höchstens {Display.FileSize(options.DailyBytes)} innerhalb von 24 Stunden hochladen" +
              $" (und höchstens {Display.Count(options.DailyFiles, "Datei", "Dateien")}). Diese Datei ({Display.FileSize(size)}) können Sie {When(at)} hochladen; eine kleinere vielleicht früher.";
    }

    /// <summary>
    /// Adds and saves the document and its scan job if it still fits (checked again under the writer lock); otherwise
    /// returns the message and saves nothing. <paramref name="alongside"/> (e.g. the ownership claim the document
    /// proves) runs in the same transaction after the document is saved; if it throws, nothing is kept. The writer
    /// lock is always taken before the database's write lock, never the other way round.
    /// </summary>
    public Task<string?> AddWithinQuotaAsync(AppDbContext db, Document document, CancellationToken ct, Func<CancellationToken, Task>? alongside = null) =>
        // The document and its scan job are saved together (the caller wakes the runner afterwards).
        AddWithinQuotaAsync(db, document.UploadedBy, document.SizeBytes, () => ScanProcessor.Enqueue(db, jobs, document), ct, alongside);

    /// <summary>
    /// The same for any upload row (ADR 0024: images without a vehicle): <paramref name="add"/> adds the row and its scan
    /// job to <paramref name="db"/> once the upload of <paramref name="size"/> bytes still fits under the writer lock.
    /// </summary>
    public async Task<string?> AddWithinQuotaAsync(AppDbContext db, string uploadedBy, long size, Action add, CancellationToken ct,
        Func<CancellationToken, Task>? alongside = null)
    {
        await _writer.WaitAsync(ct);
        try
        {
            var refusal = await RefusalAsync(db, uploadedBy, size, ct);
            if (refusal is not null) return refusal;
            add();
            if (alongside is null)
            {
                await db.SaveChangesAsync(ct);
                return null;
            }
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await db.SaveChangesAsync(ct);
            await alongside(ct);
            await tx.CommitAsync(ct);
            return null;
        }
        finally
        {
            _writer.Release();
        }
    }

    /// <summary>„ab 29.11.2026 um 10:00 Uhr“ in Berlin time, rounded up to the minute (never earlier than true).</summary>
    private static string When(DateTimeOffset utc)
    {
        // Berlin's offsets are whole hours, so rounding the UTC instant rounds the Berlin minute.
        var minute = new DateTimeOffset(utc.UtcTicks - utc.UtcTicks % TimeSpan.TicksPerMinute, TimeSpan.Zero);
        if (minute < utc) minute = minute.AddMinutes(1);
        return $"ab {Display.Date(minute)} um {Display.Time(minute)} Uhr";
    }
}
