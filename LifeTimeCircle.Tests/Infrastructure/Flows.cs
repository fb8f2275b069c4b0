using System.Net;
using Microsoft.Extensions.DependencyInjection;

namespace LifeTimeCircle.Tests.Infrastructure;

/// <summary>Whole flows through the real forms, reused by many tests.</summary>
public static class Flows
{
    public static async Task<HttpResponseMessage> SignInAsync(HttpClient client, string email, string password = TestData.Password, bool remember = false)
    {
        var (_, page) = await Html.GetAsync(client, "/Konto/Anmelden");
        var values = new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = password };
        if (remember) values["Input.RememberMe"] = "true";
        return await Html.SubmitAsync(client, page, values);
    }

    /// <summary>Creates a user (with consent) and returns a client signed in as that user.</summary>
    public static async Task<HttpClient> SignedInClientAsync(LtcFactory factory, string email, string role = LifeTimeCircle.Domain.Roles.User, bool consent = true)
    {
        await factory.CreateUserAsync(email, role, consent);
        var client = factory.CreateBrowserClient();
        var response = await SignInAsync(client, email);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, await Html.DescribeAsync(response));
        return client;
    }

    /// <summary>Eintritt → Registrieren → Code aus dem Outbox → Bestätigen. Returns the response of the verification.</summary>
    public static async Task<HttpResponseMessage> RegisterAndVerifyAsync(LtcFactory factory, HttpClient client, string email, string art = "privat")
    {
        var (_, page) = await Html.GetAsync(client, "/Konto/Registrieren?art=" + art);
        var values = new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = TestData.Password,
            ["Input.ConfirmPassword"] = TestData.Password,
        };
        if (art == "gewerblich") values["Input.BusinessType"] = "Fachwerkstatt";
        var registered = await Html.SubmitAsync(client, page, values);
        Html.AssertRedirect(registered, "/Konto/Bestaetigen");
        var (_, verify) = await Html.GetAsync(client, "/Konto/Bestaetigen");
        var code = await Outbox.LatestCodeAsync(factory, email);
        return await Html.SubmitAsync(client, verify, new Dictionary<string, string> { ["Input.Code"] = code, ["Input.Password"] = TestData.Password }, "main form[method=post]");
    }

    /// <summary>
    /// An admin (or superadmin) with TOTP switched on, signed in with password and the authenticator code of the fake
    /// clock's current time step; that step is then used up (a step-up needs <see cref="Totp.Later"/>).
    /// </summary>
    public static async Task<(HttpClient Client, string TotpKey)> AdminClientAsync(LtcFactory factory, string email, string role = LifeTimeCircle.Domain.Roles.Admin)
    {
        var user = await factory.CreateUserAsync(email, role);
        string key;
        using (var scope = factory.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<LifeTimeCircle.Data.AppUser>>();
            var stored = await users.FindByIdAsync(user.Id);
            await users.ResetAuthenticatorKeyAsync(stored!);
            key = (await users.GetAuthenticatorKeyAsync(stored!))!;
            await users.SetTwoFactorEnabledAsync(stored!, true);
        }
        var client = factory.CreateBrowserClient();
        var step1 = await SignInAsync(client, email);
        Html.AssertRedirect(step1, "/Konto/AnmeldenZweiFaktor");
        var (_, totp) = await Html.GetAsync(client, step1.Headers.Location!.OriginalString);
        var done = await Html.SubmitAsync(client, totp, new Dictionary<string, string> { ["Input.Code"] = Totp.Compute(key, factory.Clock.GetUtcNow()) });
        Assert.True(done.StatusCode == HttpStatusCode.Redirect, await Html.DescribeAsync(done));
        return (client, key);
    }

    public static async Task AcceptConsentAsync(HttpClient client)
    {
        var (_, page) = await Html.GetAsync(client, "/Konto/Einwilligung");
        var response = await Html.SubmitAsync(client, page,
            new Dictionary<string, string> { ["Input.AcceptAgb"] = "true", ["Input.AcceptDatenschutz"] = "true" });
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, await Html.DescribeAsync(response));
    }
}
