using System.Net;
using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LifeTimeCircle.Tests.Konto;

public sealed class RegistrationTests(LtcFactory factory) : IClassFixture<LtcFactory>
{
    [Fact]
    public async Task A_new_private_user_registers_verifies_accepts_consent_and_reaches_the_dashboard()
    {
        var client = factory.CreateBrowserClient();
        var verified = await Flows.RegisterAndVerifyAsync(factory, client, "anna@example.de");
        Html.AssertRedirect(verified, "/Konto/Einwilligung");

        var dashboardBefore = await client.GetAsync("/Dashboard");
        Html.AssertRedirect(dashboardBefore, "/Konto/Einwilligung");

        await Flows.AcceptConsentAsync(client);
        // Onboarding: without vehicles the dashboard leads straight to the first VIN.
        var dashboard = await client.GetAsync("/Dashboard");
        Html.AssertRedirect(dashboard, "/Fahrzeuge/Neu?erstes=true");
        var (_, doc) = await Html.GetAsync(client, "/Fahrzeuge/Neu?erstes=true");
        Assert.Equal("Ihr erstes Fahrzeug", doc.QuerySelector("h1")!.TextContent);

        var stored = await factory.WithDbAsync(db => db.ConsentAcceptances.Where(c => db.Users.Any(u => u.Id == c.UserId && u.Email == "anna@example.de")).ToListAsync());
        Assert.Equal(2, stored.Count);
        Assert.All(stored, c => Assert.Equal("ui", c.Source));
        Assert.All(stored, c => Assert.Equal(factory.Clock.GetUtcNow(), c.AcceptedAt));
    }

    [Fact]
    public async Task A_business_registration_needs_a_business_type_and_stays_a_pending_private_account()
    {
        var client = factory.CreateBrowserClient();
        var (_, page) = await Html.GetAsync(client, "/Konto/Registrieren?art=gewerblich");
        var missingType = await Html.SubmitAsync(client, page, new Dictionary<string, string>
        {
            ["Input.Email"] = "werkstatt@example.de",
            ["Input.Password"] = TestData.Password,
            ["Input.ConfirmPassword"] = TestData.Password,
            ["Input.BusinessName"] = "Müller Kfz",
        });
        Assert.Equal(HttpStatusCode.OK, missingType.StatusCode);
        var doc = await Html.ParseAsync(missingType);
        Assert.Contains("Bitte wählen Sie die Art Ihres Betriebs.", doc.QuerySelector(".error-summary")!.TextContent);
        Assert.Equal("werkstatt@example.de", doc.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("#Input_Email")!.Value);
        Assert.Equal("Müller Kfz", doc.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("#Input_BusinessName")!.Value);
        Assert.Equal("true", doc.QuerySelector("#Input_BusinessType")!.GetAttribute("aria-invalid"));

        var verified = await Flows.RegisterAndVerifyAsync(factory, client, "werkstatt2@example.de", "gewerblich");
        Html.AssertRedirect(verified, "/Konto/Einwilligung");
        using var scope = factory.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = await users.FindByEmailAsync("werkstatt2@example.de");
        Assert.Equal(AccountKind.Gewerblich, user!.AccountKind);
        Assert.Equal(BusinessType.Fachwerkstatt, user.BusinessType);
        // Self-declared: no dealer role (and no unlimited vehicles) until an admin approves (BusinessApprovalTests).
        Assert.Equal([Roles.User], await users.GetRolesAsync(user));
        Assert.Equal(BusinessStatus.Pending, user.BusinessStatus);
    }

    [Fact]
    public async Task Registering_a_known_address_gives_the_same_answer_and_reveals_nothing()
    {
        await factory.CreateUserAsync("bekannt@example.de");
        async Task<(HttpResponseMessage, string)> Register(string email)
        {
            var client = factory.CreateBrowserClient();
            var (_, page) = await Html.GetAsync(client, "/Konto/Registrieren");
            var response = await Html.SubmitAsync(client, page, new Dictionary<string, string>
            {
                ["Input.Email"] = email,
                ["Input.Password"] = "ein-anderes-passwort-123",
                ["Input.ConfirmPassword"] = "ein-anderes-passwort-123",
            });
            var (_, next) = await Html.GetAsync(client, response.Headers.Location!.OriginalString);
            return (response, next.QuerySelector("[role=status]")?.TextContent.Trim() ?? "");
        }

        var (known, knownText) = await Register("bekannt@example.de");
        var (unknown, unknownText) = await Register("neu-und-unbekannt@example.de");
        Assert.Equal(unknown.StatusCode, known.StatusCode);
        Assert.Equal(unknown.Headers.Location, known.Headers.Location);
        Assert.Equal("Wenn die E-Mail-Adresse gültig ist, wurde ein Code gesendet.", knownText);
        Assert.Equal(unknownText, knownText);

        // The owner of the known address is told by mail; their password is unchanged.
        var mails = await Outbox.MessagesToAsync(factory, "bekannt@example.de");
        Assert.Contains(mails, m => m.Subject!.StartsWith("Registrierungsversuch", StringComparison.Ordinal));
        var signIn = await Flows.SignInAsync(factory.CreateBrowserClient(), "bekannt@example.de");
        Html.AssertRedirect(signIn, "/Dashboard");
    }

    [Fact]
    public async Task Five_wrong_codes_use_up_the_code_and_a_new_one_is_needed()
    {
        var client = factory.CreateBrowserClient();
        var (_, page) = await Html.GetAsync(client, "/Konto/Registrieren");
        await Html.SubmitAsync(client, page, new Dictionary<string, string>
        {
            ["Input.Email"] = "tippfehler@example.de", ["Input.Password"] = TestData.Password, ["Input.ConfirmPassword"] = TestData.Password,
        });
        var code = await Outbox.LatestCodeAsync(factory, "tippfehler@example.de");
        var wrong = code == "000000" ? "111111" : "000000";
        for (var i = 0; i < 5; i++)
        {
            var (_, verify) = await Html.GetAsync(client, "/Konto/Bestaetigen");
            var response = await Html.SubmitAsync(client, verify, new Dictionary<string, string> { ["Input.Email"] = "tippfehler@example.de", ["Input.Code"] = wrong, ["Input.Password"] = TestData.Password });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var doc = await Html.ParseAsync(response);
            Assert.Contains("Der Code ist ungültig oder abgelaufen", doc.QuerySelector("#Input_Code-error")!.TextContent);
            Assert.Equal("tippfehler@example.de", doc.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("#Input_Email")!.Value);
        }
        var (_, again) = await Html.GetAsync(client, "/Konto/Bestaetigen");
        var right = await Html.SubmitAsync(client, again, new Dictionary<string, string> { ["Input.Email"] = "tippfehler@example.de", ["Input.Code"] = code, ["Input.Password"] = TestData.Password });
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);

        // "Neuen Code senden" issues a fresh code that works.
        var (_, resendPage) = await Html.GetAsync(client, "/Konto/Bestaetigen");
        var resent = await Html.SubmitAsync(client, resendPage, new Dictionary<string, string> { ["Input.Email"] = "tippfehler@example.de" },
            submitButtonSelector: "button[formaction]");
        Html.AssertRedirect(resent, "/Konto/Bestaetigen");
        var fresh = await Outbox.LatestCodeAsync(factory, "tippfehler@example.de");
        var (_, verifyFresh) = await Html.GetAsync(client, "/Konto/Bestaetigen");
        var ok = await Html.SubmitAsync(client, verifyFresh, new Dictionary<string, string> { ["Input.Email"] = "tippfehler@example.de", ["Input.Code"] = fresh, ["Input.Password"] = TestData.Password });
        Html.AssertRedirect(ok, "/Konto/Einwilligung");
    }

    [Fact]
    public async Task A_code_is_valid_for_ten_minutes_only()
    {
        var client = factory.CreateBrowserClient();
        var (_, page) = await Html.GetAsync(client, "/Konto/Registrieren");
        await Html.SubmitAsync(client, page, new Dictionary<string, string>
        {
            ["Input.Email"] = "spaet@example.de", ["Input.Password"] = TestData.Password, ["Input.ConfirmPassword"] = TestData.Password,
        });
        var code = await Outbox.LatestCodeAsync(factory, "spaet@example.de");
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var stored = await db.EmailCodes.Where(c => db.Users.Any(u => u.Id == c.UserId && u.Email == "spaet@example.de")).SingleAsync();
        Assert.Equal(TimeSpan.FromMinutes(10), stored.ExpiresAt - stored.CreatedAt);
        Assert.DoesNotContain(code, stored.CodeHash, StringComparison.Ordinal);

        Assert.False(stored.IsUsable(stored.CreatedAt + TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1)));
        Assert.True(stored.IsUsable(stored.CreatedAt + TimeSpan.FromMinutes(9)));
        // Through the page: after ten minutes the very code from the mail is refused.
        factory.Clock.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1));
        var (_, verify) = await Html.GetAsync(client, "/Konto/Bestaetigen");
        var late = await Html.SubmitAsync(client, verify, new Dictionary<string, string> { ["Input.Email"] = "spaet@example.de", ["Input.Code"] = code, ["Input.Password"] = TestData.Password });
        Assert.Equal(HttpStatusCode.OK, late.StatusCode);
        Assert.Contains("Der Code ist ungültig oder abgelaufen", Html.Text(await Html.ParseAsync(late)));
    }

    [Fact]
    public async Task Invalid_registration_input_shows_german_errors_linked_to_fields_and_keeps_the_input()
    {
        var client = factory.CreateBrowserClient();
        var (_, page) = await Html.GetAsync(client, "/Konto/Registrieren");
        var response = await Html.SubmitAsync(client, page, new Dictionary<string, string>
        {
            ["Input.Email"] = "kein-at-zeichen", ["Input.Password"] = "kurz", ["Input.ConfirmPassword"] = "anders",
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var doc = await Html.ParseAsync(response);
        var summary = doc.QuerySelector(".error-summary")!;
        Assert.Contains("gültige E-Mail-Adresse", summary.TextContent);
        Assert.Contains("mindestens 10 Zeichen", summary.TextContent);
        Assert.NotNull(summary.QuerySelector("a[href='#Input_Email']"));
        Assert.Equal("kein-at-zeichen", doc.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("#Input_Email")!.Value);
        Assert.Contains("Input_Email-error", doc.QuerySelector("#Input_Email")!.GetAttribute("aria-describedby"));
        Assert.NotNull(doc.QuerySelector("#Input_Email-error"));
    }
}
