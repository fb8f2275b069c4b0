using System.Net;
using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LifeTimeCircle.Tests.Konto;

/// <summary>
/// The person who proves the address owns the account (SPEC §2): a password chosen before the address was proven
/// never opens it. Each test here failed against the code before the fix (pre-registration takeover).
/// </summary>
public sealed class AccountTakeoverTests(LtcFactory factory) : IClassFixture<LtcFactory>
{
    private const string AttackerPassword = "angreifer-waehlt-dieses-passwort";
    private const string OwnerPassword = "die-echte-besitzerin-hat-ihr-eigenes";

    private static async Task<HttpResponseMessage> RegisterAsync(HttpClient client, string email, string password, string art = "privat")
    {
        var (_, page) = await Html.GetAsync(client, "/Konto/Registrieren?art=" + art);
        var values = new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = password, ["Input.ConfirmPassword"] = password };
        if (art == "gewerblich") values["Input.BusinessType"] = "Haendler";
        var response = await Html.SubmitAsync(client, page, values);
        Html.AssertRedirect(response, "/Konto/Bestaetigen");
        return response;
    }

    private static async Task<HttpResponseMessage> ConfirmAsync(HttpClient client, string email, string code, string password = OwnerPassword)
    {
        var (_, page) = await Html.GetAsync(client, "/Konto/Bestaetigen");
        return await Html.SubmitAsync(client, page, new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Code"] = code, ["Input.Password"] = password });
    }

    [Fact]
    public async Task A_password_chosen_before_the_owner_registers_never_opens_her_account()
    {
        const string email = "opfer@example.de";
        var attacker = factory.CreateBrowserClient();
        await RegisterAsync(attacker, email, AttackerPassword);

        // Later the real owner registers with her own password, confirms the newest code from her mailbox and uses the account.
        var owner = factory.CreateBrowserClient();
        await RegisterAsync(owner, email, OwnerPassword);
        var confirmed = await ConfirmAsync(owner, email, await Outbox.LatestCodeAsync(factory, email));
        Html.AssertRedirect(confirmed, "/Konto/Einwilligung");
        await Flows.AcceptConsentAsync(owner);
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync("/Profil")).StatusCode);

        var attackerSignIn = await Flows.SignInAsync(factory.CreateBrowserClient(), email, AttackerPassword);
        Assert.Equal(HttpStatusCode.OK, attackerSignIn.StatusCode);
        Assert.Contains(LifeTimeCircle.Pages.Konto.AnmeldenModel.FailedMessage, Html.Text(await Html.ParseAsync(attackerSignIn)));
        Html.AssertRedirect(await Flows.SignInAsync(factory.CreateBrowserClient(), email, OwnerPassword), "/Dashboard");
    }

    [Fact]
    public async Task A_code_mailed_for_somebody_elses_registration_does_not_confirm_in_the_owners_browser()
    {
        const string email = "zweiter-browser@example.de";
        var owner = factory.CreateBrowserClient();
        await RegisterAsync(owner, email, OwnerPassword);
        var ownersCode = await Outbox.LatestCodeAsync(factory, email);
        // The attacker registers the same address a moment later: the newest mail now carries his flow's code.
        await RegisterAsync(factory.CreateBrowserClient(), email, AttackerPassword);
        var attackersCode = await Outbox.LatestCodeAsync(factory, email);
        Assert.NotEqual(ownersCode, attackersCode);

        var wrongFlow = await ConfirmAsync(owner, email, attackersCode);
        Assert.Equal(HttpStatusCode.OK, wrongFlow.StatusCode);
        Assert.Contains("Der Code ist ungültig oder abgelaufen", Html.Text(await Html.ParseAsync(wrongFlow)));
        // Her own code still works in her browser and brings her password, not his.
        Html.AssertRedirect(await ConfirmAsync(owner, email, ownersCode), "/Konto/Einwilligung");
        Assert.Equal(HttpStatusCode.OK, (await Flows.SignInAsync(factory.CreateBrowserClient(), email, AttackerPassword)).StatusCode);
        Html.AssertRedirect(await Flows.SignInAsync(factory.CreateBrowserClient(), email, OwnerPassword), "/Dashboard");
    }

    [Fact]
    public async Task Confirming_a_never_confirmed_account_removes_what_was_set_before_the_proof()
    {
        const string email = "vorbereitet@example.de";
        string stampBefore;
        using (var scope = factory.Services.CreateScope())
        {
            // An unconfirmed account prepared by somebody else: a password, an authenticator, 2FA on, another role.
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var user = new AppUser { UserName = email, Email = email, AccountKind = AccountKind.Gewerblich, BusinessStatus = BusinessStatus.Approved, CreatedAt = factory.Clock.GetUtcNow() };
            Assert.True((await users.CreateAsync(user, AttackerPassword)).Succeeded);
            await users.AddToRoleAsync(user, Roles.Dealer);
            await users.ResetAuthenticatorKeyAsync(user);
            await users.SetTwoFactorEnabledAsync(user, true);
            stampBefore = (await users.GetSecurityStampAsync(user))!;
        }
        var owner = factory.CreateBrowserClient();
        await RegisterAsync(owner, email, OwnerPassword);
        Html.AssertRedirect(await ConfirmAsync(owner, email, await Outbox.LatestCodeAsync(factory, email)), "/Konto/Einwilligung");

        using (var scope = factory.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var user = (await users.FindByEmailAsync(email))!;
            Assert.True(user.EmailConfirmed);
            Assert.False(user.TwoFactorEnabled);
            Assert.Null(await users.GetAuthenticatorKeyAsync(user));
            Assert.NotEqual(stampBefore, await users.GetSecurityStampAsync(user));
            Assert.Equal([Roles.User], await users.GetRolesAsync(user));
            Assert.Equal(AccountKind.Privat, user.AccountKind);
            Assert.Equal(BusinessStatus.None, user.BusinessStatus);
            Assert.False(await users.CheckPasswordAsync(user, AttackerPassword));
            Assert.True(await users.CheckPasswordAsync(user, OwnerPassword));
        }
    }

    [Fact]
    public async Task A_password_reset_on_a_never_confirmed_account_takes_it_over_for_the_prover()
    {
        const string email = "reset-uebernahme@example.de";
        await RegisterAsync(factory.CreateBrowserClient(), email, AttackerPassword);
        var owner = factory.CreateBrowserClient();
        var (_, forgot) = await Html.GetAsync(owner, "/Konto/PasswortVergessen");
        Html.AssertRedirect(await Html.SubmitAsync(owner, forgot, new Dictionary<string, string> { ["Input.Email"] = email }), "/Konto/PasswortNeu");
        var (_, reset) = await Html.GetAsync(owner, "/Konto/PasswortNeu");
        var code = await Outbox.LatestCodeAsync(factory, email);
        var done = await Html.SubmitAsync(owner, reset, new Dictionary<string, string>
        {
            ["Input.Code"] = code, ["Input.Password"] = OwnerPassword, ["Input.ConfirmPassword"] = OwnerPassword,
        });
        Html.AssertRedirect(done, "/Konto/Anmelden");
        Assert.Equal(HttpStatusCode.OK, (await Flows.SignInAsync(factory.CreateBrowserClient(), email, AttackerPassword)).StatusCode);
        Html.AssertRedirect(await Flows.SignInAsync(factory.CreateBrowserClient(), email, OwnerPassword), "/Dashboard");
    }

    [Fact]
    public async Task Create_superadmin_on_an_unconfirmed_address_sets_the_operators_password()
    {
        const string email = "betreiber@example.de";
        await RegisterAsync(factory.CreateBrowserClient(), email, AttackerPassword);
        const string operatorPassword = "betreiber-passwort-aus-der-umgebung";
        var previous = Environment.GetEnvironmentVariable("LTC_INITIAL_PASSWORD");
        Environment.SetEnvironmentVariable("LTC_INITIAL_PASSWORD", operatorPassword);
        try
        {
            Assert.Equal(0, await LifeTimeCircle.Cli.AdminCommands.CreateSuperadminAsync(factory.Services, ["create-superadmin", email]));
        }
        finally
        {
            Environment.SetEnvironmentVariable("LTC_INITIAL_PASSWORD", previous);
        }
        using var scope = factory.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = (await users.FindByEmailAsync(email))!;
        Assert.True(user.EmailConfirmed);
        Assert.Equal([Roles.Superadmin], await users.GetRolesAsync(user));
        Assert.False(await users.CheckPasswordAsync(user, AttackerPassword));
        Assert.True(await users.CheckPasswordAsync(user, operatorPassword));
        var openCodes = await scope.ServiceProvider.GetRequiredService<AppDbContext>().EmailCodes.CountAsync(c => c.UserId == user.Id && c.ConsumedAt == null);
        Assert.Equal(0, openCodes);
    }

    [Fact]
    public async Task On_a_shared_browser_a_code_resent_for_the_next_persons_registration_confirms_nothing_without_that_password()
    {
        // Found by review: A registers, B registers the same address in the same browser, A asks for a new code.
        const string email = "geteilter-browser@example.de";
        var shared = factory.CreateBrowserClient();
        await RegisterAsync(shared, email, OwnerPassword);
        await RegisterAsync(shared, email, AttackerPassword);
        var (_, page) = await Html.GetAsync(shared, "/Konto/Bestaetigen");
        Html.AssertRedirect(await Html.SubmitAsync(shared, page, new Dictionary<string, string> { ["Input.Email"] = email }, submitButtonSelector: "button[formaction]"),
            "/Konto/Bestaetigen");
        var code = await Outbox.LatestCodeAsync(factory, email);

        // A types her own password: the code belongs to B's registration, so nothing is confirmed.
        var refused = await ConfirmAsync(shared, email, code, OwnerPassword);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("Der Code ist ungültig oder abgelaufen", Html.Text(await Html.ParseAsync(refused)));
        var user = await factory.WithDbAsync(db => db.Users.SingleAsync(u => u.Email == email));
        Assert.False(user.EmailConfirmed);
        Assert.Null(user.PasswordHash);
    }

    [Fact]
    public async Task Codes_never_stand_in_a_mail_subject()
    {
        const string email = "betreff@example.de";
        await RegisterAsync(factory.CreateBrowserClient(), email, OwnerPassword);
        var code = await Outbox.LatestCodeAsync(factory, email);
        var subjects = await factory.WithDbAsync(db => db.OutgoingMails.Where(m => m.Recipient == email).Select(m => m.Subject).ToListAsync());
        Assert.NotEmpty(subjects);
        Assert.All(subjects, s => Assert.DoesNotContain(code, s));
        Assert.All(await Outbox.MessagesToAsync(factory, email), m => Assert.DoesNotContain(code, m.Subject));
    }

    [Fact]
    public async Task An_address_with_an_apostrophe_registers_and_confirms()
    {
        const string email = "o'brien@example.de";
        var owner = factory.CreateBrowserClient();
        await RegisterAsync(owner, email, OwnerPassword);
        Html.AssertRedirect(await ConfirmAsync(owner, email, await Outbox.LatestCodeAsync(factory, email)), "/Konto/Einwilligung");
    }
}
