using System.Net;
using System.Text.RegularExpressions;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Vehicles;
using LifeTimeCircle.Tests.Infrastructure;
using LifeTimeCircle.Tests.Platform;
using LifeTimeCircle.Tests.Fahrzeuge;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Tests.Public;

public sealed partial class MiniCheckTests(LtcFactory factory, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<LtcFactory>
{
    private async Task<(HttpClient Owner, string VehicleId)> OwnerWithVehicleAsync(string email, AccidentStatus accident = AccidentStatus.Unbekannt)
    {
        var owner = await Flows.SignedInClientAsync(factory, email, Roles.Vip);
        var (id, _) = await VehicleSeed.CreateVehicleWithEntriesAsync(factory, email, 0, accident: accident);
        return (owner, id);
    }

    private static async Task<string> PostAsync(HttpClient client, string vehicleId, string handler)
    {
        var (_, page) = await Html.GetAsync(client, $"/Fahrzeuge/{vehicleId}/Teilen");
        var form = page.QuerySelector<AngleSharp.Html.Dom.IHtmlFormElement>($"form[action*='handler={handler}']")!;
        Html.AssertRedirect(await Html.SubmitFormAsync(client, form, new Dictionary<string, string>()), $"/Fahrzeuge/{vehicleId}/Teilen");
        var (_, after) = await Html.GetAsync(client, $"/Fahrzeuge/{vehicleId}/Teilen");
        return after.QuerySelector("code.secret")?.TextContent ?? "";
    }

    [Fact]
    public async Task The_mini_check_shows_exactly_the_allowed_facts_and_the_disclaimer()
    {
        var (owner, id) = await OwnerWithVehicleAsync("qr@example.de");
        var url = await PostAsync(owner, id, "Enable");
        Assert.Matches("/q/[A-Za-z0-9_-]{22}$", url);
        var (_, sharePage) = await Html.GetAsync(owner, $"/Fahrzeuge/{id}/Teilen");
        Assert.NotNull(sharePage.QuerySelector(".qr svg"));

        var anonymous = factory.CreateBrowserClient();
        var (response, doc) = await Html.GetAsync(anonymous, new Uri(url).PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = Html.Text(doc);
        Assert.Contains("Trust-Ampel: Orange", text);
        Assert.Contains("Dokumentation vorhanden, aber Nachweise sind teilweise unvollständig.", text);
        Assert.Contains("Alltag", text);
        Assert.Contains("Volkswagen Golf", text);
        Assert.Contains("Unbekannt", text);
        Assert.Contains("Die Trust-Ampel bewertet ausschließlich die Dokumentations- und Nachweisqualität. Sie ist keine Aussage über den technischen Zustand des Fahrzeugs.", text);
        var vin = doc.QuerySelectorAll("dd")[4].TextContent;
        Assert.Matches("^[A-Z0-9]{3}\\*\\*\\*[A-Z0-9]{4}$", vin);
        // No numbers other than the build year and the VIN fragments; no owner data; nothing to sign in with.
        var withoutAllowed = text.Replace("2015", "", StringComparison.Ordinal).Replace(vin, "", StringComparison.Ordinal).Replace("4.0", "", StringComparison.Ordinal);
        Assert.DoesNotMatch("[0-9]", withoutAllowed);
        Assert.DoesNotContain("qr@example.de", doc.DocumentElement.OuterHtml, StringComparison.Ordinal);
        Assert.Empty(doc.QuerySelectorAll("script, form"));
        Assert.Equal("noindex, nofollow", response.Headers.GetValues("X-Robots-Tag").Single());
        Assert.True(response.Headers.CacheControl!.NoStore);
    }

    [Fact]
    public async Task The_public_page_shows_no_digit_beyond_build_year_and_masked_vin_for_any_engine_and_drive()
    {
        var (owner, id) = await OwnerWithVehicleAsync("motor-liste@example.de");
        var url = new Uri(await PostAsync(owner, id, "Enable")).PathAndQuery;
        var anonymous = factory.CreateBrowserClient();
        var drives = Enum.GetValues<DriveLayout>().Select(d => (DriveLayout?)d).Append(null).ToList();
        foreach (var engine in Enum.GetValues<EngineType>().Select(e => (EngineType?)e).Append(null))
        {
            foreach (var drive in drives)
            {
                await factory.WithDbAsync(async db =>
                {
                    var v = await db.Vehicles.SingleAsync(x => x.PublicId == id);
                    v.Apply(new VehicleDetails(v.Make, v.Model, v.BuildYear, v.Class, engine, drive, "2.0 TDI 110 kW, 245 PS", null, v.AccidentStatus,
                        v.HasPhysicalServiceBook, v.Collection), factory.Clock.GetUtcNow());
                    return await db.SaveChangesAsync();
                });
                var (response, doc) = await Html.GetAsync(anonymous, url);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                var text = Html.Text(doc);
                var vin = doc.QuerySelectorAll("dd")[4].TextContent;
                Assert.Contains(EngineDriveTexts.Coarse(engine, drive) ?? "nicht angegeben", doc.QuerySelectorAll("dd")[3].TextContent, StringComparison.Ordinal);
                var withoutAllowed = text.Replace("2015", "", StringComparison.Ordinal).Replace(vin, "", StringComparison.Ordinal).Replace("4.0", "", StringComparison.Ordinal);
                Assert.DoesNotMatch("[0-9]", withoutAllowed);
                Assert.DoesNotContain("TDI", doc.DocumentElement.OuterHtml, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task The_vehicle_page_shows_the_sharing_state_and_leads_to_teilen_in_one_step()
    {
        var (owner, id) = await OwnerWithVehicleAsync("teilen-finden@example.de");
        var (_, off) = await Html.GetAsync(owner, $"/Fahrzeuge/{id}");
        Assert.Contains("Öffentlicher Mini-Check: aus", Html.Text(off));
        var link = off.QuerySelector<AngleSharp.Html.Dom.IHtmlAnchorElement>("main a.button[href$='/Teilen']")!;
        Assert.Equal("Teilen & QR", link.TextContent);
        Assert.NotNull(off.QuerySelector("nav.tabs a[href$='/Teilen']"));
        await PostAsync(owner, id, "Enable");
        var (_, on) = await Html.GetAsync(owner, $"/Fahrzeuge/{id}");
        Assert.Contains("Öffentlicher Mini-Check: an", Html.Text(on));
        var (_, share) = await Html.GetAsync(owner, $"/Fahrzeuge/{id}/Teilen");
        Assert.Equal("page", share.QuerySelector("nav.tabs a[href$='/Teilen']")!.GetAttribute("aria-current"));
    }

    [Fact]
    public async Task Rotating_or_revoking_kills_the_old_link_at_once_and_unknown_tokens_look_the_same()
    {
        var (owner, id) = await OwnerWithVehicleAsync("rotation@example.de", AccidentStatus.Unfallfrei);
        var first = new Uri(await PostAsync(owner, id, "Enable")).PathAndQuery;
        var anonymous = factory.CreateBrowserClient();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(first)).StatusCode);

        var second = new Uri(await PostAsync(owner, id, "Rotate")).PathAndQuery;
        Assert.NotEqual(first, second);
        var rotated = await anonymous.GetAsync(first);
        var unknown = await anonymous.GetAsync("/q/AAAAAAAAAAAAAAAAAAAAAA");
        var garbage = await anonymous.GetAsync("/q/%3Cscript%3E");
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(second)).StatusCode);

        Assert.Equal("", await PostAsync(owner, id, "Disable"));
        var revoked = await anonymous.GetAsync(second);
        var bodies = new List<string>();
        foreach (var r in new[] { rotated, unknown, revoked, garbage })
        {
            Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
            var html = await r.Content.ReadAsStringAsync();
            Assert.Contains("Mini-Check nicht verfügbar", html, StringComparison.Ordinal);
            bodies.Add(RequestIdPattern().Replace(html, ""));
        }
        Assert.Single(bodies.Distinct());

        var actions = await factory.WithDbAsync(db => db.AuditEvents.Where(a => a.TargetId == id).Select(a => a.Action).ToListAsync());
        Assert.Contains(AuditActions.PublicShareEnabled, actions);
        Assert.Contains(AuditActions.PublicShareRotated, actions);
        Assert.Contains(AuditActions.PublicShareDisabled, actions);
        var metadata = await factory.WithDbAsync(db => db.AuditEvents.Select(a => a.MetadataJson).ToListAsync());
        Assert.DoesNotContain(metadata, m => m.Contains(second.Split('/')[2], StringComparison.Ordinal));
    }

    /// <summary>
    /// Issue 13: the rendered mini-check is served from the output cache (an <c>Age</c> header marks a cached answer) until
    /// a save touches its vehicle; an entry saved through the form makes the next answer a fresh one at once. Neither
    /// unknown tokens nor URLs with a query string are stored.
    /// </summary>
    [Fact]
    public async Task The_mini_check_is_cached_until_its_vehicle_changes()
    {
        var (owner, id) = await OwnerWithVehicleAsync("cache@example.de", AccidentStatus.Unfallfrei);
        var url = new Uri(await PostAsync(owner, id, "Enable")).PathAndQuery;
        var anonymous = factory.CreateBrowserClient();
        var first = await anonymous.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.False(first.Headers.Contains("Age"));
        var second = await anonymous.GetAsync(url);
        Assert.True(second.Headers.Contains("Age"), "second answer should come from the cache");
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        Assert.True(second.Headers.CacheControl!.NoStore);
        // Tokens are case-sensitive, the cache too: the same link in another case is the neutral page, even while cached.
        var token = url["/q/".Length..];
        var at = token.ToList().FindIndex(char.IsAsciiLetter);
        var flipped = token[..at] + (char.IsUpper(token[at]) ? char.ToLowerInvariant(token[at]) : char.ToUpperInvariant(token[at])) + token[(at + 1)..];
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/q/" + flipped)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/q/" + token.ToUpperInvariant())).StatusCode);

        var (_, form) = await Html.GetAsync(owner, $"/Fahrzeuge/{id}/Eintragung/Neu");
        Html.AssertRedirect(await Html.SubmitAsync(owner, form, new Dictionary<string, string>
        {
            ["Input.Date"] = "01.01.2024", ["Input.Category"] = "Inspektion", ["Input.PerformedBy"] = "Fachwerkstatt", ["Input.Odometer"] = "90000",
        }), $"/Fahrzeuge/{id}/");
        var afterEntry = await anonymous.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, afterEntry.StatusCode);
        Assert.False(afterEntry.Headers.Contains("Age"), "a saved entry must evict the cached mini-check");

        for (var i = 0; i < 2; i++)
        {
            Assert.False((await anonymous.GetAsync(url + "?x=" + i)).Headers.Contains("Age"));
            Assert.False((await anonymous.GetAsync("/q/AAAAAAAAAAAAAAAAAAAAAB")).Headers.Contains("Age"));
            Assert.False((await anonymous.GetAsync(url + "?x=1")).Headers.Contains("Age"));
        }
    }

    [Fact]
    public async Task The_trust_light_follows_the_data()
    {
        var (owner, id) = await OwnerWithVehicleAsync("ampel-daten@example.de", AccidentStatus.Unfallfrei);
        var url = new Uri(await PostAsync(owner, id, "Enable")).PathAndQuery;
        var anonymous = factory.CreateBrowserClient();
        Assert.Contains("Trust-Ampel: Gelb", Html.Text((await Html.GetAsync(anonymous, url)).Document));
        // An unresolved odometer flag shows its reason to the owner.
        await VehicleSeed.CreateVehicleWithEntriesAsync(factory, "ampel-daten@example.de", 0);
        var (_, form) = await Html.GetAsync(owner, $"/Fahrzeuge/{id}/Eintragung/Neu");
        var values = new Dictionary<string, string> { ["Input.Date"] = "01.01.2024", ["Input.Category"] = "Inspektion", ["Input.PerformedBy"] = "Fachwerkstatt", ["Input.Odometer"] = "90000" };
        await Html.SubmitAsync(owner, form, values);
        values["Input.Date"] = "01.02.2024";
        values["Input.Odometer"] = "80000";
        await Html.SubmitAsync(owner, form, values);
        var (_, akte) = await Html.GetAsync(owner, $"/Fahrzeuge/{id}/Fahrzeugakte");
        Assert.Contains("Ein Kilometerstand ist unplausibel und noch nicht geklärt.", Html.Text(akte));
    }

    /// <summary>SPEC §7/§17: a first visit to /q/{token} transfers ≤ 14 KB compressed in total (HTML, CSS, any JS, icons).</summary>
    [Fact]
    public async Task The_mini_check_stays_within_14_KB_on_a_first_visit()
    {
        var (owner, id) = await OwnerWithVehicleAsync("leicht@example.de");
        var url = new Uri(await PostAsync(owner, id, "Enable")).PathAndQuery;
        var anonymous = factory.CreateBrowserClient();
        var (response, doc) = await Html.GetAsync(anonymous, url);
        long total = PlatformTests.Gzip(await response.Content.ReadAsByteArrayAsync());
        var referenced = doc.QuerySelectorAll("link[href], script[src], img[src]")
            .Select(e => e.GetAttribute("href") ?? e.GetAttribute("src")!)
            .Where(u => !u.StartsWith("data:", StringComparison.Ordinal)).ToList();
        foreach (var asset in referenced)
        {
            var r = await anonymous.GetAsync(asset);
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            total += PlatformTests.Gzip(await r.Content.ReadAsByteArrayAsync());
        }
        Assert.Single(referenced);
        output.WriteLine($"BUDGET minicheck total={total}");
        Assert.True(total <= 14 * 1024, $"Mini-Check erster Besuch: {total} Bytes komprimiert");
    }

    [GeneratedRegex("[0-9a-f]{32}")]
    private static partial Regex RequestIdPattern();
}
