using System.Net;
using System.Text.RegularExpressions;
using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Infrastructure.Accounts;
using LifeTimeCircle.Pages.Admin;
using LifeTimeCircle.Tests.Fahrzeuge;
using LifeTimeCircle.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LifeTimeCircle.Tests.Support;

/// <summary>Issue 19 item 4: moderator invitation by mail, activation with code, password and TOTP, and removal.</summary>
public sealed partial class ModeratorAccreditationTests(LtcFactory factory) : IClassFixture<LtcFactory>
{
    private async Task StepUpAsync(HttpClient admin, string key)
    {
        var (_, confirm) = await Html.GetAsync(admin, "/Admin/Bestaetigen?returnUrl=" + Uri.EscapeDataString("/Admin/Moderation"));
        factory.Clock.Advance(TimeSpan.FromSeconds(30));
        var done = await Html.SubmitAsync(admin, confirm, new Dictionary<string, string> { ["Input.Secret"] = Totp.Compute(key, factory.Clock.GetUtcNow()) });
        Html.AssertRedirect(done, "/Admin/Moderation");
    }

    private static async Task<HttpResponseMessage> InviteAsync(HttpClient admin, string email)
    {
        var (_, page) = await Html.GetAsync(admin, "/Admin/Moderation");
        return await Html.SubmitAsync(admin, page, new Dictionary<string, string> { ["Input.Email"] = email }, "main form[action*='handler=Invite']");
    }

    private async Task<string> CodeFromMailAsync(string email)
    {
        var mail = (await Outbox.MessagesToAsync(factory, email)).Last(m => m.Subject!.StartsWith("Einladung in die Redaktion", StringComparison.Ordinal));
        Assert.Contains("/Konto/Redaktionszugang#code=", mail.TextBody);
        return CodePattern().Match(mail.TextBody!).Value;
    }

    private static async Task<HttpResponseMessage> EnterCodeAsync(HttpClient client, string code)
    {
        var (_, page) = await Html.GetAsync(client, "/Konto/Redaktionszugang");
        return await Html.SubmitAsync(client, page, new Dictionary<string, string> { ["Code.Value"] = code });
    }

    /// <summary>Switches TOTP on through the real set-up page and returns the key.</summary>
    private async Task EnableTotpAsync(HttpClient client, string email)
    {
        var (_, setup) = await Html.GetAsync(client, "/Konto/ZweiFaktor");
        string key;
        using (var scope = factory.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            key = (await users.GetAuthenticatorKeyAsync((await users.FindByEmailAsync(email))!))!;
        }
        factory.Clock.Advance(TimeSpan.FromSeconds(30));
        var enabled = await Html.SubmitAsync(client, setup, new Dictionary<string, string>
        {
            ["Input.Password"] = TestData.Password, ["Input.Code"] = Totp.Compute(key, factory.Clock.GetUtcNow()),
        }, "main form[action*='handler=Enable']");
        Html.AssertRedirect(enabled, "/Konto/ZweiFaktor");
    }

    [GeneratedRegex("[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}")]
    private static partial Regex CodePattern();

    [Fact]
    public async Task An_invited_address_becomes_a_moderator_only_after_password_and_totp_and_the_code_works_once()
    {
        const string email = "neue-redaktion@example.de";
        var (admin, key) = await Flows.AdminClientAsync(factory, "akkreditierung-admin@example.de");
        // Without a fresh step-up the address stays in the form and nothing is sent.
        var early = await InviteAsync(admin, email);
        Assert.Equal(HttpStatusCode.OK, early.StatusCode);
        var earlyDoc = await Html.ParseAsync(early);
        Assert.Contains(ModerationModel.StepUpNeeded, Html.Text(earlyDoc));
        Assert.Equal(email, earlyDoc.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("input[name='Input.Email']")!.Value);
        Assert.Empty(await Outbox.MessagesToAsync(factory, email));
        await StepUpAsync(admin, key);
        Html.AssertRedirect(await InviteAsync(admin, email), "/Admin/Moderation");
        var code = await CodeFromMailAsync(email);
        var (_, list) = await Html.GetAsync(admin, "/Admin/Moderation");
        Assert.Contains("n***@e***.de", Html.Text(list));
        Assert.DoesNotContain(email, Html.Text(list));

        // The invitee: a wrong code and the right one, then a password for the new account.
        var invitee = factory.CreateBrowserClient();
        var wrong = await EnterCodeAsync(invitee, "ABCD-EFGH-JKMN-PQRS");
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.Contains(ModeratorAccreditation.InvalidCode, Html.Text(await Html.ParseAsync(wrong)));
        Html.AssertRedirect(await EnterCodeAsync(invitee, code.ToLowerInvariant().Replace("-", " ")), "/Konto/Redaktionszugang");
        var (_, step1) = await Html.GetAsync(invitee, "/Konto/Redaktionszugang");
        Assert.Contains("Passwort festlegen", Html.Text(step1));
        var mismatch = await Html.SubmitAsync(invitee, step1, new Dictionary<string, string> { ["Password.New"] = TestData.Password, ["Password.Repeat"] = "anders-als-vorher" },
            "main form[action*='handler=Password']");
        Assert.Equal(HttpStatusCode.OK, mismatch.StatusCode);
        Assert.Contains("stimmen nicht überein", Html.Text(await Html.ParseAsync(mismatch)));
        Html.AssertRedirect(await Html.SubmitAsync(invitee, step1, new Dictionary<string, string> { ["Password.New"] = TestData.Password, ["Password.Repeat"] = TestData.Password },
            "main form[action*='handler=Password']"), "/Konto/Redaktionszugang");

        // Signed in as role user: no desk yet; TOTP first (after consent), then the activation.
        var userId = await factory.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());
        var (_, step2) = await Html.GetAsync(invitee, "/Konto/Redaktionszugang");
        Assert.Contains("Zwei-Faktor-Anmeldung einrichten", Html.Text(step2));
        Assert.Null(step2.QuerySelector("form[action*='handler=Activate']"));
        Assert.Equal(HttpStatusCode.Forbidden, (await invitee.GetAsync("/Redaktion")).StatusCode);
        await Flows.AcceptConsentAsync(invitee);
        await EnableTotpAsync(invitee, email);
        var (_, afterTotp) = await Html.GetAsync(invitee, "/Konto/ZweiFaktor");
        Assert.Contains(afterTotp.QuerySelectorAll("a"), a => a.GetAttribute("href") == "/Konto/Redaktionszugang");
        var (_, step3) = await Html.GetAsync(invitee, "/Konto/Redaktionszugang");
        Html.AssertRedirect(await Html.SubmitAsync(invitee, step3, new Dictionary<string, string>(), "main form[action*='handler=Activate']"), "/Redaktion");
        Assert.Equal(HttpStatusCode.OK, (await invitee.GetAsync("/Redaktion")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await invitee.GetAsync("/Dashboard")).StatusCode);

        // The code is used up: the same answer as an unknown one.
        var again = await EnterCodeAsync(factory.CreateBrowserClient(), code);
        Assert.Contains(ModeratorAccreditation.InvalidCode, Html.Text(await Html.ParseAsync(again)));
        var actions = await factory.WithDbAsync(db => db.AuditEvents.Where(a => a.TargetId == userId || a.TargetType == "MODERATOR_INVITE")
            .Select(a => a.Action + ":" + a.Result + ":" + a.MetadataJson).ToListAsync());
        Assert.Contains(actions, a => a.StartsWith(AuditActions.ModeratorInvited, StringComparison.Ordinal));
        Assert.Contains(actions, a => a.StartsWith(AuditActions.ModeratorAccredited + ":Success", StringComparison.Ordinal));
        Assert.Contains(actions, a => a.StartsWith(AuditActions.RoleGranted, StringComparison.Ordinal) && a.Contains("moderator", StringComparison.Ordinal));
        Assert.DoesNotContain(actions, a => a.Contains(code, StringComparison.Ordinal) || a.Contains(email, StringComparison.Ordinal));
        Assert.Equal(64, (await factory.WithDbAsync(db => db.ModeratorInvites.Select(i => i.CodeHash).SingleAsync())).Length);

        // Removal: the open session ends at its next request, and the account is a plain user again.
        Assert.Contains("n***@e***.de", Html.Text((await Html.GetAsync(admin, "/Admin/Moderation")).Document));
        var (_, withModerator) = await Html.GetAsync(admin, "/Admin/Moderation");
        factory.Clock.Advance(TimeSpan.FromMinutes(11)); // the step-up has run out: the removal asks for it again
        var stale = await Html.SubmitAsync(admin, withModerator, new Dictionary<string, string>(), "main form[action*='handler=Revoke']");
        Assert.Contains(ModerationModel.StepUpNeeded, Html.Text(await Html.ParseAsync(stale)));
        await StepUpAsync(admin, key);
        var (_, fresh) = await Html.GetAsync(admin, "/Admin/Moderation");
        Html.AssertRedirect(await Html.SubmitAsync(admin, fresh, new Dictionary<string, string>(), "main form[action*='handler=Revoke']"), "/Admin/Moderation");
        Html.AssertRedirect(await invitee.GetAsync("/Redaktion"), "/Konto/Anmelden");
        var back = factory.CreateBrowserClient();
        Assert.Equal(HttpStatusCode.Redirect, (await Flows.SignInAsync(back, email)).StatusCode);
        Assert.Contains(await factory.WithDbAsync(db => db.AuditEvents.Where(a => a.TargetId == userId).Select(a => a.Action).ToListAsync()), a => a == AuditActions.ModeratorRevoked);
        using var scope = factory.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        Assert.Equal([Roles.User], await users.GetRolesAsync((await users.FindByIdAsync(userId))!));
    }

    [Fact]
    public async Task An_account_with_vehicles_cannot_become_a_moderator_and_a_withdrawn_code_answers_like_an_unknown_one()
    {
        const string owner = "redaktion-mit-auto@example.de";
        var ownerClient = await Flows.SignedInClientAsync(factory, owner);
        await VehicleSeed.CreateVehicleWithEntriesAsync(factory, owner, 1);
        var (admin, key) = await Flows.AdminClientAsync(factory, "akkreditierung-admin-2@example.de");
        await StepUpAsync(admin, key);
        var refused = await InviteAsync(admin, owner);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("kann kein Redaktionskonto werden", Html.Text(await Html.ParseAsync(refused)));

        // An existing plain account signs in; another signed-in account is told the invitation is not for it.
        const string plain = "redaktion-bestand@example.de";
        var plainClient = await Flows.SignedInClientAsync(factory, plain);
        Html.AssertRedirect(await InviteAsync(admin, plain), "/Admin/Moderation");
        var code = await CodeFromMailAsync(plain);
        var anonymous = factory.CreateBrowserClient();
        Html.AssertRedirect(await EnterCodeAsync(anonymous, code), "/Konto/Redaktionszugang");
        var (_, known) = await Html.GetAsync(anonymous, "/Konto/Redaktionszugang");
        Assert.Contains(known.QuerySelectorAll("a"), a => a.GetAttribute("href")!.StartsWith("/Konto/Anmelden?returnUrl=", StringComparison.Ordinal));
        Assert.Null(known.QuerySelector("form[action*='handler=Password']"));
        Html.AssertRedirect(await EnterCodeAsync(ownerClient, code), "/Konto/Redaktionszugang");
        Assert.Contains(ModeratorAccreditation.OtherAddress, Html.Text((await Html.GetAsync(ownerClient, "/Konto/Redaktionszugang")).Document));

        // Withdrawn: the same answer as any unknown code; the listed invitation is gone.
        var (_, page) = await Html.GetAsync(admin, "/Admin/Moderation");
        Html.AssertRedirect(await Html.SubmitAsync(admin, page, new Dictionary<string, string>(), "main form[action*='handler=Withdraw']"), "/Admin/Moderation");
        Assert.Contains(ModeratorAccreditation.InvalidCode, Html.Text(await Html.ParseAsync(await EnterCodeAsync(plainClient, code))));
        Assert.Equal(HttpStatusCode.NotFound, (await Html.SubmitAsync(admin, page, new Dictionary<string, string>(), "main form[action*='handler=Withdraw']")).StatusCode);
        // Users and moderators never reach the admin page.
        Assert.Equal(HttpStatusCode.Forbidden, (await plainClient.GetAsync("/Admin/Moderation")).StatusCode);
    }
}
