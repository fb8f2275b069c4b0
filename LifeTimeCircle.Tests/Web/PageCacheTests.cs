using System.Net;
using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Tests.Fahrzeuge;
using LifeTimeCircle.Tests.Infrastructure;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LifeTimeCircle.Tests.Web;

/// <summary>
/// Issue 13, ADR 0012 addendum: the owner's most-read pages are served again from the per-user page cache (an
/// <c>Age</c> header marks a cached answer) only to the same session, and never after any write, a new minute, a
/// flash message or the end of the session.
/// </summary>
public sealed class PageCacheTests(LtcFactory factory) : IClassFixture<LtcFactory>
{
    private async Task<(HttpClient Owner, string VehicleId)> OwnerAsync(string email)
    {
        var owner = await Flows.SignedInClientAsync(factory, email, Roles.Vip);
        var (id, _) = await VehicleSeed.CreateVehicleWithEntriesAsync(factory, email, 3);
        return (owner, id);
    }

    private static async Task<(bool Cached, string Text)> ReadAsync(HttpClient client, string url)
    {
        var (response, doc) = await Html.GetAsync(client, url);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await Html.DescribeAsync(response));
        return (response.Headers.Contains("Age"), Html.Text(doc));
    }

    private Task RenameAsync(string vehicleId, string name) => factory.WithDbAsync(async db =>
    {
        var vehicle = await db.Vehicles.SingleAsync(v => v.PublicId == vehicleId);
        db.Entry(vehicle).Property("Nickname").CurrentValue = name;
        return await db.SaveChangesAsync();
    });

    [Fact]
    public async Task An_owner_page_is_served_from_the_cache_until_anything_is_written()
    {
        var (owner, id) = await OwnerAsync("seiten-cache@example.de");
        var audited = await factory.WithDbAsync(db => db.AuditEvents.CountAsync());
        foreach (var url in new[] { $"/Fahrzeuge/{id}/Eintragung", $"/Fahrzeuge/{id}/Fahrzeugakte", $"/Fahrzeuge/{id}", "/Fahrzeuge", "/Dashboard",
                     $"/Fahrzeuge/{id}/Rechnung", $"/Fahrzeuge/{id}/Modul-Ereignisse", $"/Fahrzeuge/{id}/Erinnerungen", "/Postfach", "/Module", "/Profil" })
        {
            Assert.False((await ReadAsync(owner, url)).Cached, url);
            Assert.True((await ReadAsync(owner, url)).Cached, url + " should come from the page cache the second time");
            // A query string (a further page of a list, or anything else) is always rendered: one entry per page and account.
            Assert.False((await ReadAsync(owner, url + "?x=1")).Cached, url);
            Assert.False((await ReadAsync(owner, url + "?x=1")).Cached, url);
        }
        // No cached page writes the audit trail on a read (its writes do not end the cache, so a hit would lose them).
        Assert.Equal(audited, await factory.WithDbAsync(db => db.AuditEvents.CountAsync()));
        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetAsync($"/Fahrzeuge/{id}/rechnung")).StatusCode);

        // A save through the change tracker (as any form, job or other user would do it).
        await RenameAsync(id, "Alltagsauto");
        var (cached, text) = await ReadAsync(owner, "/Fahrzeuge");
        Assert.False(cached, "a write must end the cached page");
        Assert.Contains("Alltagsauto", text);
        Assert.True((await ReadAsync(owner, "/Fahrzeuge")).Cached);

        // A bulk update that bypasses the change tracker.
        await factory.WithDbAsync(db => db.Vehicles.Where(v => v.PublicId == id).ExecuteUpdateAsync(s => s.SetProperty(v => v.Nickname, "Sonntagsauto")));
        (cached, text) = await ReadAsync(owner, "/Fahrzeuge");
        Assert.False(cached);
        Assert.Contains("Sonntagsauto", text);

        // A write only to the audit trail leaves the cache valid (no cached page shows it).
        Assert.True((await ReadAsync(owner, "/Fahrzeuge")).Cached);
        await factory.WithDbAsync(async db =>
        {
            var audit = factory.Services.GetRequiredService<LifeTimeCircle.Infrastructure.Audit.AuditWriter>();
            await audit.WriteAsync("TEST_EVENT", "VEHICLE", id, AuditResult.Success);
            return 0;
        });
        Assert.True((await ReadAsync(owner, "/Fahrzeuge")).Cached);

        // Time moves on: what a page shows of „now“ is at most a minute old.
        factory.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.False((await ReadAsync(owner, "/Fahrzeuge")).Cached);
    }

    [Fact]
    public async Task Nobody_else_and_no_ended_session_gets_the_cached_page()
    {
        var (owner, id) = await OwnerAsync("seiten-cache-2@example.de");
        var url = $"/Fahrzeuge/{id}/Eintragung";
        await ReadAsync(owner, url);
        Assert.True((await ReadAsync(owner, url)).Cached);

        var other = await Flows.SignedInClientAsync(factory, "seiten-cache-fremd@example.de");
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(url)).StatusCode);
        var anonymous = factory.CreateBrowserClient();
        Html.AssertRedirect(await anonymous.GetAsync(url), "/Konto/Anmelden");

        // A second session of the same owner has its own antiforgery cookie: its forms need their own tokens.
        var second = factory.CreateBrowserClient();
        Html.AssertRedirect(await Flows.SignInAsync(second, "seiten-cache-2@example.de"), "/");
        Assert.False((await ReadAsync(second, url)).Cached);

        // „Überall abmelden“ (a new security stamp) ends the session at its next request, cached page or not.
        using (var scope = factory.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var user = await users.FindByEmailAsync("seiten-cache-2@example.de");
            await users.UpdateSecurityStampAsync(user!);
        }
        Html.AssertRedirect(await owner.GetAsync(url), "/Konto/Anmelden");
    }

    [Fact]
    public async Task A_flash_message_after_a_form_is_shown_and_never_replaced_by_the_cached_page()
    {
        var (owner, id) = await OwnerAsync("seiten-cache-3@example.de");
        await ReadAsync(owner, $"/Fahrzeuge/{id}");
        Assert.True((await ReadAsync(owner, $"/Fahrzeuge/{id}")).Cached);

        var (_, edit) = await Html.GetAsync(owner, $"/Fahrzeuge/{id}/Bearbeiten");
        var saved = await Html.SubmitAsync(owner, edit, new Dictionary<string, string> { ["Input.Nickname"] = "Kombi" });
        Html.AssertRedirect(saved, $"/Fahrzeuge/{id}");
        var (cached, text) = await ReadAsync(owner, $"/Fahrzeuge/{id}");
        Assert.False(cached);
        Assert.Contains("Fahrzeugdaten gespeichert.", text);
        Assert.Contains("Kombi", text);
        // The message is shown once; the page without it is cached again.
        Assert.DoesNotContain("Fahrzeugdaten gespeichert.", (await ReadAsync(owner, $"/Fahrzeuge/{id}")).Text);
    }

    [Theory]
    [InlineData("ltc.af=a; ltc.auth=b", true)]
    [InlineData("ltc.af=a; ltc.authC1=b; ltc.authC2=c; ltc.auth=chunks-2", true)]
    [InlineData("ltc.auth=b", false)] // no antiforgery cookie yet: the page sets one
    [InlineData("ltc.af=a; ltc.auth=b; .AspNetCore.Mvc.CookieTempDataProvider=x", false)] // a flash message
    [InlineData("ltc.af=a; ltc.auth=b; ltc.stepup=x", false)]
    public void Only_requests_with_the_session_and_antiforgery_cookies_use_the_cache(string cookies, bool expected)
    {
        var http = new DefaultHttpContext();
        http.Request.Headers.Cookie = cookies;
        Assert.Equal(expected, PageCache.OnlySessionCookies(http.Request.Cookies));
    }

    [Theory]
    [InlineData("SELECT \"v\".\"Id\" FROM \"Vehicles\" AS \"v\"", false)]
    [InlineData("PRAGMA foreign_keys = 1;", false)]
    [InlineData("SAVEPOINT \"__EFSavePoint\";", false)]
    [InlineData("-- a comment\nSELECT 1", false)]
    [InlineData("INSERT INTO \"AuditEvents\" (\"Action\") VALUES (@p0) RETURNING \"Id\";", false)]
    [InlineData("INSERT INTO \"Entries\" (\"VehicleId\") VALUES (@p0) RETURNING \"Id\";", true)]
    [InlineData("INSERT INTO \"AuditEvents\" (\"Action\") VALUES (@p0);\nUPDATE \"Vehicles\" SET \"Nickname\" = @p1 WHERE \"Id\" = @p2 RETURNING 1;", true)]
    [InlineData("UPDATE \"AspNetUsers\" SET \"SecurityStamp\" = @p0 WHERE \"Id\" = @p1;", true)]
    [InlineData("DELETE FROM \"Reminders\" WHERE \"Id\" = @p0", true)]
    [InlineData("INSERT OR REPLACE INTO \"Settings\" VALUES (1)", true)]
    [InlineData("CREATE TABLE \"X\" (\"Id\" INTEGER)", true)]
    [InlineData("WITH x AS (SELECT 1) UPDATE \"Vehicles\" SET \"Nickname\" = NULL", true)]
    public void Every_write_outside_the_audit_trail_counts(string sql, bool writes) => Assert.Equal(writes, DataGeneration.Writes(sql));
}

/// <summary><c>LTC_PAGE_CACHE_SECONDS=0</c> switches the page cache off.</summary>
public sealed class PageCacheOffTests(PageCacheOffTests.Factory factory) : IClassFixture<PageCacheOffTests.Factory>
{
    public sealed class Factory : LtcFactory
    {
        protected override IDictionary<string, string> Settings => new Dictionary<string, string> { ["LTC_PAGE_CACHE_SECONDS"] = "0" };
    }

    [Fact]
    public async Task Every_page_is_rendered_when_the_cache_is_off()
    {
        var owner = await Flows.SignedInClientAsync(factory, "ohne-cache@example.de");
        for (var i = 0; i < 3; i++)
        {
            var (response, _) = await Html.GetAsync(owner, "/Fahrzeuge");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.False(response.Headers.Contains("Age"));
        }
    }
}
