using LifeTimeCircle.Domain;
using LifeTimeCircle.Tests.Infrastructure;
using LifeTimeCircle.Tests.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace LifeTimeCircle.Tests.Browser;

/// <summary>
/// Every GET page of the app (from the endpoint catalog, so new pages are swept automatically) is opened in
/// Chromium at 320 px, with and without JavaScript, as the role that may see it, with the ids of real seeded objects:
/// the page exists (no 404), zero axe violations, no horizontal scrolling and no link or form whose URL could not be
/// built. The 404 page itself is checked on its own (<see cref="Error_pages_have_no_axe_violations"/>).
/// </summary>
public sealed class AccessibilitySweepTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private async Task<IPage> SignedInPageAsync(string email, string role, bool javaScript, bool twoFactor = false)
    {
        await browser.App.CreateUserAsync(email, role);
        return await browser.SignedInPageAsync(email, javaScript, width: 320, twoFactor: twoFactor);
    }

    /// <summary>Pages that answer with a file, not HTML: fetched with the page's cookies and checked for 200 only.</summary>
    private static readonly HashSet<string> Downloads = ["/Exporte/Datei", "/Public/Kalender", "/Blog/Feed", "/News/Feed", "/Fahrzeuge/Exporte/Tabelle",
        "/Fahrzeuge/Dokumente/Vorschau", "/Artikelbilder/Datei"];

    private async Task SweepAsync(IPage page, Func<SweepRequest, bool> include, string who, IReadOnlyDictionary<string, string>? ids = null)
    {
        var failures = new List<string>();
        var visited = 0;
        foreach (var r in EndpointCatalog.All(browser.App.Services, ids).Where(r => r.Method == "GET" && include(r)))
        {
            if (r.Url == "/Konto/Abmelden" && who != "anonym") continue; // visiting is harmless, but keep the session for the next pages
            if (r.Url.Contains(EndpointCatalog.Placeholder, StringComparison.Ordinal))
            {
                failures.Add($"{who} {r.Url}: ein Routenparameter hat kein angelegtes Objekt (SweepSeed ergänzen)");
                continue;
            }
            if (Downloads.Contains(r.ViewPath))
            {
                var file = await page.Context.APIRequest.GetAsync(r.Url);
                if (file.Status != 200) failures.Add($"{who} {r.Url}: Download {file.Status}");
                visited++;
                continue;
            }
            var response = await page.GotoAsync(r.Url);
            if (response is null || response.Status >= 500) { failures.Add($"{who} {r.Url}: {response?.Status}"); continue; }
            // With real ids every page exists; only the error page answers with the status it explains (GET /Fehler is the 404 page).
            if (response.Status == 404 && r.ViewPath != "/Fehler/Index") { failures.Add($"{who} {r.Url}: 404 – die Seite fehlt"); continue; }
            visited++;
            try
            {
                Assert.True(await page.Locator("a[href=''], a:not([href]), form[action='']").CountAsync() == 0,
                    $"{who} {r.Url}: Link oder Formular mit leerer URL (fehlt ein asp-route-Wert?)");
                await PageChecks.AssertAccessibleAsync(page, $"{who} {r.Url}");
                await PageChecks.AssertNoHorizontalScrollAsync(page, $"{who} {r.Url}");
                Assert.Equal(1, await page.Locator("h1").CountAsync());
                Assert.Equal("de", await page.Locator("html").GetAttributeAsync("lang"));
            }
            catch (Exception ex) when (ex is Xunit.Sdk.XunitException)
            {
                failures.Add(ex.Message);
            }
        }
        Assert.True(visited > 0);
        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Public_pages_have_no_axe_violations(bool javaScript)
    {
        var owner = $"a11y-public-owner-{javaScript}@example.de";
        await browser.App.CreateUserAsync(owner, Roles.Vip);
        var ids = await SweepSeed.OwnerObjectsAsync(browser.App, owner); // the mini-check /q/{token} of a shared vehicle
        var page = await browser.NewPageAsync(javaScript, width: 320);
        await SweepAsync(page, r => r.IsPublic, "anonym", ids);
        await page.Context.CloseAsync();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Pages_of_a_signed_in_owner_have_no_axe_violations(bool javaScript)
    {
        var email = $"a11y-owner-{javaScript}@example.de";
        var page = await SignedInPageAsync(email, Roles.Vip, javaScript);
        var ids = await SweepSeed.OwnerObjectsAsync(browser.App, email, entries: 60);
        await SweepAsync(page, r => !r.IsPublic && !r.ViewPath.StartsWith("/Admin/", StringComparison.Ordinal)
            && !r.ViewPath.StartsWith("/Redaktion/", StringComparison.Ordinal) && !r.ViewPath.StartsWith("/Betrieb/", StringComparison.Ordinal)
            // A workshop's recommendation and a system log's note need a workshop: swept with the business pages (as „kunde“).
            && r.ViewPath != "/Module/Empfehlung" && r.ViewPath != "/Fahrzeuge/Protokollbemerkung", "owner", ids);

        // The forms with errors and the odometer warning must be accessible too.
        await page.GotoAsync($"/Fahrzeuge/{ids["id"]}/Eintragung/Neu");
        await page.GetByLabel("Kilometerstand (km)").FillAsync("10");
        await page.GetByLabel("Kosten in Euro (optional)").FillAsync("1,2,3");
        await page.GetByRole(AriaRole.Button, new() { Name = "Eintrag speichern" }).ClickAsync();
        await PageChecks.AssertAccessibleAsync(page, "Eintrag mit Fehlern");
        await page.GetByLabel("Kosten in Euro (optional)").FillAsync("");
        await page.GetByLabel("Kategorie").SelectOptionAsync("Reparatur");
        await page.GetByLabel("Ausgeführt von").SelectOptionAsync("Eigenleistung");
        await page.GetByRole(AriaRole.Button, new() { Name = "Eintrag speichern" }).ClickAsync();
        await Assertions.Expect(page.Locator("h2#flags-title")).ToBeVisibleAsync();
        await PageChecks.AssertAccessibleAsync(page, "Zeitleiste mit Kilometer-Hinweis");
        await PageChecks.AssertNoHorizontalScrollAsync(page, "Zeitleiste mit Kilometer-Hinweis");

        // Trust folders (ADR 0023 §3): a folder the gate keeps closed, and the stage form with errors.
        await page.GotoAsync($"/Fahrzeuge/{ids["id"]}/Ordner/oldtimer");
        await Assertions.Expect(page.Locator("#gate-title")).ToBeVisibleAsync();
        await PageChecks.AssertAccessibleAsync(page, "Oldtimer-Ordner nicht aktiviert");
        await PageChecks.AssertNoHorizontalScrollAsync(page, "Oldtimer-Ordner nicht aktiviert");
        await page.GotoAsync($"/Fahrzeuge/{ids["id"]}/Ordner/restauration");
        await page.GetByLabel("Beginn").FillAsync("31.02.2023");
        await page.GetByLabel("Kosten in Euro (optional)").FillAsync("-5");
        await page.GetByRole(AriaRole.Button, new() { Name = "Etappe anlegen" }).ClickAsync();
        await Assertions.Expect(page.Locator(".error-summary")).ToBeVisibleAsync();
        await PageChecks.AssertAccessibleAsync(page, "Etappe mit Fehlern");
        await PageChecks.AssertNoHorizontalScrollAsync(page, "Etappe mit Fehlern");
        await page.Context.CloseAsync();
    }

    /// <summary>The workshop pages as an approved business with a profile and a customer vehicle (the Modul-Postfach with a proposal is in the owner sweep's reach too).</summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Pages_of_a_business_have_no_axe_violations(bool javaScript)
    {
        var owner = $"a11y-kunde-{javaScript}@example.de";
        await browser.App.CreateUserAsync(owner, Roles.Vip);
        var business = $"a11y-betrieb-{javaScript}@example.de";
        var ids = await SweepSeed.WithWorkshopAsync(browser.App, await SweepSeed.OwnerObjectsAsync(browser.App, owner), business);
        // Staff seats in every state the business's list shows (issue 16, Mitarbeitende).
        await LifeTimeCircle.Tests.Betrieb.WorkshopSeed.StaffSeatAsync(browser.App, business, $"a11y-team-{javaScript}@example.de");
        await LifeTimeCircle.Tests.Betrieb.WorkshopSeed.StaffSeatAsync(browser.App, business, $"a11y-wartet-{javaScript}@example.de", waiting: true);
        var code = await LifeTimeCircle.Tests.Betrieb.WorkshopSeed.OpenInviteAsync(browser.App, business, $"a11y-eingeladen-{javaScript}@example.de");
        var page = await browser.SignedInPageAsync(business, javaScript, width: 320);
        await SweepAsync(page, r => r.ViewPath.StartsWith("/Betrieb/", StringComparison.Ordinal), "betrieb", ids);
        await page.Context.CloseAsync();
        var staff = await browser.SignedInPageAsync($"a11y-team-{javaScript}@example.de", javaScript, width: 320);
        await SweepAsync(staff, r => r.ViewPath.StartsWith("/Betrieb/Kundenfahrzeuge/", StringComparison.Ordinal)
            || r.ViewPath.StartsWith("/Betrieb/Annahme/", StringComparison.Ordinal), "mitarbeiterin", ids);
        await staff.Context.CloseAsync();
        // The owner's side of the intake: Modul-Postfach with a proposal and a recommendation, the recommendation page, Modul-Ereignisse with a system log (issue 17).
        var customer = await browser.SignedInPageAsync(owner, javaScript, width: 320);
        await SweepAsync(customer, r => r.ViewPath is "/Module/Index" or "/Module/Empfehlung" || r.Url.EndsWith("/Modul-Ereignisse", StringComparison.Ordinal), "kunde", ids);
        await customer.Context.CloseAsync();
        // The invitation as the invitee sees it: anonymous with the code entered, then signed in before accepting.
        await browser.App.CreateUserAsync($"a11y-eingeladen-{javaScript}@example.de", Roles.User);
        var invitee = await browser.SignedInPageAsync($"a11y-eingeladen-{javaScript}@example.de", javaScript, width: 320);
        await invitee.GotoAsync("/Konto/Einladung");
        await invitee.GetByLabel("Einladungscode").FillAsync(code);
        await invitee.GetByRole(AriaRole.Button, new() { Name = "Einladung prüfen" }).ClickAsync();
        await Assertions.Expect(invitee.GetByRole(AriaRole.Button, new() { Name = "Einladung annehmen" })).ToBeVisibleAsync();
        await PageChecks.AssertAccessibleAsync(invitee, "Einladung annehmen");
        await PageChecks.AssertNoHorizontalScrollAsync(invitee, "Einladung annehmen");
        await invitee.Context.CloseAsync();
        var anonymous = await browser.NewPageAsync(javaScript, width: 320);
        await anonymous.GotoAsync("/Konto/Einladung#code=" + code);
        if (!javaScript) await anonymous.GetByLabel("Einladungscode").FillAsync(code);
        await anonymous.GetByRole(AriaRole.Button, new() { Name = "Einladung prüfen" }).ClickAsync();
        await Assertions.Expect(anonymous.Locator("#invite-title")).ToContainTextAsync("Sweep-Werkstatt");
        await PageChecks.AssertAccessibleAsync(anonymous, "Einladung (anonym)");
        await PageChecks.AssertNoHorizontalScrollAsync(anonymous, "Einladung (anonym)");
        await anonymous.Context.CloseAsync();
        var ownerPage = await browser.SignedInPageAsync(owner, javaScript, width: 320);
        await SweepAsync(ownerPage, r => r.ViewPath is "/Module/Index" or "/Fahrzeuge/Werkstatt/Index" or "/Fahrzeuge/Werkstatt/Annahme" or "/Fahrzeuge/Protokollbemerkung" or "/Fahrzeuge/Bereich", "owner-module", ids);
        await ownerPage.Context.CloseAsync();
    }

    [Fact]
    public async Task Admin_and_moderator_pages_have_no_axe_violations()
    {
        await browser.App.CreateUserAsync("a11y-doc-owner@example.de", Roles.Vip);
        var owned = await LifeTimeCircle.Tests.Fahrzeuge.VehicleSeed.CreateVehicleWithEntriesAsync(browser.App, "a11y-doc-owner@example.de", 1);
        await LifeTimeCircle.Tests.Fahrzeuge.DocumentSeed.CreateDocumentAsync(browser.App, owned.VehicleId);
        await browser.App.CreateUserAsync("a11y-moderator@example.de", Roles.Moderator);
        var articles = await LifeTimeCircle.Tests.Redaktion.ArticleSeed.WithArticlesAsync(browser.App, new Dictionary<string, string>(), "a11y-moderator@example.de");
        var admin = await SignedInPageAsync("a11y-admin@example.de", Roles.Admin, javaScript: true, twoFactor: true);
        // The support inbox's thread page (issue 19 item 3) needs a request: one of the document owner's.
        var docOwner = await browser.App.WithDbAsync(db => db.Users.Where(u => u.Email == "a11y-doc-owner@example.de").Select(u => u.Id).SingleAsync());
        var requestIds = new Dictionary<string, string> { ["requestId"] = await SweepSeed.SupportRequestAsync(browser.App, docOwner) };
        await SweepAsync(admin, r => r.ViewPath.StartsWith("/Admin/", StringComparison.Ordinal), "admin", requestIds);
        // Soft delete (issue 19 item 5): the account form and a vehicle's form, which need an account in the query.
        var docOwnerId = await browser.App.WithDbAsync(db => db.Users.Where(u => u.Email == "a11y-doc-owner@example.de").Select(u => u.Id).SingleAsync());
        foreach (var url in new[] { "/Admin/Entfernen?nutzer=" + docOwnerId, $"/Admin/Entfernen?nutzer={docOwnerId}&fahrzeug={owned.VehicleId}" })
        {
            Assert.Equal(200, (await admin.GotoAsync(url))!.Status);
            await PageChecks.AssertAccessibleAsync(admin, url);
            await PageChecks.AssertNoHorizontalScrollAsync(admin, url);
        }
        // The review page with its form and the changes since the last review.
        await SweepAsync(admin, r => r.ViewPath.StartsWith("/Redaktion/", StringComparison.Ordinal) && r.ViewPath != "/Redaktion/Veroeffentlichen", "admin", articles);
        await admin.Context.CloseAsync();
        // Staff seats beyond the free ones are the superadmin's (issue 16): the queue with a waiting seat.
        var ids = await SweepSeed.WithWorkshopAsync(browser.App, await SweepSeed.OwnerObjectsAsync(browser.App, "a11y-doc-owner@example.de"), "a11y-super-betrieb@example.de");
        await LifeTimeCircle.Tests.Betrieb.WorkshopSeed.StaffSeatAsync(browser.App, "a11y-super-betrieb@example.de", "a11y-super-wartet@example.de", waiting: true);
        var super = await SignedInPageAsync("a11y-super@example.de", Roles.Superadmin, javaScript: false, twoFactor: true);
        await SweepAsync(super, r => r.ViewPath == "/Admin/Mitarbeitende", "superadmin", ids);
        await Assertions.Expect(super.GetByRole(AriaRole.Button, new() { Name = "Freigeben für Sweep-Mitarbeiterin" })).ToBeVisibleAsync();
        await super.Context.CloseAsync();
        var superadmin = await SignedInPageAsync("a11y-superadmin@example.de", Roles.Superadmin, javaScript: false, twoFactor: true);
        await SweepAsync(superadmin, r => r.ViewPath == "/Redaktion/Veroeffentlichen", "superadmin", articles);
        await superadmin.Context.CloseAsync();
        var moderator = await browser.SignedInPageAsync("a11y-moderator@example.de", javaScript: false, width: 320);
        await SweepAsync(moderator, r => r.ViewPath.StartsWith("/Redaktion/", StringComparison.Ordinal)
            && r.ViewPath is not ("/Redaktion/Pruefen" or "/Redaktion/Veroeffentlichen"), "moderator", articles);
        // A draft's images (ADR 0024): the list with a cover and an image in the check, the upload form, a delete confirmation,
        // the upload form with errors, and the desk's preview with the cover — JS off here, JS on for the admin below.
        var draft = await LifeTimeCircle.Tests.Redaktion.ArticleSeed.DraftWithImagesAsync(browser.App, "a11y-moderator@example.de", "a11y-entwurf-mit-bildern");
        var cover = await browser.App.WithDbAsync(db => db.UploadedImages.Where(i => i.IsCover && i.ArticleId == db.Articles.Single(a => a.PublicId == draft).Id).Select(i => i.PublicId).SingleAsync());
        await CheckImagePagesAsync(moderator, draft, cover, "moderator");
        await moderator.Context.CloseAsync();
        var imagesAdmin = await SignedInPageAsync("a11y-bilder-admin@example.de", Roles.Admin, javaScript: true, twoFactor: true);
        await CheckImagePagesAsync(imagesAdmin, draft, cover, "admin");
        await imagesAdmin.Context.CloseAsync();
    }

    private static async Task CheckImagePagesAsync(IPage page, string draft, string cover, string who)
    {
        foreach (var url in new[] { $"/Redaktion/Bearbeiten/{draft}", $"/Redaktion/Bilder/{draft}", $"/Redaktion/Bilder/{draft}?loeschen={cover}", $"/Redaktion/Beitrag/{draft}" })
        {
            Assert.Equal(200, (await page.GotoAsync(url))!.Status);
            await PageChecks.AssertAccessibleAsync(page, $"{who} {url}");
            await PageChecks.AssertNoHorizontalScrollAsync(page, $"{who} {url}");
        }
        Assert.Equal(1, await page.Locator("main figure.cover img[alt='Werkstatt von innen']").CountAsync());
        await page.GotoAsync($"/Redaktion/Bilder/{draft}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Bild hochladen" }).ClickAsync();
        await Assertions.Expect(page.Locator(".error-summary")).ToContainTextAsync("Bitte wählen Sie ein Bild aus.");
        await PageChecks.AssertAccessibleAsync(page, $"{who} Bild-Upload mit Fehlern");
    }

    [Fact]
    public async Task Error_pages_have_no_axe_violations()
    {
        var page = await browser.NewPageAsync(javaScript: false, width: 320);
        var response = await page.GotoAsync("/gibt-es-nicht");
        Assert.Equal(404, response!.Status);
        await PageChecks.AssertAccessibleAsync(page, "404");
        var user = await SignedInPageAsync("a11y-403@example.de", Roles.User, javaScript: true);
        var forbidden = await user.GotoAsync("/Admin");
        Assert.Equal(403, forbidden!.Status);
        await PageChecks.AssertAccessibleAsync(user, "403");
        await page.Context.CloseAsync();
        await user.Context.CloseAsync();
    }
}
