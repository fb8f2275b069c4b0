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
    private static string Preview(string vehicle, string doc, string variant) => $"/Fahrzeuge/{vehicle}/Dokumente/{doc}/{variant}";

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

    /// <summary>
    /// The row is written before decoding: a process killed inside the decoder leaves INTERRUPTED behind, and neither the
    /// job's retries nor the backfill give that image to the decoder again (no crash loop; security review 2026-12-03).
    /// </summary>
    [Fact]
    public async Task An_image_whose_decoding_was_interrupted_is_not_tried_again_by_itself()
    {
        await factory.CreateUserAsync("abgebrochen@example.de", Roles.Vip);
        var (vehicle, _) = await VehicleSeed.CreateVehicleWithEntriesAsync(factory, "abgebrochen@example.de", 1);
        var doc = await GallerySeed.ApprovedPhotoAsync(factory, vehicle, TestImages.PlainJpeg(800, 600), "Abgestuerzt.jpg");
        await factory.WithDbAsync(async db =>
        {
            var id = await db.Documents.Where(d => d.PublicId == doc).Select(d => d.Id).SingleAsync();
            db.DocumentThumbnails.Add(DocumentThumbnail.Claim(id, factory.Clock.GetUtcNow())); // what a killed process leaves
            return await db.SaveChangesAsync();
        });
        Assert.False(await GallerySeed.MakePreviewsAsync(factory, doc));
        using (var scope = factory.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<ThumbnailBackfill>().RunAsync(new LifeTimeCircle.Infrastructure.Jobs.NoPayload(),
                new LifeTimeCircle.Infrastructure.Jobs.JobContext(1, ThumbnailBackfill.Kind, 1, 3), CancellationToken.None);
        }
        var row = await factory.WithDbAsync(db => db.DocumentThumbnails.AsNoTracking().SingleAsync(t => db.Documents.Any(d => d.Id == t.DocumentId && d.PublicId == doc)));
        Assert.Equal((ThumbnailState.Failed, DocumentThumbnail.Interrupted), (row.State, row.ReasonCode));
        // A made preview replaces the claim in the same row.
        var fresh = await GallerySeed.ApprovedPhotoAsync(factory, vehicle, TestImages.PlainJpeg(800, 600), "Frisch.jpg");
        Assert.True(await GallerySeed.MakePreviewsAsync(factory, fresh));
        var made = await factory.WithDbAsync(db => db.DocumentThumbnails.AsNoTracking().SingleAsync(t => db.Documents.Any(d => d.Id == t.DocumentId && d.PublicId == fresh)));
        Assert.Equal((ThumbnailState.Ready, null, 320, 240), (made.State, made.ReasonCode, made.SmallWidth, made.SmallHeight));
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

        // Relative to /Fahrzeuge/{id}/ and without a format (negotiated): the byte budget of 100 pictures (ADR 0022).
        var img = page.QuerySelector(".gallery img")!;
        Assert.Equal($"Dokumente/{doc}/320", img.GetAttribute("src"));
        Assert.Equal($"Dokumente/{doc}/1024 2x", img.GetAttribute("srcset"));
        Assert.Equal(("320", "240"), (img.GetAttribute("width"), img.GetAttribute("height")));
        Assert.Equal("lazy", img.GetAttribute("loading"));
        Assert.Equal("Motorraum nach der Reinigung", img.GetAttribute("alt"));
        Assert.Equal($"Dokumente/{doc}", img.ParentElement!.GetAttribute("href"));
        // The page's own URL resolves them to the vehicle's documents; with a trailing slash it would not, so that redirects.
        Assert.Equal(Preview(vehicle, doc, "320"), new Uri(new Uri($"http://localhost/Fahrzeuge/{vehicle}/Galerie"), img.GetAttribute("src")).AbsolutePath);
        Html.AssertRedirect(await client.GetAsync($"/Fahrzeuge/{vehicle}/Galerie/"), $"/Fahrzeuge/{vehicle}/Galerie");

        Assert.Contains(items, li => li.TextContent.Contains("Vorschau wird erstellt", StringComparison.Ordinal) && li.TextContent.Contains("Heckansicht", StringComparison.Ordinal));
        Assert.Contains(items, li => li.QuerySelector(".thumb-label")?.TextContent == "PDF" && li.TextContent.Contains("Fotoprotokoll", StringComparison.Ordinal));
        // Every URL with a format answers in the format it names.
        foreach (var (variant, type) in new[] { ("320.webp", "image/webp"), ("1024.webp", "image/webp"), ("320.jpg", "image/jpeg"), ("1024.jpg", "image/jpeg") })
        {
            var file = await client.GetAsync(Preview(vehicle, doc, variant));
            Assert.Equal(HttpStatusCode.OK, file.StatusCode);
            Assert.Equal(type, file.Content.Headers.ContentType?.MediaType);
        }
        // Without a format: WebP for a browser that accepts it, JPEG for one that does not, and caches told so.
        foreach (var (accept, type) in new[] { ("image/avif,image/webp,image/apng,image/*,*/*;q=0.8", "image/webp"), ("image/png,image/*;q=0.8,*/*;q=0.5", "image/jpeg"), ("", "image/jpeg") })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, Preview(vehicle, doc, "1024"));
            if (accept.Length > 0) request.Headers.TryAddWithoutValidation("Accept", accept);
            var file = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, file.StatusCode);
            Assert.Equal(type, file.Content.Headers.ContentType?.MediaType);
            Assert.Contains("Accept", file.Headers.Vary);
            var bytes = await file.Content.ReadAsByteArrayAsync();
            Assert.Equal(type == "image/webp", bytes.Length > 12 && System.Text.Encoding.ASCII.GetString(bytes, 8, 4) == "WEBP");
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
        // Revalidated on every use: the owner check runs again, a shared computer keeps nothing viewable after sign-out.
        Assert.True(cache is { Private: true, NoCache: true, MaxAge: null }, cache.ToString());
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
        // The route ignores case; the handler does not (there is no „320.JPG“ file): 404, not 500.
        foreach (var variant in new[] { "320.JPG", "1024.WEBP", "320.Jpg", "320.webp%0A" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await owner.GetAsync(Preview(vehicle, doc, variant))).StatusCode);
        }

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
        Assert.Equal(100, page.QuerySelectorAll(".gallery img[srcset]").Length);
        Assert.Equal(100, page.QuerySelectorAll("img[loading=lazy]").Length);
        var body = await response.Content.ReadAsByteArrayAsync();
        var gzip = LifeTimeCircle.Tests.Platform.PlatformTests.Gzip(body);
        output.WriteLine($"BUDGET galerie-100 html={gzip} raw={body.Length}");
        output.WriteLine("ITEM " + page.QuerySelector(".gallery > li")!.OuterHtml + " bytes=" + System.Text.Encoding.UTF8.GetByteCount(page.QuerySelector(".gallery")!.OuterHtml) / 100);
        Assert.True(gzip <= 30 * 1024, $"Galerie: {gzip} Bytes komprimiert");
        // Also uncompressed (the app without nginx in front sends it so).
        Assert.True(body.Length <= 30 * 1024, $"Galerie: {body.Length} Bytes unkomprimiert");
    }
}
