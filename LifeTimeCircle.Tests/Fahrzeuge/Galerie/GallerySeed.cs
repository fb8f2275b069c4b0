using LifeTimeCircle.Data;
using LifeTimeCircle.Domain.Documents;
using LifeTimeCircle.Infrastructure.Documents;
using LifeTimeCircle.Infrastructure.Documents.Thumbnails;
using LifeTimeCircle.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Document = LifeTimeCircle.Domain.Documents.Document;
using Microsoft.Extensions.DependencyInjection;

namespace LifeTimeCircle.Tests.Fahrzeuge.Galerie;

/// <summary>Photos of a vehicle through the real storage, approved like the review does, previews made by the real writer.</summary>
public static class GallerySeed
{
    /// <summary>Stores <paramref name="content"/> as a Foto of the vehicle, scanned clean and approved; returns its public id.</summary>
    public static async Task<string> ApprovedPhotoAsync(LtcFactory factory, string vehiclePublicId, byte[] content, string fileName, bool approve = true)
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var storage = scope.ServiceProvider.GetRequiredService<DocumentStorage>();
        var vehicle = await db.Vehicles.SingleAsync(v => v.PublicId == vehiclePublicId);
        var stored = await storage.SaveAsync(new MemoryStream(content), CancellationToken.None);
        var now = factory.Clock.GetUtcNow();
        var doc = new Document(vehicle.Id, null, DocumentKind.Foto, stored.ContentType, stored.StorageKey, stored.Sha256, stored.Size, fileName, vehicle.OwnerId, now);
        doc.ScannedClean(now);
        if (approve) doc.Approve(now);
        db.Documents.Add(doc);
        await db.SaveChangesAsync();
        return doc.PublicId;
    }

    public static async Task<bool> MakePreviewsAsync(LtcFactory factory, string documentId)
    {
        using var scope = factory.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<ThumbnailWriter>().MakeAsync(documentId, CancellationToken.None);
    }

    /// <summary>The Galerie in every state: a photo with previews, an approved photo waiting for them, a PDF (type icon). Returns the first.</summary>
    public static async Task<string> PicturesAsync(LtcFactory factory, string vehiclePublicId)
    {
        var withPreview = await ApprovedPhotoAsync(factory, vehiclePublicId, TestImages.PlainJpeg(1200, 900), "Motorraum nach der Reinigung.jpg");
        await MakePreviewsAsync(factory, withPreview);
        await ApprovedPhotoAsync(factory, vehiclePublicId, TestImages.PlainJpeg(400, 300), "Heckansicht.jpg");
        await ApprovedPhotoAsync(factory, vehiclePublicId, "%PDF-1.4\n% Fotoprotokoll\n%%EOF\n"u8.ToArray(), "Fotoprotokoll.pdf");
        return withPreview;
    }
}
