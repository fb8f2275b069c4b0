using System.Net;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Tests.Infrastructure;

namespace LifeTimeCircle.Tests.Security;

/// <summary>
/// Sweeps over every page and POST handler of the app (EndpointCatalog grows with the product):
/// no header creates identity, moderators are fenced into blog/news, and consent gates every product page.
/// </summary>
public sealed class SweepTests(LtcFactory factory) : IClassFixture<LtcFactory>
{
    private static readonly (string Name, string Value)[] SpoofHeaders =
    [
        ("X-LTC-ROLE", "superadmin"), ("X-LTC-UID", "1"), ("X-Role", "admin"), ("X-User-Id", "1"), ("X-User", "admin@example.de"),
        ("X-Forwarded-User", "admin@example.de"), ("X-Remote-User", "admin"), ("Remote-User", "admin"), ("X-Auth-Request-Email", "admin@example.de"),
        ("X-Authenticated-User", "admin"), ("X-MS-CLIENT-PRINCIPAL-NAME", "admin"), ("X-Forwarded-For", "127.0.0.1"), ("Authorization", "Bearer admin"),
    ];

    /// <summary>Pages a moderator may use besides public pages: own account, consent, sign-out and the blog/news desk.</summary>
    private static bool ModeratorMayUse(SweepRequest r) =>
        r.IsPublic || r.ViewPath.StartsWith("/Konto/", StringComparison.Ordinal) || r.ViewPath.StartsWith("/Redaktion/", StringComparison.Ordinal);

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, SweepRequest r, bool spoof)
    {
        var request = new HttpRequestMessage(new HttpMethod(r.Method), r.Url);
        request.Headers.Accept.ParseAdd("text/html");
        if (r.Method == "POST") request.Content = new FormUrlEncodedContent([]);
        if (spoof)
        {
            foreach (var (name, value) in SpoofHeaders) request.Headers.TryAddWithoutValidation(name, value);
        }
        return await client.SendAsync(request);
    }

    private static string Outcome(HttpResponseMessage r) => $"{(int)r.StatusCode} {LocationPath(r)}";

    private static string? LocationPath(HttpResponseMessage r) =>
        r.Headers.Location is null ? null : (r.Headers.Location.IsAbsoluteUri ? r.Headers.Location.AbsolutePath : r.Headers.Location.OriginalString.Split('?')[0]);

    [Fact]
    public void The_catalog_finds_the_product_pages()
    {
        var all = EndpointCatalog.All(factory.Services);
        Assert.Contains(all, r => r.Url == "/Dashboard" && r.Method == "GET");
        Assert.Contains(all, r => r.Url == "/Konto/Bestaetigen?handler=Resend" && r.Method == "POST");
        Assert.Contains(all, r => r.Url == "/Admin/Audit");
        // Issue 19: the new pages are swept like every other (admins only for /Admin; /Tarife public, its request form product-only).
        Assert.Contains(all, r => r.Url == "/Admin/Audit?handler=Csv" && r.Method == "POST");
        Assert.Contains(all, r => r.Url == "/Admin/Anfragen?handler=Resolve" && r.Method == "POST");
        Assert.Contains(all, r => r.Url == "/Admin/Freischaltungen?handler=Grant" && r.Method == "POST");
        Assert.Contains(all, r => r.Url == "/Admin/Freischaltungen?handler=Revoke" && r.Method == "POST");
        Assert.Contains(all, r => r.Url == "/Tarife" && r.IsPublic);
        Assert.Contains(all, r => r.Url == "/Tarife/Anfrage" && !r.IsPublic);
        Assert.True(all.Count > 30, string.Join("\n", all));
    }

    [Fact]
    public async Task No_header_ever_creates_identity_for_an_anonymous_caller()
    {
        var failures = new List<string>();
        foreach (var r in EndpointCatalog.All(factory.Services))
        {
            var plain = await SendAsync(factory.CreateBrowserClient(), r, spoof: false);
            var spoofed = await SendAsync(factory.CreateBrowserClient(), r, spoof: true);
            if (Outcome(plain) != Outcome(spoofed)) failures.Add($"{r}: ohne Header {Outcome(plain)}, mit Header {Outcome(spoofed)}");
            if (!r.IsPublic && !(spoofed.StatusCode == HttpStatusCode.Redirect && LocationPath(spoofed) == "/Konto/Anmelden"))
            {
                failures.Add($"{r}: geschützt, aber {Outcome(spoofed)}");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task Headers_do_not_change_what_a_signed_in_user_may_do()
    {
        var client = await Flows.SignedInClientAsync(factory, "kopf@example.de");
        var failures = new List<string>();
        foreach (var r in EndpointCatalog.All(factory.Services).Where(r => r.ViewPath.StartsWith("/Admin/", StringComparison.Ordinal) || r.ViewPath.StartsWith("/Redaktion/", StringComparison.Ordinal)))
        {
            var spoofed = await SendAsync(client, r, spoof: true);
            if (spoofed.StatusCode != HttpStatusCode.Forbidden) failures.Add($"{r}: {Outcome(spoofed)}");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task A_moderator_gets_403_everywhere_except_blog_news_account_and_public_pages()
    {
        var client = await Flows.SignedInClientAsync(factory, "moderation@example.de", Roles.Moderator);
        var failures = new List<string>();
        var checkedCount = 0;
        foreach (var r in EndpointCatalog.All(factory.Services).Where(r => !ModeratorMayUse(r)))
        {
            checkedCount++;
            var response = await SendAsync(client, r, spoof: true);
            if (response.StatusCode != HttpStatusCode.Forbidden) failures.Add($"{r}: {Outcome(response)}");
            else
            {
                var doc = await Html.ParseAsync(response);
                if (!Html.Text(doc).Contains("Kein Zugriff", StringComparison.Ordinal)) failures.Add($"{r}: 403 ohne deutsche Fehlerseite");
            }
        }
        Assert.True(checkedCount >= 5, "zu wenige Endpunkte geprüft: " + checkedCount);
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        var desk = await client.GetAsync("/Redaktion");
        Assert.Equal(HttpStatusCode.OK, desk.StatusCode);
    }

    [Fact]
    public async Task Without_current_consent_every_product_page_leads_to_the_consent_page()
    {
        var withConsent = await Flows.SignedInClientAsync(factory, "mit-einwilligung@example.de", Roles.Vip);
        var without = await Flows.SignedInClientAsync(factory, "ohne-einwilligung@example.de", Roles.Vip, consent: false);
        // Workshop pages are for business accounts: the same check with a dealer pair.
        var businessWith = await Flows.SignedInClientAsync(factory, "betrieb-mit-einwilligung@example.de", Roles.Dealer);
        var businessWithout = await Flows.SignedInClientAsync(factory, "betrieb-ohne-einwilligung@example.de", Roles.Dealer, consent: false);
        var failures = new List<string>();
        var gated = 0;
        var gatedBusiness = 0;
        foreach (var r in EndpointCatalog.All(factory.Services).Where(r => r.Method == "GET" && !r.IsPublic && !r.AllowWithoutConsent))
        {
            var isBusinessPage = r.ViewPath.StartsWith("/Betrieb/", StringComparison.Ordinal);
            var allowed = await SendAsync(isBusinessPage ? businessWith : withConsent, r, spoof: false);
            if (allowed.StatusCode == HttpStatusCode.Forbidden) continue; // not this role's page at all
            gated++;
            if (isBusinessPage) gatedBusiness++;
            var blocked = await SendAsync(isBusinessPage ? businessWithout : without, r, spoof: false);
            if (!(blocked.StatusCode == HttpStatusCode.Redirect && LocationPath(blocked) == "/Konto/Einwilligung"))
            {
                failures.Add($"{r}: {Outcome(blocked)}");
            }
        }
        Assert.True(gated >= 3, "zu wenige Produktseiten gefunden");
        Assert.True(gatedBusiness >= 3, "zu wenige Betriebsseiten gefunden: " + gatedBusiness);
        Assert.True(failures.Count == 0, string.Join("\n", failures));

        // The consent flow, sign-out and public pages stay reachable.
        Assert.Equal(HttpStatusCode.OK, (await without.GetAsync("/Konto/Einwilligung")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await without.GetAsync("/Rechtliches/Agb")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await without.GetAsync("/")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await without.GetAsync("/Konto/Abmelden")).StatusCode);
    }

    /// <summary>
    /// Issue 22: the exemptions are narrow. Without consent an admin may open the TOTP set-up and switch TOTP on (admin pages
    /// need it), nothing else of the account pages; a user may do neither.
    /// </summary>
    [Fact]
    public async Task Without_consent_only_an_admins_totp_setup_stays_reachable()
    {
        var admin = await Flows.SignedInClientAsync(factory, "admin-ohne-einwilligung@example.de", Roles.Admin, consent: false);
        var user = await Flows.SignedInClientAsync(factory, "nutzer-ohne-einwilligung@example.de", Roles.Vip, consent: false);
        foreach (var client in new[] { admin, user })
        {
            var security = await client.GetAsync("/Konto/Sicherheit");
            Assert.True(security.StatusCode == HttpStatusCode.Redirect && LocationPath(security) == "/Konto/Einwilligung", Outcome(security));
        }
        var userSetup = await user.GetAsync("/Konto/ZweiFaktor");
        Assert.True(userSetup.StatusCode == HttpStatusCode.Redirect && LocationPath(userSetup) == "/Konto/Einwilligung", Outcome(userSetup));

        var (response, setup) = await Html.GetAsync(admin, "/Konto/ZweiFaktor");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // Switching on is exempt: a wrong code is answered by the page itself, not by the consent gate.
        var enable = setup.QuerySelector<AngleSharp.Html.Dom.IHtmlFormElement>("main form[action*='handler=Enable']")!;
        var wrong = await Html.SubmitFormAsync(admin, enable, new Dictionary<string, string> { ["Input.Password"] = TestData.Password, ["Input.Code"] = "000000" });
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        // A new key or switching off are not: they need consent.
        foreach (var handler in new[] { "NewKey", "Disable" })
        {
            // The set-up page shows no such forms before TOTP is on; the same form (with its antiforgery token) aimed at the handler.
            var form = setup.QuerySelector<AngleSharp.Html.Dom.IHtmlFormElement>("main form[action*='handler=']")!;
            form.SetAttribute("action", System.Text.RegularExpressions.Regex.Replace(form.GetAttribute("action")!, "handler=[A-Za-z]+", "handler=" + handler));
            var blocked = await Html.SubmitFormAsync(admin, form, new Dictionary<string, string> { ["Input.Code"] = "000000", ["NewKey.Password"] = TestData.Password });
            Assert.True(blocked.StatusCode == HttpStatusCode.Redirect && LocationPath(blocked) == "/Konto/Einwilligung", handler + ": " + Outcome(blocked));
        }
    }

    /// <summary>
    /// Every GET page, opened as the role it is for with the ids of real, seeded objects: it must exist (a 404 here is a
    /// broken page or a broken link, not an owner check) and must not render a link or form whose URL could not be built
    /// (asp-page without a required route value renders href="" silently).
    /// </summary>
    [Fact]
    public async Task Every_page_opens_with_real_ids_and_renders_no_empty_link_or_form_action()
    {
        const string owner = "sweep-besitzer@example.de";
        var ownerClient = await Flows.SignedInClientAsync(factory, owner, Roles.Vip);
        var ids = await SweepSeed.WithWorkshopAsync(factory, await SweepSeed.OwnerObjectsAsync(factory, owner), "sweep-betrieb@example.de");
        var business = factory.CreateBrowserClient();
        Html.AssertRedirect(await Flows.SignInAsync(business, "sweep-betrieb@example.de"), "/");
        var (admin, _) = await Flows.AdminClientAsync(factory, "sweep-admin@example.de");
        await LifeTimeCircle.Tests.Betrieb.WorkshopSeed.StaffSeatAsync(factory, "sweep-betrieb@example.de", "sweep-mitarbeiterin@example.de");
        var staff = factory.CreateBrowserClient();
        Html.AssertRedirect(await Flows.SignInAsync(staff, "sweep-mitarbeiterin@example.de"), "/");
        var roles = new (string Who, HttpClient Client, Func<SweepRequest, bool> Pages)[]
        {
            ("mitarbeiterin", staff, r => IsStaffPage(r)),
            ("anonym", factory.CreateBrowserClient(), r => r.IsPublic),
            ("besitzer", ownerClient,
                r => !r.IsPublic && !r.ViewPath.StartsWith("/Admin/", StringComparison.Ordinal) && !r.ViewPath.StartsWith("/Redaktion/", StringComparison.Ordinal)
                    && !r.ViewPath.StartsWith("/Betrieb/", StringComparison.Ordinal)),
            ("betrieb", business, r => r.ViewPath.StartsWith("/Betrieb/", StringComparison.Ordinal)),
            ("admin", admin, r => r.ViewPath.StartsWith("/Admin/", StringComparison.Ordinal) || r.ViewPath.StartsWith("/Redaktion/", StringComparison.Ordinal)),
            ("moderator", await Flows.SignedInClientAsync(factory, "sweep-moderation@example.de", Roles.Moderator), r => r.ViewPath.StartsWith("/Redaktion/", StringComparison.Ordinal)),
        };
        // The moderator reaches only their own articles: the desk pages get one of theirs.
        var moderatorIds = await LifeTimeCircle.Tests.Redaktion.ArticleSeed.WithArticlesAsync(factory, ids, "sweep-moderation@example.de");
        var failures = new List<string>();
        var pages = 0;
        foreach (var (who, client, include) in roles)
        {
            foreach (var r in EndpointCatalog.All(factory.Services, who == "moderator" ? moderatorIds : ids).Where(r => r.Method == "GET" && include(r)))
            {
                if (r.Url.Contains(EndpointCatalog.Placeholder, StringComparison.Ordinal))
                {
                    failures.Add($"{who} {r}: ein Routenparameter hat kein angelegtes Objekt (SweepSeed ergänzen)");
                    continue;
                }
                var response = await SendAsync(client, r, spoof: false);
                pages++;
                // The error page answers with the status it explains (GET /Fehler is the 404 page itself).
                var expectedNotFound = r.ViewPath == "/Fehler/Index";
                if ((response.StatusCode == HttpStatusCode.NotFound && !expectedNotFound) || (int)response.StatusCode >= 500)
                {
                    failures.Add($"{who} {r}: {Outcome(response)}");
                    continue;
                }
                if (response.Content.Headers.ContentType?.MediaType != "text/html") continue; // a download
                var doc = await Html.ParseAsync(response);
                foreach (var empty in doc.QuerySelectorAll("a[href=''], a:not([href]), form[action='']"))
                {
                    failures.Add($"{who} {r}: leere URL in {empty.OuterHtml[..Math.Min(160, empty.OuterHtml.Length)]}");
                }
            }
        }
        Assert.True(pages >= 30, $"nur {pages} Seiten geprüft");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>
    /// Issue 16: a staff member acts for the business on its customer vehicles and nowhere else of the business — the
    /// profile, the staff and every page added to /Betrieb later are the business account's own — and never in admin.
    /// </summary>
    [Fact]
    public async Task Staff_reach_the_customer_vehicles_of_their_business_and_no_other_business_or_admin_page()
    {
        await factory.CreateUserAsync("zaun-besitzer@example.de", Roles.Vip);
        var ids = await SweepSeed.WithWorkshopAsync(factory, await SweepSeed.OwnerObjectsAsync(factory, "zaun-besitzer@example.de"), "zaun-betrieb@example.de");
        await LifeTimeCircle.Tests.Betrieb.WorkshopSeed.StaffSeatAsync(factory, "zaun-betrieb@example.de", "zaun-mitarbeiter@example.de");
        var staff = factory.CreateBrowserClient();
        await Flows.SignInAsync(staff, "zaun-mitarbeiter@example.de");
        var failures = new List<string>();
        var fenced = 0;
        foreach (var r in EndpointCatalog.All(factory.Services, ids)
                     .Where(r => r.ViewPath.StartsWith("/Admin/", StringComparison.Ordinal) || r.ViewPath.StartsWith("/Betrieb/", StringComparison.Ordinal)))
        {
            var response = await SendAsync(staff, r, spoof: true);
            if (IsStaffPage(r))
            {
                // Allowed: GET opens, POST without a token is refused by antiforgery (not by the role).
                var expected = r.Method == "GET" ? HttpStatusCode.OK : HttpStatusCode.BadRequest;
                if (response.StatusCode != expected) failures.Add($"{r}: {Outcome(response)} statt {(int)expected}");
                continue;
            }
            fenced++;
            if (response.StatusCode != HttpStatusCode.Forbidden) failures.Add($"{r}: {Outcome(response)}");
        }
        Assert.True(fenced >= 4, "zu wenige Seiten geprüft: " + fenced);
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task Every_POST_handler_requires_an_antiforgery_token()
    {
        var client = await Flows.SignedInClientAsync(factory, "formular@example.de", Roles.User);
        // Workshop forms are sent by a business account, so that the antiforgery check itself (not the role) refuses them.
        var business = await Flows.SignedInClientAsync(factory, "formular-betrieb@example.de", Roles.Dealer);
        var failures = new List<string>();
        foreach (var r in EndpointCatalog.All(factory.Services).Where(r => r.Method == "POST" && !r.ViewPath.StartsWith("/Fehler", StringComparison.Ordinal)))
        {
            var isBusinessPage = r.ViewPath.StartsWith("/Betrieb/", StringComparison.Ordinal);
            var response = await SendAsync(isBusinessPage ? business : client, r, spoof: false);
            if (isBusinessPage && response.StatusCode != HttpStatusCode.BadRequest) failures.Add($"{r} (Betrieb): {Outcome(response)}");
            // 400 = antiforgery rejected; 403 = not this role's page (authorization runs first).
            if (response.StatusCode is not (HttpStatusCode.BadRequest or HttpStatusCode.Forbidden)) failures.Add($"{r}: {Outcome(response)}");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>The /Betrieb pages staff work on for their business: customer vehicles and the intake (issue 17).</summary>
    private static bool IsStaffPage(SweepRequest r) =>
        r.ViewPath.StartsWith("/Betrieb/Kundenfahrzeuge/", StringComparison.Ordinal) || r.ViewPath.StartsWith("/Betrieb/Annahme/", StringComparison.Ordinal);
}
