using System.Net;
using AngleSharp.Html.Dom;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Cms;
using LifeTimeCircle.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Tests.Redaktion;

/// <summary>
/// Issue 20 through the real forms: a moderator writes a draft with a heading, a list, a link, a script and an onerror
/// image; an admin sends it back and approves it; a superadmin publishes it; anonymous visitors read it without script
/// or handler. Every transition and every forbidden one is tried per role (moderator, admin, superadmin).
/// </summary>
public sealed class EditorialFlowTests(LtcFactory factory) : IClassFixture<LtcFactory>
{
    private const string Hostile = "# Wartung im Winter\n\n- Batterie prüfen\n- Reifen wechseln\n\nMehr bei [ADAC](https://www.adac.de/).\n\n<script>alert('xss')</script>\n\n<img src=x onerror=alert(1)>";

    private static IHtmlFormElement Form(IHtmlDocument doc, string handler) =>
        doc.QuerySelectorAll<IHtmlFormElement>("main form[method=post]").FirstOrDefault(f => (f.GetAttribute("action") ?? "").Contains("handler=" + handler, StringComparison.Ordinal))
        ?? throw new InvalidOperationException($"Kein Formular für {handler}:\n{doc.DocumentElement.OuterHtml}");

    /// <summary>A real form of the page (with its antiforgery token) aimed at another page's handler: what a forged request looks like.</summary>
    private static async Task<HttpResponseMessage> PostElsewhereAsync(HttpClient client, IHtmlDocument doc, string url)
    {
        var form = doc.QuerySelector<IHtmlFormElement>("main form[method=post], form[method=post]")!;
        form.SetAttribute("action", url);
        return await Html.SubmitFormAsync(client, form, new Dictionary<string, string> { ["Input.ReviewNote"] = "x", ["PublishAt"] = "2027-01-01T08:00" });
    }

    private async Task<string> WriteDraftAsync(HttpClient moderator, string title, string markdown, string slug = "")
    {
        var (_, page) = await Html.GetAsync(moderator, "/Redaktion/Neu");
        var response = await Html.SubmitAsync(moderator, page, new Dictionary<string, string>
        {
            ["Input.Kind"] = "Blog", ["Input.Title"] = title, ["Input.Slug"] = slug, ["Input.Teaser"] = "Worauf es im Winter ankommt.", ["Input.Markdown"] = markdown,
        });
        Html.AssertRedirect(response, "/Redaktion/Beitrag/");
        return response.Headers.Location!.OriginalString.Split('/')[^1];
    }

    private Task<Article> ArticleAsync(string id) => factory.WithDbAsync(db => db.Articles.AsNoTracking().SingleAsync(a => a.PublicId == id));

    [Fact]
    public async Task A_hostile_draft_goes_through_review_and_publishing_and_reaches_the_public_without_script()
    {
        var moderator = await Flows.SignedInClientAsync(factory, "redaktion@example.de", Roles.Moderator);
        var id = await WriteDraftAsync(moderator, "Wartung im Winter", Hostile);

        // The preview is exactly the stored, sanitised HTML.
        var stored = await ArticleAsync(id);
        Assert.Equal((ArticleState.Draft, "wartung-im-winter"), (stored.State, stored.Slug));
        var (_, desk) = await Html.GetAsync(moderator, "/Redaktion/Beitrag/" + id);
        Assert.Equal(stored.Html, desk.QuerySelector(".preview .article-body")!.InnerHtml);
        ArticleHtmlTests.AssertHarmless(stored.Html, Hostile);
        Assert.Contains("<h2>Wartung im Winter</h2>", stored.Html, StringComparison.Ordinal);
        Assert.Contains("<li>Reifen wechseln</li>", stored.Html, StringComparison.Ordinal);
        Assert.Contains("rel=\"noopener nofollow\"", stored.Html, StringComparison.Ordinal);

        // Forbidden for the moderator: review and publishing pages, and handlers reached with a valid token.
        Assert.Equal(HttpStatusCode.Forbidden, (await moderator.GetAsync("/Redaktion/Pruefen/" + id)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await moderator.GetAsync("/Redaktion/Veroeffentlichen/" + id)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await PostElsewhereAsync(moderator, desk, $"/Redaktion/Pruefen/{id}?handler=Approve")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await PostElsewhereAsync(moderator, desk, $"/Redaktion/Veroeffentlichen/{id}?handler=Publish")).StatusCode);
        Assert.Equal(ArticleState.Draft, (await ArticleAsync(id)).State);

        // Submit.
        Html.AssertRedirect(await Html.SubmitFormAsync(moderator, Form(desk, "Submit"), new Dictionary<string, string>()), "/Redaktion/Beitrag/" + id);
        Assert.Equal(ArticleState.InReview, (await ArticleAsync(id)).State);
        // In review the text is frozen: the edit form is gone, and a forged edit is refused with the German reason.
        var (_, frozen) = await Html.GetAsync(moderator, "/Redaktion/Bearbeiten/" + id);
        Assert.Contains("kann nicht bearbeitet werden", Html.Text(frozen), StringComparison.Ordinal);

        // The admin: cannot publish, must comment when sending back.
        var (admin, _) = await Flows.AdminClientAsync(factory, "pruefung@example.de");
        Assert.Equal(HttpStatusCode.Forbidden, (await admin.GetAsync("/Redaktion/Veroeffentlichen/" + id)).StatusCode);
        var (_, review) = await Html.GetAsync(admin, "/Redaktion/Pruefen/" + id);
        Assert.Equal(HttpStatusCode.Forbidden, (await PostElsewhereAsync(admin, review, $"/Redaktion/Veroeffentlichen/{id}?handler=Publish")).StatusCode);
        (_, review) = await Html.GetAsync(admin, "/Redaktion/Pruefen/" + id);
        var noComment = await Html.SubmitAsync(admin, review, new Dictionary<string, string> { ["Input.ReviewNote"] = "" }, submitButtonSelector: "button[formaction*='SendBack']");
        Assert.Equal(HttpStatusCode.OK, noComment.StatusCode);
        Assert.Contains("Bitte schreiben Sie, was geändert werden soll.", Html.Text(await Html.ParseAsync(noComment)), StringComparison.Ordinal);
        Html.AssertRedirect(await Html.SubmitAsync(admin, review, new Dictionary<string, string> { ["Input.ReviewNote"] = "Bitte das Skript entfernen und die Liste ergänzen." },
            submitButtonSelector: "button[formaction*='SendBack']"), "/Redaktion/Beitrag/" + id);
        Assert.Equal(ArticleState.Draft, (await ArticleAsync(id)).State);

        // The moderator reads the comment, edits (a new revision) and submits again; the desk shows the changes since the review.
        var (_, edit) = await Html.GetAsync(moderator, "/Redaktion/Bearbeiten/" + id);
        Html.AssertRedirect(await Html.SubmitAsync(moderator, edit, new Dictionary<string, string> { ["Input.Markdown"] = Hostile + "\n\n- Scheibenwischer tauschen" }), "/Redaktion/Beitrag/" + id);
        (_, desk) = await Html.GetAsync(moderator, "/Redaktion/Beitrag/" + id);
        Assert.Contains("Bitte das Skript entfernen", Html.Text(desk), StringComparison.Ordinal);
        Assert.Contains(desk.QuerySelectorAll(".diff-added"), l => l.TextContent.Contains("Scheibenwischer tauschen", StringComparison.Ordinal));
        Html.AssertRedirect(await Html.SubmitFormAsync(moderator, Form(desk, "Submit"), new Dictionary<string, string>()), "/Redaktion/Beitrag/" + id);

        // Approve.
        (_, review) = await Html.GetAsync(admin, "/Redaktion/Pruefen/" + id);
        Assert.NotNull(review.QuerySelector(".diff-added"));
        Html.AssertRedirect(await Html.SubmitAsync(admin, review, new Dictionary<string, string> { ["Input.ReviewNote"] = "" }, submitButtonSelector: "button[formaction*='Approve']"),
            "/Redaktion/Beitrag/" + id);
        Assert.Equal((ArticleState.Approved, 2), ((await ArticleAsync(id)).State, (await ArticleAsync(id)).ReviewedRevision!.Value));
        // Still not public.
        Assert.Equal(HttpStatusCode.NotFound, (await factory.CreateBrowserClient().GetAsync("/Blog/wartung-im-winter")).StatusCode);

        // The superadmin publishes.
        var (superadmin, _) = await Flows.AdminClientAsync(factory, "chefredaktion@example.de", Roles.Superadmin);
        var (_, publish) = await Html.GetAsync(superadmin, "/Redaktion/Veroeffentlichen/" + id);
        Html.AssertRedirect(await Html.SubmitFormAsync(superadmin, Form(publish, "Publish"), new Dictionary<string, string>()), "/Redaktion/Beitrag/" + id);
        Assert.Equal(ArticleState.Published, (await ArticleAsync(id)).State);

        // An anonymous visitor reads it: no script, no handler; the list and the feed have it.
        var anonymous = factory.CreateBrowserClient();
        var (response, article) = await Html.GetAsync(anonymous, "/Blog/wartung-im-winter");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        ArticleHtmlTests.AssertHarmless(article.QuerySelector("main")!.InnerHtml, Hostile);
        Assert.Equal("Reifen wechseln", article.QuerySelectorAll("main .article-body li")[1].TextContent);
        Assert.Contains("Wartung im Winter", Html.Text((await Html.GetAsync(anonymous, "/Blog")).Document), StringComparison.Ordinal);
        Assert.Contains("/Blog/wartung-im-winter", await anonymous.GetStringAsync("/Blog/Feed"), StringComparison.Ordinal);

        // Every state change audited, without title or text.
        var actions = await factory.WithDbAsync(db => db.AuditEvents.Where(e => e.TargetId == id).OrderBy(e => e.Id).Select(e => e.Action).ToListAsync());
        Assert.Equal(
            [AuditActions.ArticleCreated, AuditActions.ArticleSubmitted, AuditActions.ArticleSentBack, AuditActions.ArticleUpdated,
             AuditActions.ArticleSubmitted, AuditActions.ArticleApproved, AuditActions.ArticlePublished],
            actions);
        var metadata = await factory.WithDbAsync(db => db.AuditEvents.Where(e => e.TargetId == id).Select(e => e.MetadataJson).ToListAsync());
        Assert.All(metadata, m => Assert.DoesNotContain("Winter", m, StringComparison.Ordinal));

        // Withdraw: the superadmin only; the public page is gone again.
        Assert.Equal(HttpStatusCode.Forbidden, (await PostElsewhereAsync(admin, review, $"/Redaktion/Veroeffentlichen/{id}?handler=Unpublish")).StatusCode);
        (_, publish) = await Html.GetAsync(superadmin, "/Redaktion/Veroeffentlichen/" + id);
        Html.AssertRedirect(await Html.SubmitFormAsync(superadmin, Form(publish, "Unpublish"), new Dictionary<string, string>()), "/Redaktion/Beitrag/" + id);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/Blog/wartung-im-winter")).StatusCode);
    }

    [Fact]
    public async Task A_moderator_reaches_only_their_own_articles_and_other_roles_not_the_desk_at_all()
    {
        var author = await Flows.SignedInClientAsync(factory, "autorin@example.de", Roles.Moderator);
        var id = await WriteDraftAsync(author, "Mein eigener Beitrag", "Ein Text mit genug Zeichen.");
        var other = await Flows.SignedInClientAsync(factory, "andere-redaktion@example.de", Roles.Moderator);
        foreach (var page in new[] { "/Redaktion/Beitrag/", "/Redaktion/Bearbeiten/" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(page + id)).StatusCode);
        }
        Assert.DoesNotContain("Mein eigener Beitrag", Html.Text((await Html.GetAsync(other, "/Redaktion")).Document), StringComparison.Ordinal);
        Assert.Contains("Mein eigener Beitrag", Html.Text((await Html.GetAsync(author, "/Redaktion")).Document), StringComparison.Ordinal);

        var user = await Flows.SignedInClientAsync(factory, "leserin@example.de", Roles.Vip);
        Assert.Equal(HttpStatusCode.Forbidden, (await user.GetAsync("/Redaktion/Beitrag/" + id)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await user.GetAsync("/Redaktion/Neu")).StatusCode);
    }

    [Fact]
    public async Task Bad_input_keeps_what_was_typed_and_a_taken_slug_is_refused()
    {
        var moderator = await Flows.SignedInClientAsync(factory, "eingabe@example.de", Roles.Moderator);
        await WriteDraftAsync(moderator, "Erster Beitrag", "Ein Text mit genug Zeichen.", "doppelt-vergeben");
        var (_, page) = await Html.GetAsync(moderator, "/Redaktion/Neu");
        var response = await Html.SubmitAsync(moderator, page, new Dictionary<string, string>
        {
            ["Input.Kind"] = "Blog", ["Input.Title"] = "Zweiter Beitrag", ["Input.Slug"] = "doppelt-vergeben", ["Input.Teaser"] = "Ein Anreißer mit Text.", ["Input.Markdown"] = "Mein langer Text bleibt erhalten.",
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var doc = await Html.ParseAsync(response);
        Assert.Contains("Diese Adresse ist schon vergeben.", Html.Text(doc), StringComparison.Ordinal);
        Assert.Equal("Mein langer Text bleibt erhalten.", doc.QuerySelector<IHtmlTextAreaElement>("#Input_Markdown")!.Value);

        (_, page) = await Html.GetAsync(moderator, "/Redaktion/Neu");
        response = await Html.SubmitAsync(moderator, page, new Dictionary<string, string>
        {
            ["Input.Kind"] = "Podcast", ["Input.Title"] = "", ["Input.Slug"] = "Große Buchstaben", ["Input.Teaser"] = "kurz", ["Input.Markdown"] = "",
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Bitte geben Sie einen Titel an.", Html.Text(await Html.ParseAsync(response)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_scheduled_article_is_published_by_the_job_at_its_time()
    {
        await factory.CreateUserAsync("plan-redaktion@example.de", Roles.Moderator);
        var id = await ArticleSeed.PublishedAsync(factory, "plan-redaktion@example.de", ArticleKind.News, "geplant-und-zurueck");
        var (superadmin, _) = await Flows.AdminClientAsync(factory, "plan-chef@example.de", Roles.Superadmin);
        // Withdraw, then plan for tomorrow 08:00 Berlin time.
        var (_, publish) = await Html.GetAsync(superadmin, "/Redaktion/Veroeffentlichen/" + id);
        Html.AssertRedirect(await Html.SubmitFormAsync(superadmin, Form(publish, "Unpublish"), new Dictionary<string, string>()), "/Redaktion/Beitrag/");
        (_, publish) = await Html.GetAsync(superadmin, "/Redaktion/Veroeffentlichen/" + id);
        var past = await Html.SubmitFormAsync(superadmin, Form(publish, "Schedule"), new Dictionary<string, string> { ["PublishAt"] = "2020-01-01T08:00" });
        Assert.Equal(HttpStatusCode.OK, past.StatusCode);
        Assert.Contains("in der Zukunft", Html.Text(await Html.ParseAsync(past)), StringComparison.Ordinal);
        var when = LifeTimeCircle.Web.Display.InBerlin(factory.Clock.GetUtcNow()).Date.AddDays(1).AddHours(8);
        Html.AssertRedirect(await Html.SubmitFormAsync(superadmin, Form(publish, "Schedule"), new Dictionary<string, string> { ["PublishAt"] = when.ToString("yyyy-MM-dd'T'HH:mm", System.Globalization.CultureInfo.InvariantCulture) }),
            "/Redaktion/Beitrag/");
        Assert.Equal(ArticleState.Scheduled, (await ArticleAsync(id)).State);

        await Jobs.DrainAsync(factory, LifeTimeCircle.Infrastructure.Cms.ScheduledPublishing.Kind);
        Assert.Equal(HttpStatusCode.NotFound, (await factory.CreateBrowserClient().GetAsync("/News/geplant-und-zurueck")).StatusCode);
        factory.Clock.Advance(TimeSpan.FromDays(2));
        await Jobs.DrainAsync(factory, LifeTimeCircle.Infrastructure.Cms.ScheduledPublishing.Kind);
        var published = await ArticleAsync(id);
        Assert.Equal(ArticleState.Published, published.State);
        Assert.Equal(8, LifeTimeCircle.Web.Display.InBerlin(published.PublishedAt!.Value).Hour);
        Assert.Equal(HttpStatusCode.OK, (await factory.CreateBrowserClient().GetAsync("/News/geplant-und-zurueck")).StatusCode);
    }
}
