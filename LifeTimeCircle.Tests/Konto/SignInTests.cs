using System.Net;
using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LifeTimeCircle.Tests.Konto;

public sealed class SignInTests(LtcFactory factory) : IClassFixture<LtcFactory>
{
    private static string? AuthCookie(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? values.FirstOrDefault(v => v.StartsWith("ltc.auth=", StringComparison.Ordinal)) : null;

    [Fact]
    public async Task Without_remember_me_the_auth_cookie_is_a_session_cookie()
    {
        await factory.CreateUserAsync("sitzung@example.de");
        var response = await Flows.SignInAsync(factory.CreateBrowserClient(), "sitzung@example.de");
        Html.AssertRedirect(response, "/Dashboard");
        var cookie = AuthCookie(response)!;
        Assert.DoesNotContain("expires=", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);

        await factory.CreateUserAsync("dauerhaft@example.de");
        var remembered = await Flows.SignInAsync(factory.CreateBrowserClient(), "dauerhaft@example.de", remember: true);
        Assert.Contains("expires=", AuthCookie(remembered)!, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_wrong_password_keeps_the_email_and_says_so_in_german()
    {
        await factory.CreateUserAsync("falsch@example.de");
        var client = factory.CreateBrowserClient();
        var response = await Flows.SignInAsync(client, "falsch@example.de", "nicht-das-passwort");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var doc = await Html.ParseAsync(response);
        Assert.Contains("E-Mail-Adresse oder Passwort ist falsch.", doc.QuerySelector(".error-summary")!.TextContent);
        Assert.Equal("falsch@example.de", doc.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("#Input_Email")!.Value);
        Assert.Equal("", doc.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("#Input_Password")!.Value);
        // Unknown address: the very same answer.
        var unknown = await Flows.SignInAsync(factory.CreateBrowserClient(), "niemand@example.de", "nicht-das-passwort");
        var unknownDoc = await Html.ParseAsync(unknown);
        Assert.Equal(doc.QuerySelector(".error-summary")!.TextContent, unknownDoc.QuerySelector(".error-summary")!.TextContent);
    }

    [Fact]
    public async Task Five_failed_sign_ins_lock_the_account_and_are_audited()
    {
        await factory.CreateUserAsync("sperre@example.de");
        for (var i = 0; i < 5; i++)
        {
            await Flows.SignInAsync(factory.CreateBrowserClient(), "sperre@example.de", "falsch-falsch-falsch");
        }
        // Even the right password is refused now, with the one answer every failure gets (no oracle for attackers);
        // the owner learns of the lockout by mail, once.
        var locked = await Flows.SignInAsync(factory.CreateBrowserClient(), "sperre@example.de");
        Assert.Equal(HttpStatusCode.OK, locked.StatusCode);
        Assert.Contains(LifeTimeCircle.Pages.Konto.AnmeldenModel.FailedMessage, Html.Text(await Html.ParseAsync(locked)));
        var lockMails = (await Outbox.MessagesToAsync(factory, "sperre@example.de")).Where(m => m.Subject!.StartsWith("Anmeldung vorübergehend gesperrt", StringComparison.Ordinal));
        Assert.Single(lockMails);
        // Once the lockout is over, the right password works again (Identity's lockout runs on the system clock).
        using (var scope = factory.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            await users.SetLockoutEndDateAsync((await users.FindByEmailAsync("sperre@example.de"))!, DateTimeOffset.UtcNow.AddSeconds(-1));
        }
        Html.AssertRedirect(await Flows.SignInAsync(factory.CreateBrowserClient(), "sperre@example.de"), "/Dashboard");
        var events = await factory.WithDbAsync(db => db.AuditEvents.Select(a => a.Action).ToListAsync());
        Assert.Contains(AuditActions.SignInFailed, events);
        Assert.Contains(AuditActions.AccountLockedOut, events);
        var metadata = await factory.WithDbAsync(db => db.AuditEvents.Select(a => a.MetadataJson).ToListAsync());
        Assert.DoesNotContain(metadata, m => m.Contains('@', StringComparison.Ordinal));
    }

    [Fact]
    public async Task Password_reset_by_emailed_code_sets_a_new_password()
    {
        await factory.CreateUserAsync("vergessen@example.de");
        var client = factory.CreateBrowserClient();
        var (_, page) = await Html.GetAsync(client, "/Konto/PasswortVergessen");
        var sent = await Html.SubmitAsync(client, page, new Dictionary<string, string> { ["Input.Email"] = "vergessen@example.de" });
        Html.AssertRedirect(sent, "/Konto/PasswortNeu");
        var (_, reset) = await Html.GetAsync(client, "/Konto/PasswortNeu");
        Assert.Equal("vergessen@example.de", reset.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("#Input_Email")!.Value);
        var code = await Outbox.LatestCodeAsync(factory, "vergessen@example.de");
        var done = await Html.SubmitAsync(client, reset, new Dictionary<string, string>
        {
            ["Input.Code"] = code, ["Input.Password"] = "ein-ganz-neues-passwort", ["Input.ConfirmPassword"] = "ein-ganz-neues-passwort",
        });
        Html.AssertRedirect(done, "/Konto/Anmelden");
        Html.AssertRedirect(await Flows.SignInAsync(factory.CreateBrowserClient(), "vergessen@example.de", "ein-ganz-neues-passwort"), "/Dashboard");
        Assert.Equal(HttpStatusCode.OK, (await Flows.SignInAsync(factory.CreateBrowserClient(), "vergessen@example.de")).StatusCode);

        // Unknown addresses get the same answer, and no mail is written for them.
        var (_, again) = await Html.GetAsync(client, "/Konto/PasswortVergessen");
        var unknown = await Html.SubmitAsync(client, again, new Dictionary<string, string> { ["Input.Email"] = "unbekannt@example.de" });
        Html.AssertRedirect(unknown, "/Konto/PasswortNeu");
        Assert.Empty(await Outbox.MessagesToAsync(factory, "unbekannt@example.de"));
    }

    [Fact]
    public async Task Sign_out_everywhere_ends_other_sessions()
    {
        await factory.CreateUserAsync("ueberall@example.de");
        var first = factory.CreateBrowserClient();
        var second = factory.CreateBrowserClient();
        Html.AssertRedirect(await Flows.SignInAsync(first, "ueberall@example.de"), "/Dashboard");
        Html.AssertRedirect(await Flows.SignInAsync(second, "ueberall@example.de"), "/Dashboard");
        var (_, security) = await Html.GetAsync(first, "/Konto/Sicherheit");
        var form = security.QuerySelector<AngleSharp.Html.Dom.IHtmlFormElement>("form[action*='handler=Everywhere']")!;
        Html.AssertRedirect(await Html.SubmitFormAsync(first, form, new Dictionary<string, string>()), "/");
        // The security stamp is re-validated after the validation interval (1 minute).
        factory.Clock.Advance(TimeSpan.FromMinutes(2));
        Html.AssertRedirect(await second.GetAsync("/Dashboard"), "/Konto/Anmelden");
    }

    [Fact]
    public async Task Business_sessions_end_after_thirty_idle_minutes()
    {
        await factory.CreateUserAsync("betrieb@example.de", Roles.Dealer, kind: AccountKind.Gewerblich);
        var client = factory.CreateBrowserClient();
        Html.AssertRedirect(await Flows.SignInAsync(client, "betrieb@example.de", remember: true), "/Dashboard");
        factory.Clock.Advance(TimeSpan.FromMinutes(20));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Dashboard")).StatusCode);
        factory.Clock.Advance(TimeSpan.FromMinutes(31));
        Html.AssertRedirect(await client.GetAsync("/Dashboard"), "/Konto/Anmelden");
    }

    [Fact]
    public async Task Admin_pages_require_two_factor_and_totp_sign_in_works()
    {
        await factory.CreateUserAsync("admin@example.de", Roles.Admin);
        var client = factory.CreateBrowserClient();
        Html.AssertRedirect(await Flows.SignInAsync(client, "admin@example.de"), "/Dashboard");
        Html.AssertRedirect(await client.GetAsync("/Admin"), "/Konto/ZweiFaktor");

        // Set up TOTP through the real page, as a person with an authenticator app would.
        var (_, setup) = await Html.GetAsync(client, "/Konto/ZweiFaktor");
        var key = setup.QuerySelector("code.secret")!.TextContent;
        Assert.NotNull(setup.QuerySelector(".qr svg"));
        var enabled = await Html.SubmitAsync(client, setup, new Dictionary<string, string> { ["Input.Code"] = Totp.Compute(key, factory.Clock.GetUtcNow()), ["Input.Password"] = TestData.Password });
        Html.AssertRedirect(enabled, "/Konto/ZweiFaktor");
        var (_, codesPage) = await Html.GetAsync(client, "/Konto/ZweiFaktor");
        Assert.Equal(10, codesPage.QuerySelectorAll(".warning code.secret").Length);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Admin")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Admin/Audit")).StatusCode);

        // A fresh sign-in now asks for the code.
        var fresh = factory.CreateBrowserClient();
        var step1 = await Flows.SignInAsync(fresh, "admin@example.de");
        Html.AssertRedirect(step1, "/Konto/AnmeldenZweiFaktor");
        var (_, totpPage) = await Html.GetAsync(fresh, step1.Headers.Location!.OriginalString);
        var wrong = await Html.SubmitAsync(fresh, totpPage, new Dictionary<string, string> { ["Input.Code"] = "12345x" });
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        var signedIn = await Html.SubmitAsync(fresh, totpPage, new Dictionary<string, string> { ["Input.Code"] = Totp.Later(key, factory.Clock.GetUtcNow()) });
        Html.AssertRedirect(signedIn, "/Dashboard");
        var (audit, auditDoc) = await Html.GetAsync(fresh, "/Admin/Audit?Action=SESSION_CREATED");
        Assert.Equal(HttpStatusCode.OK, audit.StatusCode);
        Assert.Contains("SESSION_CREATED", Html.Text(auditDoc));
    }

    [Fact]
    public async Task A_user_without_admin_role_gets_the_german_403_page()
    {
        var client = await Flows.SignedInClientAsync(factory, "normal@example.de");
        var (response, doc) = await Html.GetAsync(client, "/Admin/Audit");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("Kein Zugriff", doc.QuerySelector("h1")!.TextContent);
        var denied = await factory.WithDbAsync(db => db.AuditEvents.AnyAsync(a => a.Action == AuditActions.AccessDenied));
        Assert.True(denied);
    }

    [Fact]
    public async Task An_unconfirmed_account_answers_like_a_wrong_password_and_sends_no_mail()
    {
        // Before the fix, any password opened the verification page of an unconfirmed account and mailed a code.
        using (var scope = factory.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var user = new AppUser { UserName = "unbestaetigt@example.de", Email = "unbestaetigt@example.de", CreatedAt = factory.Clock.GetUtcNow() };
            await users.CreateAsync(user, TestData.Password);
            await users.AddToRoleAsync(user, Roles.User);
        }
        foreach (var password in new[] { TestData.Password, "irgendein-anderes-passwort" })
        {
            var response = await Flows.SignInAsync(factory.CreateBrowserClient(), "unbestaetigt@example.de", password);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains(LifeTimeCircle.Pages.Konto.AnmeldenModel.FailedMessage, Html.Text(await Html.ParseAsync(response)));
        }
        Assert.Empty(await Outbox.MessagesToAsync(factory, "unbestaetigt@example.de"));
    }
}

public sealed class StaticAssetTests(LtcFactory factory) : IClassFixture<LtcFactory>
{
    [Fact]
    public async Task Fingerprinted_assets_are_public_and_cached_immutable()
    {
        var client = factory.CreateBrowserClient();
        var (_, doc) = await Html.GetAsync(client, "/");
        var css = doc.QuerySelector("link[rel=stylesheet]")!.GetAttribute("href")!;
        var js = doc.QuerySelector("script[src]")!.GetAttribute("src")!;
        Assert.Matches("^/assets/site\\.[a-z0-9]+\\.css$", css);
        foreach (var url in new[] { css, js })
        {
            var response = await client.GetAsync(url);
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("immutable", response.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        }
    }
}
