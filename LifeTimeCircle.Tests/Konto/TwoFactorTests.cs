using System.Net;
using AngleSharp.Html.Dom;
using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Tests.Infrastructure;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LifeTimeCircle.Tests.Konto;

/// <summary>
/// Switching two-factor on and renewing the key need the current password; every authenticator code is accepted
/// once (sign-in, step-up, switching off), also when two requests bring the same code at the same moment.
/// </summary>
public sealed class TwoFactorTests(LtcFactory factory) : IClassFixture<LtcFactory>
{
    private static IHtmlFormElement Form(IHtmlDocument doc, string handler) =>
        doc.QuerySelector<IHtmlFormElement>($"main form[action*='handler={handler}']")
        ?? throw new Xunit.Sdk.XunitException($"Kein Formular für '{handler}' in:\n{doc.DocumentElement.OuterHtml}");

    private async Task<AppUser> UserAsync(string email) =>
        await factory.WithDbAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Email == email));

    private async Task<(HttpClient Client, IHtmlDocument Setup, string Key)> SetupPageAsync(string email)
    {
        var client = await Flows.SignedInClientAsync(factory, email);
        var (_, setup) = await Html.GetAsync(client, "/Konto/ZweiFaktor");
        var key = setup.QuerySelector("code.secret")?.TextContent ?? throw new Xunit.Sdk.XunitException(setup.DocumentElement.OuterHtml);
        return (client, setup, key);
    }

    /// <summary>An account with TOTP switched on directly through Identity; returns its key.</summary>
    private async Task<string> TwoFactorUserAsync(string email, string role = Roles.User)
    {
        var created = await factory.CreateUserAsync(email, role);
        using var scope = factory.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = (await users.FindByIdAsync(created.Id))!;
        await users.ResetAuthenticatorKeyAsync(user);
        await users.SetTwoFactorEnabledAsync(user, true);
        return (await users.GetAuthenticatorKeyAsync(user))!;
    }

    /// <summary>A fresh client that has passed the password step and shows the TOTP prompt.</summary>
    private async Task<(HttpClient Client, IHtmlDocument Prompt)> AtTotpPromptAsync(string email)
    {
        var client = factory.CreateBrowserClient();
        var step1 = await Flows.SignInAsync(client, email);
        Html.AssertRedirect(step1, "/Konto/AnmeldenZweiFaktor");
        var (_, prompt) = await Html.GetAsync(client, step1.Headers.Location!.OriginalString);
        return (client, prompt);
    }

    [Fact]
    public async Task Switching_two_factor_on_needs_the_current_password_and_wrong_ones_count_towards_the_lockout()
    {
        var (client, setup, key) = await SetupPageAsync("ohne-passwort@example.de");

        // A left-open session alone (right code, no password) cannot switch it on.
        var noPassword = await Html.SubmitFormAsync(client, Form(setup, "Enable"),
            new Dictionary<string, string> { ["Input.Code"] = Totp.Compute(key, factory.Clock.GetUtcNow()) });
        Assert.Equal(HttpStatusCode.OK, noPassword.StatusCode);
        Assert.Contains("Bitte geben Sie Ihr aktuelles Passwort ein.", Html.Text(await Html.ParseAsync(noPassword)), StringComparison.Ordinal);
        Assert.False((await UserAsync("ohne-passwort@example.de")).TwoFactorEnabled);

        for (var i = 1; i <= 5; i++)
        {
            var wrong = await Html.SubmitFormAsync(client, Form(setup, "Enable"), new Dictionary<string, string>
            {
                ["Input.Password"] = $"falsch-{i}-falsch-falsch",
                ["Input.Code"] = Totp.Compute(key, factory.Clock.GetUtcNow()),
            });
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
            var doc = await Html.ParseAsync(wrong);
            Assert.Contains(i < 5 ? "Das Passwort ist falsch." : StepUp.LockedOutMessage, Html.Text(doc), StringComparison.Ordinal);
            // The code the person typed is kept; the password is not echoed.
            Assert.Equal(Totp.Compute(key, factory.Clock.GetUtcNow()), doc.QuerySelector<IHtmlInputElement>("#Input_Code")!.Value);
            Assert.Equal("", doc.QuerySelector<IHtmlInputElement>("#Input_Password")!.Value);
        }
        // Locked out: even the right password does not switch it on now.
        var locked = await Html.SubmitFormAsync(client, Form(setup, "Enable"), new Dictionary<string, string>
        {
            ["Input.Password"] = TestData.Password,
            ["Input.Code"] = Totp.Compute(key, factory.Clock.GetUtcNow()),
        });
        Assert.Contains(StepUp.LockedOutMessage, Html.Text(await Html.ParseAsync(locked)), StringComparison.Ordinal);
        Assert.False((await UserAsync("ohne-passwort@example.de")).TwoFactorEnabled);
    }

    [Fact]
    public async Task The_code_that_switched_two_factor_on_cannot_sign_in_again_but_the_next_one_can()
    {
        var (client, setup, key) = await SetupPageAsync("einmal@example.de");
        var code = Totp.Compute(key, factory.Clock.GetUtcNow());
        Html.AssertRedirect(await Html.SubmitFormAsync(client, Form(setup, "Enable"),
            new Dictionary<string, string> { ["Input.Password"] = TestData.Password, ["Input.Code"] = code }), "/Konto/ZweiFaktor");

        var (fresh, prompt) = await AtTotpPromptAsync("einmal@example.de");
        var replayed = await Html.SubmitAsync(fresh, prompt, new Dictionary<string, string> { ["Input.Code"] = code });
        Assert.Equal(HttpStatusCode.OK, replayed.StatusCode);
        Assert.Contains("bereits verwendet", Html.Text(await Html.ParseAsync(replayed)), StringComparison.Ordinal);
        Html.AssertRedirect(await Html.SubmitAsync(fresh, prompt,
            new Dictionary<string, string> { ["Input.Code"] = Totp.Later(key, factory.Clock.GetUtcNow()) }), "/");

        // An older code within the window is refused too once a later step has been used.
        var (third, prompt3) = await AtTotpPromptAsync("einmal@example.de");
        var older = await Html.SubmitAsync(third, prompt3, new Dictionary<string, string> { ["Input.Code"] = Totp.Compute(key, factory.Clock.GetUtcNow().AddSeconds(-30)) });
        Assert.Equal(HttpStatusCode.OK, older.StatusCode);
    }

    [Fact]
    public async Task A_new_authenticator_key_needs_the_current_password()
    {
        var (client, setup, key) = await SetupPageAsync("neuer-schluessel@example.de");
        var wrong = await Html.SubmitFormAsync(client, Form(setup, "NewKey"), new Dictionary<string, string> { ["NewKey.Password"] = "falsch-falsch-falsch" });
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.Contains("Das Passwort ist falsch.", Html.Text(await Html.ParseAsync(wrong)), StringComparison.Ordinal);
        Assert.Equal(1, (await UserAsync("neuer-schluessel@example.de")).AccessFailedCount);
        var (_, same) = await Html.GetAsync(client, "/Konto/ZweiFaktor");
        Assert.Equal(key, same.QuerySelector("code.secret")!.TextContent);

        var renewed = await Html.SubmitFormAsync(client, Form(same, "NewKey"), new Dictionary<string, string> { ["NewKey.Password"] = TestData.Password });
        Html.AssertRedirect(renewed, "/Konto/ZweiFaktor");
        var (_, after) = await Html.GetAsync(client, "/Konto/ZweiFaktor");
        var newKey = after.QuerySelector("code.secret")!.TextContent;
        Assert.NotEqual(key, newKey);
        Assert.Equal(0, (await UserAsync("neuer-schluessel@example.de")).AccessFailedCount);

        // The old key's code no longer switches two-factor on; the new one does.
        var old = await Html.SubmitFormAsync(client, Form(after, "Enable"), new Dictionary<string, string>
        {
            ["Input.Password"] = TestData.Password,
            ["Input.Code"] = Totp.Compute(key, factory.Clock.GetUtcNow()),
        });
        Assert.Equal(HttpStatusCode.OK, old.StatusCode);
        Html.AssertRedirect(await Html.SubmitFormAsync(client, Form(after, "Enable"), new Dictionary<string, string>
        {
            ["Input.Password"] = TestData.Password,
            ["Input.Code"] = Totp.Compute(newKey, factory.Clock.GetUtcNow()),
        }), "/Konto/ZweiFaktor");
    }

    [Fact]
    public async Task The_sign_in_code_is_refused_at_step_up_and_each_step_up_code_works_once()
    {
        var (admin, key) = await Flows.AdminClientAsync(factory, "stufe@example.de");
        var now = factory.Clock.GetUtcNow();
        var (_, confirm) = await Html.GetAsync(admin, "/Admin/Bestaetigen?returnUrl=%2FAdmin");
        var replayed = await Html.SubmitAsync(admin, confirm, new Dictionary<string, string> { ["Input.Secret"] = Totp.Compute(key, now) });
        Assert.Equal(HttpStatusCode.OK, replayed.StatusCode);
        Assert.Contains("Das Passwort oder der Code ist falsch.", Html.Text(await Html.ParseAsync(replayed)), StringComparison.Ordinal);

        Html.AssertRedirect(await Html.SubmitAsync(admin, confirm, new Dictionary<string, string> { ["Input.Secret"] = Totp.Later(key, now) }), "/Admin");
        var again = await Html.SubmitAsync(admin, confirm, new Dictionary<string, string> { ["Input.Secret"] = Totp.Later(key, now) });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Html.AssertRedirect(await Html.SubmitAsync(admin, confirm, new Dictionary<string, string> { ["Input.Secret"] = Totp.Later(key, now, 2) }), "/Admin");
    }

    [Fact]
    public async Task A_replayed_code_cannot_switch_two_factor_off()
    {
        var (admin, key) = await Flows.AdminClientAsync(factory, "aus@example.de");
        var now = factory.Clock.GetUtcNow();
        var (_, page) = await Html.GetAsync(admin, "/Konto/ZweiFaktor");
        var replayed = await Html.SubmitFormAsync(admin, Form(page, "Disable"), new Dictionary<string, string> { ["Input.Code"] = Totp.Compute(key, now) });
        Assert.Equal(HttpStatusCode.OK, replayed.StatusCode);
        Assert.True((await UserAsync("aus@example.de")).TwoFactorEnabled);
        Html.AssertRedirect(await Html.SubmitFormAsync(admin, Form(page, "Disable"),
            new Dictionary<string, string> { ["Input.Code"] = Totp.Later(key, now) }), "/Konto/ZweiFaktor");
        Assert.False((await UserAsync("aus@example.de")).TwoFactorEnabled);
    }

    [Fact]
    public async Task Four_simultaneous_sign_ins_with_the_same_code_succeed_once()
    {
        var key = await TwoFactorUserAsync("gleichzeitig@example.de");
        var prompts = new List<(HttpClient Client, IHtmlDocument Prompt)>();
        for (var i = 0; i < 4; i++) prompts.Add(await AtTotpPromptAsync("gleichzeitig@example.de"));
        var code = Totp.Compute(key, factory.Clock.GetUtcNow());

        using var start = new SemaphoreSlim(0);
        var tasks = prompts.Select(p => Task.Run(async () =>
        {
            await start.WaitAsync();
            return await Html.SubmitAsync(p.Client, p.Prompt, new Dictionary<string, string> { ["Input.Code"] = code });
        })).ToList();
        start.Release(tasks.Count);
        var responses = await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromSeconds(60));

        var statuses = string.Join(", ", responses.Select(r => (int)r.StatusCode));
        Assert.True(responses.Count(r => r.StatusCode == HttpStatusCode.Redirect) == 1, statuses + "\n" + factory.LogText);
        Assert.True(responses.Count(r => r.StatusCode == HttpStatusCode.OK) == 3, statuses + "\n" + factory.LogText);
    }

    [Fact]
    public async Task Four_simultaneous_step_ups_with_the_same_code_succeed_once()
    {
        var (admin, key) = await Flows.AdminClientAsync(factory, "parallel-stufe@example.de");
        var (_, confirm) = await Html.GetAsync(admin, "/Admin/Bestaetigen?returnUrl=%2FAdmin");
        var code = Totp.Later(key, factory.Clock.GetUtcNow());

        using var start = new SemaphoreSlim(0);
        var tasks = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            await start.WaitAsync();
            return await Html.SubmitAsync(admin, confirm, new Dictionary<string, string> { ["Input.Secret"] = code });
        })).ToList();
        start.Release(tasks.Count);
        var responses = await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromSeconds(60));

        var statuses = string.Join(", ", responses.Select(r => (int)r.StatusCode));
        Assert.True(responses.Count(r => r.StatusCode == HttpStatusCode.Redirect) == 1, statuses + "\n" + factory.LogText);
        Assert.True(responses.Count(r => r.StatusCode == HttpStatusCode.OK) == 3, statuses + "\n" + factory.LogText);
    }

    [Fact]
    public async Task Saving_an_account_loaded_before_a_code_was_used_does_not_make_the_code_usable_again()
    {
        var key = await TwoFactorUserAsync("veraltet@example.de");
        var code = Totp.Compute(key, factory.Clock.GetUtcNow());
        var provider = TokenOptions.DefaultAuthenticatorProvider;

        using var staleScope = factory.Services.CreateScope();
        var staleUsers = staleScope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var stale = (await staleUsers.FindByEmailAsync("veraltet@example.de"))!;

        using (var scope = factory.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            Assert.True(await users.VerifyTwoFactorTokenAsync((await users.FindByEmailAsync("veraltet@example.de"))!, provider, code));
        }
        // A parallel request that loaded the account earlier now saves it (a failed attempt elsewhere).
        Assert.True((await staleUsers.AccessFailedAsync(stale)).Succeeded);

        using (var scope = factory.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            Assert.False(await users.VerifyTwoFactorTokenAsync((await users.FindByEmailAsync("veraltet@example.de"))!, provider, code));
        }
    }
}
