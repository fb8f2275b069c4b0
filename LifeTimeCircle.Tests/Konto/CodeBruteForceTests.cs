using System.Net;
using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Infrastructure.Security;
using LifeTimeCircle.Tests.Infrastructure;
using LifeTimeCircle.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LifeTimeCircle.Tests.Konto;

/// <summary>E-mail codes: tries counted by the database, limits per account as well as per client (SPEC §2).</summary>
public sealed class CodeBruteForceTests(LtcFactory factory) : IClassFixture<LtcFactory>
{
    private async Task<(HttpClient Client, string Code)> RegisterAsync(string email)
    {
        var client = factory.CreateBrowserClient();
        var (_, page) = await Html.GetAsync(client, "/Konto/Registrieren");
        Html.AssertRedirect(await Html.SubmitAsync(client, page, new Dictionary<string, string>
        {
            ["Input.Email"] = email, ["Input.Password"] = TestData.Password, ["Input.ConfirmPassword"] = TestData.Password,
        }), "/Konto/Bestaetigen");
        return (client, await Outbox.LatestCodeAsync(factory, email));
    }

    private static string WrongCode(string code, int i) => ((int.Parse(code) + 1 + i) % 1_000_000).ToString("D6");

    [Fact]
    public async Task Parallel_wrong_codes_each_use_up_a_try_and_then_even_the_right_code_fails()
    {
        const string email = "parallel@example.de";
        var (client, code) = await RegisterAsync(email);
        var (_, page) = await Html.GetAsync(client, "/Konto/Bestaetigen");
        // Five guesses at once, through the real form (one antiforgery token serves them all).
        var guesses = Enumerable.Range(0, 5).Select(i => Html.SubmitAsync(client, page,
            new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Code"] = WrongCode(code, i), ["Input.Password"] = TestData.Password })).ToList();
        var answers = await Task.WhenAll(guesses);
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        var tries = await factory.WithDbAsync(db => db.EmailCodes.Where(c => db.Users.Any(u => u.Id == c.UserId && u.Email == email)).SumAsync(c => c.FailedAttempts));
        Assert.Equal(5, tries);

        var right = await Html.SubmitAsync(client, page, new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Code"] = code, ["Input.Password"] = TestData.Password });
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Contains("Der Code ist ungültig oder abgelaufen", Html.Text(await Html.ParseAsync(right)));
    }

    [Fact]
    public async Task The_right_code_sent_many_times_at_once_is_accepted_exactly_once()
    {
        const string email = "einmal@example.de";
        await factory.CreateUserAsync(email);
        var userId = await factory.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());
        string code;
        using (var scope = factory.Services.CreateScope())
        {
            code = (await scope.ServiceProvider.GetRequiredService<EmailCodeService>().IssueAsync(userId, EmailCodePurpose.ResetPassword, CancellationToken.None))!;
        }
        var checks = Enumerable.Range(0, 12).Select(async _ =>
        {
            await Task.Yield();
            using var scope = factory.Services.CreateScope();
            return await scope.ServiceProvider.GetRequiredService<EmailCodeService>().CheckAsync(userId, EmailCodePurpose.ResetPassword, code, CancellationToken.None);
        });
        var results = await Task.WhenAll(checks);
        Assert.Single(results, r => r is not null);
    }

    [Fact]
    public async Task Four_parallel_wrong_guesses_are_all_counted()
    {
        // Before the fix, read-modify-write lost updates here (counted 1 of 4).
        const string email = "vier-parallel@example.de";
        await factory.CreateUserAsync(email);
        var userId = await factory.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());
        string code;
        using (var scope = factory.Services.CreateScope())
        {
            code = (await scope.ServiceProvider.GetRequiredService<EmailCodeService>().IssueAsync(userId, EmailCodePurpose.ResetPassword, CancellationToken.None))!;
        }
        var checks = Enumerable.Range(0, 4).Select(async i =>
        {
            await Task.Yield();
            using var scope = factory.Services.CreateScope();
            return await scope.ServiceProvider.GetRequiredService<EmailCodeService>().CheckAsync(userId, EmailCodePurpose.ResetPassword, WrongCode(code, i), CancellationToken.None);
        });
        Assert.All(await Task.WhenAll(checks), Assert.Null);
        Assert.Equal(4, await factory.WithDbAsync(db => db.EmailCodes.Where(c => c.UserId == userId).SumAsync(c => c.FailedAttempts)));
    }

    [Fact]
    public async Task An_account_gets_at_most_five_codes_an_hour_whoever_asks()
    {
        const string email = "viele-codes@example.de";
        await factory.CreateUserAsync(email);
        for (var i = 0; i < 7; i++)
        {
            // A fresh client each time, as an attacker rotating addresses would be.
            var client = factory.CreateBrowserClient();
            var (_, page) = await Html.GetAsync(client, "/Konto/PasswortVergessen");
            Html.AssertRedirect(await Html.SubmitAsync(client, page, new Dictionary<string, string> { ["Input.Email"] = email }), "/Konto/PasswortNeu");
        }
        var codeMails = (await Outbox.MessagesToAsync(factory, email)).Count(m => m.Subject!.StartsWith("Ihr Code", StringComparison.Ordinal));
        Assert.Equal(EmailCode.MaxIssuedPerAccount, codeMails);
        var limited = await factory.WithDbAsync(db => db.AuditEvents.CountAsync(a => a.Action == AuditActions.RateLimited && a.MetadataJson.Contains("ACCOUNT_CODE_LIMIT")));
        Assert.Equal(2, limited);

        factory.Clock.Advance(EmailCode.AccountWindow + TimeSpan.FromMinutes(1));
        var later = factory.CreateBrowserClient();
        var (_, again) = await Html.GetAsync(later, "/Konto/PasswortVergessen");
        await Html.SubmitAsync(later, again, new Dictionary<string, string> { ["Input.Email"] = email });
        Assert.Equal(EmailCode.MaxIssuedPerAccount + 1, (await Outbox.MessagesToAsync(factory, email)).Count(m => m.Subject!.StartsWith("Ihr Code", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task After_ten_wrong_tries_in_an_hour_no_code_of_the_account_is_checked()
    {
        const string email = "zehn-fehler@example.de";
        await factory.CreateUserAsync(email);
        var userId = await factory.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());
        using var scope = factory.Services.CreateScope();
        var codes = scope.ServiceProvider.GetRequiredService<EmailCodeService>();
        for (var round = 0; round < 2; round++)
        {
            var code = (await codes.IssueAsync(userId, EmailCodePurpose.ResetPassword, CancellationToken.None))!;
            for (var i = 0; i < 5; i++)
            {
                Assert.Null(await codes.CheckAsync(userId, EmailCodePurpose.ResetPassword, WrongCode(code, i), CancellationToken.None));
            }
        }
        var fresh = (await codes.IssueAsync(userId, EmailCodePurpose.ResetPassword, CancellationToken.None))!;
        Assert.Null(await codes.CheckAsync(userId, EmailCodePurpose.ResetPassword, fresh, CancellationToken.None));
    }

    [Theory]
    [InlineData("203.0.113.7", "203.0.113.7")]
    [InlineData("::ffff:203.0.113.7", "203.0.113.7")]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:3::1", "2001:db8:1:3::/64")]
    public void Rate_limits_group_ipv6_clients_by_their_64_network(string address, string expected)
    {
        Assert.Equal(expected, RateLimitSetup.ClientKey(System.Net.IPAddress.Parse(address)));
    }
}
