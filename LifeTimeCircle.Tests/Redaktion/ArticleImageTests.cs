using System.Net;
using System.Net.Http.Headers;
using AngleSharp.Html.Dom;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Cms;
using LifeTimeCircle.Domain.Images;
using LifeTimeCircle.Infrastructure.Cms;
using LifeTimeCircle.Infrastructure.Documents;
using LifeTimeCircle.Infrastructure.Images;
using LifeTimeCircle.Tests.Fahrzeuge.Dokumente;
using LifeTimeCircle.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LifeTimeCircle.Tests.Redaktion;

/// <summary>
/// Issue 20, ADR 0024: an article's cover and body images through the real forms and a real clamd — quarantined and
/// „wird geprüft“ until the scan and the previews are done (review and publishing wait), then in the preview for the
/// editorial roles only, public with the article once it is published (cover, body image, og:image, public cache);
/// infected, not-an-image and missing alt text refused with German messages.
/// </summary>
public sealed class ArticleImageTests(DocumentsFixture fx) : IClassFixture<DocumentsFixture>
{
    private LtcFactory App => fx.App;

    private async Task<string> WriteDraftAsync(HttpClient moderator, string title, string slug)
    {
        var (_, page) = await Html.GetAsync(moderator, "/Redaktion/Neu");
        var response = await Html.SubmitAsync(moderator, page, new Dictionary<string, string>
        {
            ["Input.Kind"] = "Blog", ["Input.Title"] = title, ["Input.Slug"] = slug, ["Input.Teaser"] = "Ein Anreißer mit genug Zeichen.", ["Input.Markdown"] = "Ein Text ohne Bild.",
        });
        Html.AssertRedirect(response, "/Redaktion/Beitrag/");
        return response.Headers.Location!.OriginalString.Split('/')[^1];
    }

    /// <summary>The upload form of the edit page, submitted with a file (multipart, its antiforgery token).</summary>
    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, string articleId, byte[] content, string fileName, string alt, bool cover)
    {
        var (_, page) = await Html.GetAsync(client, "/Redaktion/Bearbeiten/" + articleId);
        var form = page.QuerySelectorAll<IHtmlFormElement>("form[enctype='multipart/form-data']").Single();
        Assert.Contains("/Redaktion/Bilder/" + articleId, form.GetAttribute("action"), StringComparison.Ordinal);
        using var body = new MultipartFormDataContent
        {
            { new StringContent(form.QuerySelector<IHtmlInputElement>("input[name=__RequestVerificationToken]")!.Value), "__RequestVerificationToken" },
            { new StringContent(alt), "Bild.AltText" },
        };
        if (cover) body.Add(new StringContent("true"), "Bild.Titelbild");
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        body.Add(file, "Bild.Datei", fileName);
        var request = new HttpRequestMessage(HttpMethod.Post, form.GetAttribute("action")) { Content = body };
        request.Headers.Accept.ParseAdd("text/html");
        return await client.SendAsync(request);
    }

    private Task<UploadedImage> ImageAsync(string alt) => App.WithDbAsync(db => db.UploadedImages.AsNoTracking().SingleAsync(i => i.AltText == alt));

    private Task<Article> ArticleAsync(string id) => App.WithDbAsync(db => db.Articles.AsNoTracking().SingleAsync(a => a.PublicId == id));

    private async Task EditMarkdownAsync(HttpClient client, string id, string markdown)
    {
        var (_, edit) = await Html.GetAsync(client, "/Redaktion/Bearbeiten/" + id);
        var form = edit.QuerySelectorAll<IHtmlFormElement>("main form[method=post]").First(f => f.QuerySelector("[name='Input.Markdown']") is not null);
        Html.AssertRedirect(await Html.SubmitFormAsync(client, form, new Dictionary<string, string> { ["Input.Markdown"] = markdown }), "/Redaktion/Beitrag/" + id);
    }

    private async Task<EditorialActor> ActorAsync(string email, string role) =>
        new(await App.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync()), role);

    private async Task TransitionAsync(string id, Func<Editorial, Article, Task> step)
    {
        using var scope = App.Services.CreateScope();
        var editorial = scope.ServiceProvider.GetRequiredService<Editorial>();
        var db = scope.ServiceProvider.GetRequiredService<LifeTimeCircle.Data.AppDbContext>();
        await step(editorial, await db.Articles.SingleAsync(a => a.PublicId == id));
    }

    [Fact]
    public async Task Cover_and_body_image_are_checked_then_previewed_for_the_editors_only_and_public_once_published()
    {
        var moderator = await Flows.SignedInClientAsync(App, "bilder-redaktion@example.de", Roles.Moderator);
        var id = await WriteDraftAsync(moderator, "Bilder aus der Werkstatt", "bilder-aus-der-werkstatt");
        Html.AssertRedirect(await UploadAsync(moderator, id, TestImages.Png(1600, 900), "IMG_2024 Familie Müller.png", "Hebebühne mit Oldtimer", cover: true), "/Redaktion/Bilder/" + id);
        Html.AssertRedirect(await UploadAsync(moderator, id, TestImages.Png(300, 200), "klein.png", "Bremsscheibe im Detail", cover: false), "/Redaktion/Bilder/" + id);
        var cover = await ImageAsync("Hebebühne mit Oldtimer");
        var detail = await ImageAsync("Bremsscheibe im Detail");
        Assert.Equal((ImageState.Pending, true), (cover.State, cover.IsCover));
        Assert.Equal((ImageState.Pending, false), (detail.State, detail.IsCover));

        // The body refers to both before the check is done: until then they are not in the stored HTML.
        await EditMarkdownAsync(moderator, id, $"Vorher.\n\n![Die Bremse](bild:{detail.PublicId})\n\n![Hebebühne](bild:{cover.PublicId})");
        Assert.DoesNotContain("<img", (await ArticleAsync(id)).Html, StringComparison.Ordinal);
        var (_, desk) = await Html.GetAsync(moderator, "/Redaktion/Beitrag/" + id);
        Assert.Contains("Noch in der Virenprüfung: 2 Bilder", Html.Text(desk), StringComparison.Ordinal);
        Assert.Contains("Titelbild: wird geprüft", Html.Text(desk), StringComparison.Ordinal);
        // Review waits for the check.
        var submit = desk.QuerySelectorAll<IHtmlFormElement>("main form[method=post]").Single(f => (f.GetAttribute("action") ?? "").Contains("handler=Submit", StringComparison.Ordinal));
        var refused = await Html.SubmitFormAsync(moderator, submit, new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("Ein Bild des Beitrags wird noch geprüft", Html.Text(await Html.ParseAsync(refused)), StringComparison.Ordinal);
        // Nothing is served while unchecked, not even to the author.
        Assert.Equal(HttpStatusCode.NotFound, (await moderator.GetAsync($"/Artikelbilder/{cover.PublicId}/320")).StatusCode);

        // The real clamd and the previews: both ready, and the body now shows them (rendered again from the same text).
        Assert.True(await Jobs.DrainAsync(App, ImageScanJob.Kind) >= 2);
        cover = await ImageAsync("Hebebühne mit Oldtimer");
        Assert.Equal((ImageState.Ready, 320, 1024, 576), (cover.State, cover.SmallWidth, cover.LargeWidth, cover.LargeHeight));
        Assert.Equal((ImageState.Ready, 300, 300), ((await ImageAsync("Bremsscheibe im Detail")).State, (await ImageAsync("Bremsscheibe im Detail")).SmallWidth, (await ImageAsync("Bremsscheibe im Detail")).LargeWidth));
        var html = (await ArticleAsync(id)).Html;
        Assert.Contains($"src=\"/Artikelbilder/{detail.PublicId}/1024\"", html, StringComparison.Ordinal);
        Assert.Contains($"srcset=\"/Artikelbilder/{cover.PublicId}/320 320w, /Artikelbilder/{cover.PublicId}/1024 1024w\"", html, StringComparison.Ordinal);
        Assert.Contains("loading=\"lazy\"", html, StringComparison.Ordinal);
        (_, desk) = await Html.GetAsync(moderator, "/Redaktion/Beitrag/" + id);
        Assert.Equal(html, desk.QuerySelector(".preview .article-body")!.InnerHtml);
        Assert.NotNull(desk.QuerySelector($".preview figure.cover img[alt='Hebebühne mit Oldtimer'][width='1024'][height='576']"));

        // A draft's image: the author sees it (not cached); anonymous visitors and another moderator get 404.
        var own = await moderator.GetAsync($"/Artikelbilder/{cover.PublicId}/320.jpg");
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal("image/jpeg", own.Content.Headers.ContentType!.MediaType);
        Assert.True(own.Headers.CacheControl is { Private: true, NoStore: true }, own.Headers.CacheControl?.ToString());
        var anonymous = App.CreateBrowserClient();
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/Artikelbilder/{cover.PublicId}/320.jpg")).StatusCode);
        var other = await Flows.SignedInClientAsync(App, "bilder-andere@example.de", Roles.Moderator);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/Artikelbilder/{cover.PublicId}/320.jpg")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync("/Redaktion/Bilder/" + id)).StatusCode);

        // Review and publishing; then the anonymous visitor sees cover, body image and og:image.
        await TransitionAsync(id, (e, a) => e.SubmitAsync(new EditorialActor(a.AuthorId, Roles.Moderator), a, CancellationToken.None));
        var admin = await ActorAsync("bilder-redaktion@example.de", Roles.Admin);
        await TransitionAsync(id, (e, a) => e.ApproveAsync(admin, a, null, CancellationToken.None));
        Assert.Equal(ArticleState.Approved, (await ArticleAsync(id)).State);
        await TransitionAsync(id, async (e, a) => await e.PublishAsync(await ActorAsync("bilder-redaktion@example.de", Roles.Superadmin), a, CancellationToken.None));
        var (response, page) = await Html.GetAsync(anonymous, "/Blog/bilder-aus-der-werkstatt");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var coverImg = page.QuerySelector("main figure.cover img")!;
        Assert.Equal(("1024", "576", "Hebebühne mit Oldtimer", "eager"), (coverImg.GetAttribute("width"), coverImg.GetAttribute("height"), coverImg.GetAttribute("alt"), coverImg.GetAttribute("loading")));
        Assert.Contains("320w", coverImg.GetAttribute("srcset"), StringComparison.Ordinal);
        Assert.Equal(2, page.QuerySelectorAll("main .article-body img").Length);
        Assert.Equal($"https://lifetimecircle.example/Artikelbilder/{cover.PublicId}/1024.jpg", page.QuerySelector("meta[property='og:image']")!.GetAttribute("content"));
        var (_, list) = await Html.GetAsync(anonymous, "/Blog");
        Assert.Equal("lazy", list.QuerySelector("main .articles figure.cover img")!.GetAttribute("loading"));

        var image = await anonymous.GetAsync($"/Artikelbilder/{cover.PublicId}/1024");
        Assert.Equal(HttpStatusCode.OK, image.StatusCode);
        Assert.True(image.Headers.CacheControl is { Public: true, NoStore: false } && image.Headers.CacheControl.MaxAge == TimeSpan.FromMinutes(10), image.Headers.CacheControl?.ToString());
        Assert.NotNull(image.Headers.ETag);
        Assert.Contains("Accept", image.Headers.Vary);
        var again = new HttpRequestMessage(HttpMethod.Get, $"/Artikelbilder/{cover.PublicId}/1024");
        again.Headers.IfNoneMatch.Add(image.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, (await anonymous.SendAsync(again)).StatusCode);
        // The served preview carries no metadata of the upload and is not the original file.
        var bytes = await image.Content.ReadAsByteArrayAsync();
        Assert.NotEqual(TestImages.Png(1600, 900), bytes);

        // Audited by ids only: never the file name or the alt text.
        var metadata = await App.WithDbAsync(db => db.AuditEvents.Where(e => e.TargetId == cover.PublicId || e.TargetId == id).Select(e => e.MetadataJson).ToListAsync());
        Assert.All(metadata, m => Assert.DoesNotContain("Müller", m, StringComparison.Ordinal));
        Assert.All(metadata, m => Assert.DoesNotContain("Hebebühne", m, StringComparison.Ordinal));

        // Published: the images can no longer be changed; withdrawn: the images are gone for the public again.
        using (var scope = App.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LifeTimeCircle.Data.AppDbContext>();
            var published = await db.Articles.SingleAsync(a => a.PublicId == id);
            var images = scope.ServiceProvider.GetRequiredService<ArticleImages>();
            var ex = await Assert.ThrowsAsync<DomainException>(() => images.SetCoverAsync(new EditorialActor(published.AuthorId, Roles.Moderator), published, null, CancellationToken.None));
            Assert.Contains("„Veröffentlicht“", ex.Message, StringComparison.Ordinal);
            await Assert.ThrowsAsync<DomainException>(() => images.DeleteAsync(new EditorialActor(published.AuthorId, Roles.Moderator), published, cover.PublicId, CancellationToken.None));
        }
        await TransitionAsync(id, async (e, a) => await e.UnpublishAsync(await ActorAsync("bilder-redaktion@example.de", Roles.Superadmin), a, CancellationToken.None));
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/Artikelbilder/{cover.PublicId}/1024")).StatusCode);
    }

    [Fact]
    public async Task Infected_files_pdfs_and_images_without_description_are_refused_with_german_messages()
    {
        var moderator = await Flows.SignedInClientAsync(App, "bilder-abgelehnt@example.de", Roles.Moderator);
        var id = await WriteDraftAsync(moderator, "Abgelehnte Bilder", "abgelehnte-bilder");

        // Without a description: the form again, with the message at the field and nothing stored.
        var noAlt = await UploadAsync(moderator, id, TestImages.Png(20, 20), "a.png", "", cover: false);
        Assert.Equal(HttpStatusCode.OK, noAlt.StatusCode);
        var noAltPage = await Html.ParseAsync(noAlt);
        Assert.Contains("Bitte beschreiben Sie das Bild (Alternativtext).", noAltPage.QuerySelector(".error-summary")!.TextContent, StringComparison.Ordinal);
        // A PDF is no image: refused, its file deleted again.
        var pdf = await UploadAsync(moderator, id, ClamdFixture.CleanPdf("kein Bild"), "bild.pdf", "Ein PDF", cover: false);
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        var pdfPage = await Html.ParseAsync(pdf);
        Assert.Contains(ImageUploads.NotAnImage, Html.Text(pdfPage), StringComparison.Ordinal);
        Assert.Equal("Ein PDF", pdfPage.QuerySelector<IHtmlInputElement>("#Bild_AltText")!.Value);
        Assert.Equal(0, await App.WithDbAsync(db => db.UploadedImages.CountAsync(i => i.ArticleId == db.Articles.Single(a => a.PublicId == id).Id)));

        // Infected: accepted into quarantine, refused by clamd, never served, never in the body; the desk says so.
        Html.AssertRedirect(await UploadAsync(moderator, id, ClamdFixture.EicarPng, "virus.png", "Verseuchtes Bild", cover: true), "/Redaktion/Bilder/" + id);
        var infected = await ImageAsync("Verseuchtes Bild");
        await EditMarkdownAsync(moderator, id, $"Text.\n\n![Verseucht](bild:{infected.PublicId})");
        await Jobs.DrainAsync(App, ImageScanJob.Kind);
        infected = await ImageAsync("Verseuchtes Bild");
        Assert.Equal((ImageState.Refused, "INFECTED", false), (infected.State, infected.RefusalCode, infected.IsCover));
        Assert.DoesNotContain("<img", (await ArticleAsync(id)).Html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await moderator.GetAsync($"/Artikelbilder/{infected.PublicId}/320")).StatusCode);
        var (_, images) = await Html.GetAsync(moderator, "/Redaktion/Bilder/" + id);
        Assert.Contains("Verseuchtes Bild – abgelehnt", Html.Text(images), StringComparison.Ordinal);
        Assert.Contains("bei der Prüfung abgelehnt", Html.Text(images), StringComparison.Ordinal);
        Assert.Contains(await App.WithDbAsync(db => db.AuditEvents.Where(e => e.TargetId == infected.PublicId).Select(e => e.Action).ToListAsync()), a => a == AuditActions.UploadScannedInfected);

        // Deleting after the confirmation: row, file and previews are gone.
        var (_, confirm) = await Html.GetAsync(moderator, $"/Redaktion/Bilder/{id}?loeschen={infected.PublicId}");
        var delete = confirm.QuerySelectorAll<IHtmlFormElement>("main form[method=post]").Single(f => (f.GetAttribute("action") ?? "").Contains("handler=Delete", StringComparison.Ordinal));
        Html.AssertRedirect(await Html.SubmitFormAsync(moderator, delete, new Dictionary<string, string>()), "/Redaktion/Bilder/" + id);
        Assert.False(await App.WithDbAsync(db => db.UploadedImages.AnyAsync(i => i.PublicId == infected.PublicId)));
        Assert.False(File.Exists(App.Services.GetRequiredService<DocumentStorage>().PathFor(infected.StorageKey)));
        // Another article's image or an unknown one: 404, not a 500.
        var other = await WriteDraftAsync(moderator, "Zweiter Beitrag", "zweiter-beitrag-bilder");
        var (_, otherImages) = await Html.GetAsync(moderator, "/Redaktion/Bilder/" + other);
        var token = otherImages.QuerySelector<IHtmlInputElement>("input[name=__RequestVerificationToken]")!.Value;
        var forged = await moderator.PostAsync($"/Redaktion/Bilder/{other}?handler=Cover",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["ImageId"] = "AAAAAAAAAAAAAAAAAAAAAA" }));
        Assert.Equal(HttpStatusCode.NotFound, forged.StatusCode);
    }
}
