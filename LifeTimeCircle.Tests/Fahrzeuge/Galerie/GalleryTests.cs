using System.Net;
using System.Net.Http.Headers;
using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Documents;
using LifeTimeCircle.Infrastructure.Documents;
using LifeTimeCircle.Infrastructure.Documents.Thumbnails;
using LifeTimeCircle.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Document = LifeTimeCircle.Domain.Documents.Document;
using Microsoft.Extensions.DependencyInjection;

namespace LifeTimeCircle.Tests.Fahrzeuge.Galerie;

/// <summary>Issue 21 items 4 and 5: previews made by the job runner, served with the document's owner check, shown in the Galerie.</summary>
public sealed class GalleryTests(LtcFactory factory, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<LtcFactory>
{
    private static string Preview(string vehicle, string doc, string variant) => $"/Fahrzeuge/{vehicle}/Dokumente/{doc}/Vorschau/{variant}";

    [Fact]
    public async Task Approving_an_image_queues_its_previews_on_the_job_runner()
    {
        await factory.CreateUserAsync("freigabe-galerie@example.de", Roles.Vip);
        var (vehicle, _) = await VehicleSeed.CreateVehicleWithEntriesAsync(factory, "freigabe-galerie@example.de", 1);
        var doc = await GallerySeed.ApprovedPhotoAsync(factory, vehicle, TestImages.PhonePhoto(), "Tacho.jpg", approve: false);
        using (var scope = factory.Services.CreateScope())
        {
            var result = await scope.ServiceProvider.GetRequiredService<DocumentReview>().DecideAsync(doc, ReviewDecision.Approve, null, PiiState.Ok, CancellationToken.None);
            Assert.Null(result.Error);
        }
        Assert.True(await Jobs.DrainAsync(factory, ThumbnailJob.Kind) >= 1);
        var thumb = await factory.WithDbAsync(db => db.DocumentThumbnails.SingleAsync(t => db.Documents.Any(d => d.Id == t.DocumentId && d.PublicId == doc)));
        Assert.Equal(ThumbnailState.Ready, thumb.State);
        Assert.Equal((320, 480, 400), (thumb.SmallWidth, thumb.SmallHeight, thumb.LargeWidth));
        var key = await factory.WithDbAsync(db => db.Documents.Where(d => d.PublicId == doc).Select(d => d.StorageKey).SingleAsync());
        using var scope2 = factory.Services.CreateScope();
        var storage = scope2.ServiceProvider.GetRequiredService<DocumentStorage>();
        Assert.All(ThumbnailMaker.Variants, v => Assert.True(File.Exists(storage.ThumbnailPathFor(key, v)), v));
        // Deleting the file takes its previews along.
        storage.Delete(key);
        Assert.All(ThumbnailMaker.Variants, v => Assert.False(File.Exists(storage.ThumbnailPathFor(key, v)), v));
    }

    [Fact]
    public async Task The_backfill_makes_missing_previews_and_marks_a_bomb_as_failed()
    {
        var client = await Flows.SignedInClientAsync(factory, "nachholen@example.de", Roles.Vip);
        var (vehicle, _) = await VehicleSeed.CreateVehicleWithEntriesAsync(factory, "nachholen@example.de", 1);
        var old = await GallerySeed.ApprovedPhotoAsync(factory, vehicle, TestImages.PlainJpeg(800, 600), "Altbestand.jpg");
        var bomb = await GallerySeed.ApprovedPhotoAsync(factory, vehicle, TestImages.PngBomb(), "Riesig.png");
        using (var scope = factory.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<ThumbnailBackfill>().RunAsync(new LifeTimeCircle.Infrastructure.Jobs.NoPayload(),
                new LifeTimeCircle.Infrastructure.Jobs.JobContext(1, ThumbnailBackfill.Kind, 1, 3), CancellationToken.None);
        }
        var states = await factory.WithDbAsync(db => db.DocumentThumbnails
            .Join(db.Documents, t => t.DocumentId, d => d.Id, (t, d) => new { d.PublicId, t.State, t.ReasonCode })
            .Where(x => x.PublicId == old || x.PublicId == bomb).ToListAsync());
        Assert.Equal(ThumbnailState.Ready, states.Single(s => s.PublicId == old).State);
        Assert.Equal((ThumbnailState.Failed, "TOO_MANY_PIXELS"), (states.Single(s => s.PublicId == bomb).State, states.Single(s => s.PublicId == bomb).ReasonCode));
        // The Galerie shows the refused image as a type icon, and its preview URL answers with the neutral symbol.
        var (response, page) = await Html.GetAsync(client, $"/Fahrzeuge/{vehicle}/Galerie");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var item = page.QuerySelectorAll(".gallery li").Single(li => li.TextContent.Contains("Riesig", StringComparison.Ordinal));
        Assert.Null(item.QuerySelector("img"));
        Assert.Contains("Bild", item.QuerySelector(".thumb-label")!.TextContent, StringComparison.Ordinal);
        var symbol = await client.GetAsync(Preview(vehicle, bomb, "320.jpg"));
        Assert.Equal("image/svg+xml", symbol.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_galerie_shows_previews_placeholders_and_type_icons()
    {
        var client = await Flows.SignedInClientAsync(factory, "galerie@example.de", Roles.Vip);
        var (vehicle, _) = await VehicleSeed.CreateVehicleWithEntriesAsync(factory, "galerie@example.de", 1);
        var doc = await GallerySeed.PicturesAsync(factory, vehicle);
        var (response, page) = await Html.GetAsync(client, $"/Fahrzeuge/{vehicle}/Galerie");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var items = page.QuerySelectorAll(".gallery > li");
        Assert.Equal(3, items.Length);

        var picture = page.QuerySelector("picture")!;
        var source = picture.QuerySelector("source")!;
        var img = picture.QuerySelector("img")!;
        Assert.Equal("image/webp", source.GetAttribute("type"));
        Assert.Equal($"{Preview(vehicle, doc, "320.webp")} 320w,{Preview(vehicle, doc, "1024.webp")} 1024w", source.GetAttribute("srcset"));
        Assert.Equal($"{Preview(vehicle, doc, "320.jpg")} 320w,{Preview(vehicle, doc, "1024.jpg")} 1024w", img.GetAttribute("srcset"));
        Assert.Equal(Preview(vehicle, doc, "320.jpg"), img.GetAttribute("src"));
        Assert.False(string.IsNullOrEmpty(img.GetAttribute("sizes")));
        Assert.Equal(source.GetAttribute("sizes"), img.GetAttribute("sizes"));
        Assert.Equal(("320", "240"), (img.GetAttribute("width"), img.GetAttribute("height")));
        Assert.Equal(("lazy", "async"), (img.GetAttribute("loading"), img.GetAttribute("decoding")));
        Assert.Equal("Motorraum nach der Reinigung", img.GetAttribute("alt"));
        Assert.Equal($"/Fahrzeuge/{vehicle}/Dokumente/{doc}", picture.ParentElement!.GetAttribute("href"));

        Assert.Contains(items, li => li.TextContent.Contains("Vorschau wird erstellt", StringComparison.Ordinal) && li.TextContent.Contains("Heckansicht", StringComparison.Ordinal));
        Assert.Contains(items, li => li.QuerySelector(".thumb-label")?.TextContent == "PDF" && li.TextContent.Contains("Fotoprotokoll", StringComparison.Ordinal));
        // Every URL of the picture answers with the picture in the format it names.
        foreach (var (variant, type) in new[] { ("320.webp", "image/webp"), ("1024.webp", "image/webp"), ("320.jpg", "image/jpeg"), ("1024.jpg", "image/jpeg") })
        {
            var file = await client.GetAsync(Preview(vehicle, doc, variant));
            Assert.Equal(HttpStatusCode.OK, file.StatusCode);
            Assert.Equal(type, file.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task A_preview_is_cached_long_with_an_etag_and_found_only_by_its_owner()
    {
        var owner = await Flows.SignedInClientAsync(factory, "vorschau-besitzer@example.de", Roles.Vip);
        var (vehicle, _) = await VehicleSeed.CreateVehicleWithEntriesAsync(factory, "vorschau-besitzer@example.de", 1);
        var doc = await GallerySeed.PicturesAsync(factory, vehicle);
        var url = Preview(vehicle, doc, "320.webp");

        var first = await owner.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var cache = first.Headers.CacheControl!;
        Assert.True(cache.Private && cache.MaxAge == TimeSpan.FromDays(365) && cache.Extensions.Any(e => e.Name == "immutable"), cache.ToString());
        Assert.Equal("nosniff", first.Headers.GetValues("X-Content-Type-Options").Single());
        var etag = first.Headers.ETag;
        Assert.NotNull(etag);
        using var again = new HttpRequestMessage(HttpMethod.Get, url);
        again.Headers.IfNoneMatch.Add(etag);
        Assert.Equal(HttpStatusCode.NotModified, (await owner.SendAsync(again)).StatusCode);

        var other = await Flows.SignedInClientAsync(factory, "vorschau-fremd@example.de", Roles.Vip);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(url)).StatusCode);
        // The other owner's own vehicle does not open someone else's document either.
        var (ownVehicle, _) = await VehicleSeed.CreateVehicleWithEntriesAsync(factory, "vorschau-fremd@example.de", 1);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(Preview(ownVehicle, doc, "320.webp"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetAsync(Preview(vehicle, "AAAAAAAAAAAAAAAAAAAAAA", "320.webp"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetAsync(Preview(vehicle, doc, "640.webp"))).StatusCode);

        var anonymous = factory.CreateBrowserClient();
        Html.AssertRedirect(await anonymous.GetAsync(url), "/Konto/Anmelden");

        // A PII suspicion takes the picture away at once: only the neutral symbol, never cached.
        await factory.WithDbAsync(async db =>
        {
            var d = await db.Documents.SingleAsync(x => x.PublicId == doc);
            d.RaisePiiSuspicion(PiiState.Suspected, null, factory.Clock.GetUtcNow());
            await db.SaveChangesAsync();
            return 0;
        });
        var hidden = await owner.GetAsync(url);
        Assert.Equal("image/svg+xml", hidden.Content.Headers.ContentType?.MediaType);
        Assert.True(hidden.Headers.CacheControl is { Private: true, NoCache: true, MaxAge: null }, hidden.Headers.CacheControl?.ToString());
    }

    /// <summary>Issue 21 item 5: a Galerie with 100 previews stays ≤ 30 KB HTML (gzip, like every budget in docs/performance.md).</summary>
    [Fact]
    public async Task A_galerie_with_100_previews_stays_within_30_KB()
    {
        var client = await Flows.SignedInClientAsync(factory, "hundert@example.de", Roles.Vip);
        var (vehicle, _) = await VehicleSeed.CreateVehicleWithEntriesAsync(factory, "hundert@example.de", 1);
        await factory.WithDbAsync(async db =>
        {
            var v = await db.Vehicles.SingleAsync(x => x.PublicId == vehicle);
            var now = factory.Clock.GetUtcNow();
            var docs = Enumerable.Range(1, 100).Select(i =>
            {
                var key = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(20));
                var d = new Document(v.Id, null, DocumentKind.Foto, "image/jpeg", key, key + key[..24], 2_500_000, $"Restaurierung Schritt {i:000}.jpg", v.OwnerId, now.AddMinutes(i));
                d.ScannedClean(now);
                d.Approve(now);
                return d;
            }).ToList();
            db.Documents.AddRange(docs);
            await db.SaveChangesAsync();
            db.DocumentThumbnails.AddRange(docs.Select(d => DocumentThumbnail.Ready(d.Id, 320, 240, 1024, 768, now)));
            await db.SaveChangesAsync();
            return 0;
        });
        var (response, page) = await Html.GetAsync(client, $"/Fahrzeuge/{vehicle}/Galerie");
        Assert.Equal(100, page.QuerySelectorAll(".gallery picture").Length);
        Assert.Equal(100, page.QuerySelectorAll("img[loading=lazy]").Length);
        var body = await response.Content.ReadAsByteArrayAsync();
        var gzip = LifeTimeCircle.Tests.Platform.PlatformTests.Gzip(body);
        output.WriteLine($"BUDGET galerie-100 html={gzip} raw={body.Length}");
        Assert.True(gzip <= 30 * 1024, $"Galerie: {gzip} Bytes komprimiert");
    }
}
