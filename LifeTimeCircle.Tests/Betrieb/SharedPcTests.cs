using System.Net;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Tests.Infrastructure;

namespace LifeTimeCircle.Tests.Betrieb;

/// <summary>Issue 16 item 2 (part): business accounts on shared desktop PCs.</summary>
public sealed class SharedPcTests(LtcFactory factory) : IClassFixture<LtcFactory>
{
    private static string? AuthCookie(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? values.FirstOrDefault(v => v.StartsWith("ltc.auth=", StringComparison.Ordinal)) : null;

    [Fact]
    public async Task A_business_account_gets_a_session_cookie_even_with_remember_me()
    {
        await factory.CreateUserAsync("theke@werkstatt.example", Roles.Dealer, kind: AccountKind.Gewerblich);
        var business = await Flows.SignInAsync(factory.CreateBrowserClient(), "theke@werkstatt.example", remember: true);
        Html.AssertRedirect(business, "/");
        Assert.DoesNotContain("expires=", AuthCookie(business)!, StringComparison.OrdinalIgnoreCase);
        // A pending business registration (still role user) is on the same PC too.
        await factory.CreateUserAsync("theke-wartend@werkstatt.example", Roles.User, kind: AccountKind.Gewerblich);
        var pending = await Flows.SignInAsync(factory.CreateBrowserClient(), "theke-wartend@werkstatt.example", remember: true);
        Assert.DoesNotContain("expires=", AuthCookie(pending)!, StringComparison.OrdinalIgnoreCase);
        // A private account keeps „Angemeldet bleiben“.
        await factory.CreateUserAsync("zuhause@example.de", Roles.User);
        var owner = await Flows.SignInAsync(factory.CreateBrowserClient(), "zuhause@example.de", remember: true);
        Assert.Contains("expires=", AuthCookie(owner)!, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Platz_freigeben_signs_out_clears_the_sites_cache_and_storage_and_leaves_nothing_to_go_back_to()
    {
        var (client, _) = await WorkshopSeed.BusinessClientAsync(factory, "platz@werkstatt.example", "Werkstatt Platz");
        var (list, page) = await Html.GetAsync(client, "/Betrieb/Kundenfahrzeuge");
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Contains("no-store", list.Headers.CacheControl?.ToString() ?? "", StringComparison.Ordinal);
        // The idle timeout is announced on every page (40-session.js warns two minutes before it ends).
        Assert.Equal("30", page.QuerySelector("[data-idle-minutes]")?.GetAttribute("data-idle-minutes"));
        Assert.Contains("endet nach 30 Minuten ohne Aktivität", Html.Text(page), StringComparison.Ordinal);
        var freed = await Html.SubmitAsync(client, page, new Dictionary<string, string>(), "header form[action*='handler=Freigeben']");
        Html.AssertRedirect(freed, "/Konto/Anmelden");
        Assert.Equal("\"cache\", \"storage\"", string.Join(",", freed.Headers.GetValues("Clear-Site-Data")));
        Html.AssertRedirect(await client.GetAsync("/Betrieb/Kundenfahrzeuge"), "/Konto/Anmelden");
        var (_, signIn) = await Html.GetAsync(client, "/Konto/Anmelden");
        Assert.Contains("Platz freigegeben.", Html.Text(signIn));
        // Private accounts are offered plain „Abmelden“ only.
        var owner = await Flows.SignedInClientAsync(factory, "privat-platz@example.de");
        var (_, dashboard) = await Html.GetAsync(owner, "/Dashboard");
        Assert.Null(dashboard.QuerySelector("header form[action*='handler=Freigeben']"));
        Assert.Null(dashboard.QuerySelector("[data-idle-minutes]"));
    }
}
