using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Cms;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace LifeTimeCircle.Tests.Browser;

/// <summary>
/// Issue 20 in a real browser: a moderator writes a draft with a heading, a list, a link, an embedded script and an
/// onerror image and submits it; an admin approves it; a superadmin publishes it; an anonymous visitor on a 320 px
/// phone without JavaScript reads it without script or handler and finds it in the Atom feed. axe on every page.
/// </summary>
public sealed class BlogBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_moderators_article_is_reviewed_published_and_read_on_a_phone_without_script()
    {
        await browser.App.CreateUserAsync("moderatorin-browser@example.de", Roles.Moderator);
        await browser.App.CreateUserAsync("admin-browser-blog@example.de", Roles.Admin);
        await browser.App.CreateUserAsync("super-browser-blog@example.de", Roles.Superadmin);

        // The moderator writes on a phone without JavaScript.
        var moderator = await browser.SignedInPageAsync("moderatorin-browser@example.de", javaScript: false, width: 320);
        await moderator.GotoAsync("/Redaktion");
        await moderator.GetByRole(AriaRole.Link, new() { Name = "Neuer Beitrag" }).ClickAsync();
        await PageChecks.AssertAccessibleAsync(moderator, "Neuer Beitrag");
        await PageChecks.AssertNoHorizontalScrollAsync(moderator, "Neuer Beitrag");
        await moderator.GetByLabel("Blog").CheckAsync();
        await moderator.GetByLabel("Titel").FillAsync("Reifenwechsel im Browser");
        await moderator.GetByLabel("Anreißer").FillAsync("Wann Winterreifen drauf müssen und was ins Serviceheft gehört.");
        await moderator.GetByLabel("Text (Markdown)").FillAsync(
            "## Die Regel\n\n- von O bis O\n- mindestens 4 mm\n\nSiehe [ADAC](https://www.adac.de/).\n\n<script>document.title='gehackt'</script>\n\n<img src=x onerror=\"document.title='gehackt'\">");
        await moderator.GetByRole(AriaRole.Button, new() { Name = "Entwurf speichern" }).ClickAsync();
        await Assertions.Expect(moderator.Locator("[role=status]")).ToContainTextAsync("Entwurf ist gespeichert");
        await Assertions.Expect(moderator.Locator(".preview li").First).ToHaveTextAsync("von O bis O");
        await PageChecks.AssertAccessibleAsync(moderator, "Beitrag (Entwurf)");
        await PageChecks.AssertNoHorizontalScrollAsync(moderator, "Beitrag (Entwurf)");
        await moderator.GetByRole(AriaRole.Button, new() { Name = "Zur Prüfung einreichen" }).ClickAsync();
        await Assertions.Expect(moderator.Locator("[role=status]")).ToContainTextAsync("zur Prüfung eingereicht");
        var id = await browser.App.WithDbAsync(db => db.Articles.Where(a => a.Title == "Reifenwechsel im Browser").Select(a => a.PublicId).SingleAsync());

        // The admin approves with the keyboard.
        var admin = await browser.SignedInPageAsync("admin-browser-blog@example.de", javaScript: true, width: 1280, twoFactor: true);
        await admin.GotoAsync("/Redaktion");
        await admin.GetByRole(AriaRole.Link, new() { Name = "Reifenwechsel im Browser" }).ClickAsync();
        await admin.GetByRole(AriaRole.Link, new() { Name = "Prüfen", Exact = true }).ClickAsync();
        await PageChecks.AssertAccessibleAsync(admin, "Prüfen");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Freigeben", Exact = true }).FocusAsync();
        await admin.Keyboard.PressAsync("Enter");
        await Assertions.Expect(admin.Locator("[role=status]")).ToContainTextAsync("freigegeben");

        // The superadmin publishes.
        var superadmin = await browser.SignedInPageAsync("super-browser-blog@example.de", javaScript: true, width: 1280, twoFactor: true);
        await superadmin.GotoAsync($"/Redaktion/Beitrag/{id}");
        await superadmin.GetByRole(AriaRole.Link, new() { Name = "Veröffentlichen oder zurückziehen" }).ClickAsync();
        await PageChecks.AssertAccessibleAsync(superadmin, "Veröffentlichen");
        await superadmin.GetByRole(AriaRole.Button, new() { Name = "Jetzt veröffentlichen" }).ClickAsync();
        await Assertions.Expect(superadmin.Locator("[role=status]")).ToContainTextAsync("veröffentlicht");
        Assert.Equal(ArticleState.Published, await browser.App.WithDbAsync(db => db.Articles.Where(a => a.PublicId == id).Select(a => a.State).SingleAsync()));

        // An anonymous visitor on a phone, JavaScript on (so a surviving script would run) and off.
        foreach (var javaScript in new[] { true, false })
        {
            var visitor = await browser.NewPageAsync(javaScript, width: 320);
            await visitor.GotoAsync("/");
            await visitor.Locator("footer").GetByRole(AriaRole.Link, new() { Name = "Blog", Exact = true }).ClickAsync();
            await PageChecks.AssertAccessibleAsync(visitor, "Blog-Liste");
            await visitor.GetByRole(AriaRole.Link, new() { Name = "Reifenwechsel im Browser" }).ClickAsync();
            await Assertions.Expect(visitor.Locator("h1")).ToHaveTextAsync("Reifenwechsel im Browser");
            await Assertions.Expect(visitor).ToHaveTitleAsync("Reifenwechsel im Browser – LifeTimeCircle");
            Assert.Equal(0, await visitor.Locator("main script, main [onerror], main img").CountAsync());
            Assert.Equal("noopener nofollow", await visitor.Locator("main a[href='https://www.adac.de/']").GetAttributeAsync("rel"));
            await PageChecks.AssertAccessibleAsync(visitor, "Artikel");
            await PageChecks.AssertNoHorizontalScrollAsync(visitor, "Artikel");
            var feed = await visitor.Context.APIRequest.GetAsync("/Blog/Feed");
            Assert.Equal(200, feed.Status);
            Assert.Contains("/Blog/reifenwechsel-im-browser", await feed.TextAsync(), StringComparison.Ordinal);
            await visitor.Context.CloseAsync();
        }
    }
}
