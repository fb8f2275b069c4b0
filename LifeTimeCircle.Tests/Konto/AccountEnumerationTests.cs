using System.Net;
using System.Text.RegularExpressions;
using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace LifeTimeCircle.Tests.Konto;

/// <summary>
/// Every account page answers a known address (confirmed or not) exactly like an unknown one: same status, same
/// redirect, same headers and cookies, same page after the redirect. Mail only leaves through the queue.
/// </summary>
public sealed partial class AccountEnumerationTests(LtcFactory factory) : IClassFixture<LtcFactory>, IAsyncLifetime
{
    private const string Confirmed = "bestaetigt@example.de";
    private const string Unconfirmed = "offen@example.de";
    private const string Unknown = "gibt-es-nicht@example.de";
    private static readonly string[] Addresses = [Confirmed, Unconfirmed, Unknown];

    public async Task InitializeAsync()
    {
        using var scope = factory.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        if (await users.FindByEmailAsync(Confirmed) is not null) return;
        await factory.CreateUserAsync(Confirmed);
        // An unconfirmed account as a registration leaves it: no password until the address is proven.
        var client = factory.CreateBrowserClient();
        var (_, page) = await Html.GetAsync(client, "/Konto/Registrieren");
        await Html.SubmitAsync(client, page, new Dictionary<string, string>
        {
            ["Input.Email"] = Unconfirmed, ["Input.Password"] = TestData.Password, ["Input.ConfirmPassword"] = TestData.Password,
        });
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>What a visitor can observe of an answer, with the per-request random values blanked.</summary>
    private static async Task<string> ShapeAsync(HttpClient client, HttpResponseMessage response, string email)
    {
        var headers = response.Headers.Concat(response.Content.Headers)
            .Where(h => !h.Key.Equals("Date", StringComparison.OrdinalIgnoreCase) && !h.Key.Equals("X-Request-Id", StringComparison.OrdinalIgnoreCase) && !h.Key.Equals("Set-Cookie", StringComparison.OrdinalIgnoreCase))
            .Select(h => h.Key == "Content-Length" ? h.Key : h.Key + "=" + string.Join(",", h.Value))
            .Order(StringComparer.Ordinal);
        IEnumerable<string> cookies = response.Headers.TryGetValues("Set-Cookie", out var set)
            ? set.Select(c => CookieValue().Replace(c, "$1=…")).Order(StringComparer.Ordinal).ToList()
            : [];
        var body = await response.Content.ReadAsStringAsync();
        if (response.Headers.Location is { } location)
        {
            // Where the redirect leads is part of the answer too.
            body = await (await client.GetAsync(location.OriginalString)).Content.ReadAsStringAsync();
        }
        body = Token().Replace(body, "value=\"…\"").Replace(email, "ADRESSE", StringComparison.OrdinalIgnoreCase);
        return $"{(int)response.StatusCode} {response.Headers.Location}\n{string.Join("\n", headers)}\n{string.Join("\n", cookies)}\n{body}";
    }

    private async Task AssertSameForAllAsync(string url, Func<string, Dictionary<string, string>> values, string? button = null)
    {
        var shapes = new List<string>();
        foreach (var email in Addresses)
        {
            var client = factory.CreateBrowserClient();
            var (_, page) = await Html.GetAsync(client, url);
            var response = await Html.SubmitAsync(client, page, values(email), submitButtonSelector: button);
            shapes.Add(await ShapeAsync(client, response, email));
        }
        Assert.Equal(shapes[2], shapes[0]);
        Assert.Equal(shapes[2], shapes[1]);
    }

    [Fact]
    public Task Registration_answers_alike_for_every_address() =>
        AssertSameForAllAsync("/Konto/Registrieren", e => new() { ["Input.Email"] = e, ["Input.Password"] = "ein-neues-passwort-123", ["Input.ConfirmPassword"] = "ein-neues-passwort-123" });

    [Fact]
    public Task A_weak_password_is_refused_alike_for_every_address_on_registration() =>
        AssertSameForAllAsync("/Konto/Registrieren", e => new() { ["Input.Email"] = e, ["Input.Password"] = "aaaaaaaaaaaa", ["Input.ConfirmPassword"] = "aaaaaaaaaaaa" });

    [Fact]
    public Task A_weak_password_is_refused_alike_for_every_address_on_password_reset() =>
        AssertSameForAllAsync("/Konto/PasswortNeu", e => new() { ["Input.Email"] = e, ["Input.Code"] = "123456", ["Input.Password"] = "aaaaaaaaaaaa", ["Input.ConfirmPassword"] = "aaaaaaaaaaaa" });

    [Fact]
    public Task A_wrong_reset_code_is_refused_alike_for_every_address() =>
        AssertSameForAllAsync("/Konto/PasswortNeu", e => new() { ["Input.Email"] = e, ["Input.Code"] = "123456", ["Input.Password"] = "ein-neues-passwort-123", ["Input.ConfirmPassword"] = "ein-neues-passwort-123" });

    [Fact]
    public Task Forgotten_password_answers_alike_for_every_address() =>
        AssertSameForAllAsync("/Konto/PasswortVergessen", e => new() { ["Input.Email"] = e });

    [Fact]
    public Task A_wrong_verification_code_is_refused_alike_for_every_address() =>
        AssertSameForAllAsync("/Konto/Bestaetigen", e => new() { ["Input.Email"] = e, ["Input.Code"] = "123456", ["Input.Password"] = TestData.Password });

    [Fact]
    public Task Asking_for_a_new_verification_code_answers_alike_for_every_address() =>
        AssertSameForAllAsync("/Konto/Bestaetigen", e => new() { ["Input.Email"] = e }, button: "button[formaction]");

    [Fact]
    public Task A_wrong_password_is_answered_alike_for_every_address() =>
        AssertSameForAllAsync("/Konto/Anmelden", e => new() { ["Input.Email"] = e, ["Input.Password"] = "nicht-das-passwort" });

    [Fact]
    public async Task A_locked_account_answers_like_an_unknown_address()
    {
        const string locked = "gesperrt-enum@example.de";
        const string nobody = "niemand-enum@example.de";
        await factory.CreateUserAsync(locked);
        string? lockedShape = null, nobodyShape = null;
        for (var i = 0; i < 7; i++)
        {
            foreach (var email in new[] { locked, nobody })
            {
                var client = factory.CreateBrowserClient();
                // The last round uses the right password: the locked account still must not tell.
                var response = await Flows.SignInAsync(client, email, i == 6 ? TestData.Password : "falsch-falsch-falsch");
                var shape = await ShapeAsync(client, response, email);
                if (email == locked) lockedShape = shape; else nobodyShape = shape;
            }
            Assert.Equal(nobodyShape, lockedShape);
        }
        Assert.Contains("E-Mail-Adresse oder Passwort ist falsch.", lockedShape);
    }

    [Fact]
    public async Task Account_pages_send_no_mail_inside_the_request()
    {
        var before = Directory.Exists(factory.OutboxDir) ? Directory.GetFiles(factory.OutboxDir).Length : 0;
        var client = factory.CreateBrowserClient();
        var (_, page) = await Html.GetAsync(client, "/Konto/PasswortVergessen");
        await Html.SubmitAsync(client, page, new Dictionary<string, string> { ["Input.Email"] = Confirmed });
        var after = Directory.Exists(factory.OutboxDir) ? Directory.GetFiles(factory.OutboxDir).Length : 0;
        Assert.Equal(before, after);
        var queued = await factory.WithDbAsync(db => Task.FromResult(db.OutgoingMails.Count(m => m.Status == LifeTimeCircle.Domain.Mail.MailStatus.Queued)));
        Assert.True(queued >= 1, "Die Code-Mail wartet in der Warteschlange.");
        Assert.NotEmpty(await Outbox.MessagesToAsync(factory, Confirmed));
    }

    [GeneratedRegex("(?<=name=\"__RequestVerificationToken\"[^>]*)value=\"[^\"]*\"|value=\"[^\"]*\"(?=[^>]*name=\"__RequestVerificationToken\")")]
    private static partial Regex Token();

    [GeneratedRegex("^([^=]+)=[^;]*")]
    private static partial Regex CookieValue();
}
