using System.IO.Compression;
using System.Net;
using System.Text.Json;
using LifeTimeCircle.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace LifeTimeCircle.Tests.Platform;

public sealed class PlatformTests(LtcFactory factory, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<LtcFactory>
{
    [Fact]
    public async Task Health_answers_json_with_its_checks_and_a_human_page()
    {
        var client = factory.CreateBrowserClient();
        var request = new HttpRequestMessage(HttpMethod.Get, "/health");
        request.Headers.Accept.ParseAdd("application/json");
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        // This factory runs without clamd: the scanner is honestly "degraded" (uploads wait; unhealthy only when they wait too long),
        // every other check is healthy. DocumentTests prove "healthy"/503 with a real clamd up and down.
        Assert.Equal("degraded", json.RootElement.GetProperty("status").GetString());
        foreach (var check in json.RootElement.GetProperty("checks").EnumerateArray())
        {
            var expected = check.GetProperty("name").GetString() == "scanner" ? "degraded" : "healthy";
            Assert.True(expected == check.GetProperty("status").GetString(), check.ToString());
        }
        var names = json.RootElement.GetProperty("checks").EnumerateArray().Select(c => c.GetProperty("name").GetString()).ToList();
        Assert.Contains("datenbank", names);
        Assert.Contains("datenverzeichnis", names);
        Assert.Contains("speicherplatz", names);
        Assert.Contains("mail", names);
        Assert.All(json.RootElement.GetProperty("checks").EnumerateArray(), c => Assert.False(string.IsNullOrEmpty(c.GetProperty("description").GetString())));

        var (page, doc) = await Html.GetAsync(client, "/health");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("Systemstatus", doc.QuerySelector("h1")!.TextContent);
        Assert.Equal("ok", await (await client.GetAsync("/health/live")).Content.ReadAsStringAsync());
    }

    /// <summary>Issue 22: help and legal texts promise only what exists and say what does not exist yet.</summary>
    [Fact]
    public async Task Help_texts_promise_only_what_exists()
    {
        var client = factory.CreateBrowserClient();
        var cooperation = Html.Text((await Html.GetAsync(client, "/Rechtliches/Kooperationen")).Document);
        Assert.Contains("Einträge für ihre Kundschaft vorschlagen", cooperation, StringComparison.Ordinal); // issue 16 landed
        Assert.Contains("lädt der Betrieb die Rechnung zum Vorschlag gleich mit hoch", cooperation, StringComparison.Ordinal);
        var cookies = Html.Text((await Html.GetAsync(client, "/Rechtliches/Cookies")).Document);
        Assert.Contains("Zwei-Faktor-Code", cookies, StringComparison.Ordinal); // Identity's two-factor step cookie
        Assert.Contains("erneute Bestätigung vor sensiblen Aktionen", cookies, StringComparison.Ordinal); // ltc.stepup
        var faq = Html.Text((await Html.GetAsync(client, "/Rechtliches/Faq")).Document);
        Assert.Contains("eine Bezahlung direkt im Konto gibt es nicht", faq, StringComparison.Ordinal); // issue 19: plans on „Tarife“, no payment provider
        Assert.Contains("„Tarife“", faq, StringComparison.Ordinal);
        Assert.Contains("„Teilen & QR“", faq, StringComparison.Ordinal);
        var owner = await Flows.SignedInClientAsync(factory, "hilfetexte@example.de");
        Assert.Contains("Vorschläge von Werkstätten für Ihre Fahrzeuge", Html.Text((await Html.GetAsync(owner, "/Module")).Document), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_response_carries_security_headers_and_a_request_id()
    {
        var client = factory.CreateBrowserClient();
        var response = await client.GetAsync("/");
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Matches("^[0-9a-f]{32}$", response.Headers.GetValues("X-Request-Id").Single());

        // A well-formed incoming id (from nginx) is kept; anything else is replaced.
        var withId = new HttpRequestMessage(HttpMethod.Get, "/");
        withId.Headers.Add("X-Request-Id", "nginx-1234567890abcdef");
        Assert.Equal("nginx-1234567890abcdef", (await client.SendAsync(withId)).Headers.GetValues("X-Request-Id").Single());
        var bad = new HttpRequestMessage(HttpMethod.Get, "/");
        bad.Headers.TryAddWithoutValidation("X-Request-Id", "<script>alert(1)</script>");
        Assert.Matches("^[0-9a-f]{32}$", (await client.SendAsync(bad)).Headers.GetValues("X-Request-Id").Single());
        Assert.True(factory.LogText.Contains("RequestId=nginx-1234567890abcdef", StringComparison.Ordinal), factory.LogText);
    }

    [Fact]
    public async Task Signed_in_pages_are_not_cached_on_shared_computers()
    {
        var client = await Flows.SignedInClientAsync(factory, "cache@example.de");
        var response = await client.GetAsync("/Dashboard");
        Assert.True(response.Headers.CacheControl!.NoStore);
        var (_, signIn) = await Html.GetAsync(factory.CreateBrowserClient(), "/Konto/Anmelden");
        Assert.Equal("current-password", signIn.QuerySelector("#Input_Password")!.GetAttribute("autocomplete"));
    }

    [Fact]
    public async Task Unknown_urls_are_404_with_the_german_page_and_nothing_is_leaked_on_errors()
    {
        var (response, doc) = await Html.GetAsync(factory.CreateBrowserClient(), "/gibt/es/nicht");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("Seite nicht gefunden", doc.QuerySelector("h1")!.TextContent);
        Assert.DoesNotContain("Exception", doc.DocumentElement.OuterHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Forwarded_headers_from_a_non_loopback_peer_are_ignored()
    {
        var client = factory.CreateBrowserClient();
        var request = new HttpRequestMessage(HttpMethod.Get, "/Konto/Anmelden");
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-For", "203.0.113.9");
        var response = await client.SendAsync(request);
        var doc = await Html.ParseAsync(response);
        // The test server's peer is not loopback, so the scheme stays http: the form posts to a relative URL and
        // no Strict-Transport-Security is added outside Production.
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
        Assert.NotNull(doc.QuerySelector("form[method=post]"));
    }

    /// <summary>SPEC §17: a signed-in page ≤ 30 KB compressed on a first visit; ≤ 8 KB HTML on later visits. Figures in docs/performance.md.</summary>
    [Fact]
    public async Task The_sign_in_page_stays_within_its_byte_budget()
    {
        var client = factory.CreateBrowserClient();
        var (response, doc) = await Html.GetAsync(client, "/Konto/Anmelden");
        var html = Gzip(await response.Content.ReadAsByteArrayAsync());
        long assets = 0;
        foreach (var url in doc.QuerySelectorAll("link[rel=stylesheet], script[src]").Select(e => e.GetAttribute("href") ?? e.GetAttribute("src")!))
        {
            assets += Gzip(await (await client.GetAsync(url)).Content.ReadAsByteArrayAsync());
        }
        var firstVisit = html + assets;
        Assert.True(firstVisit <= 30 * 1024, $"Erster Besuch: {firstVisit} Bytes komprimiert (HTML {html}, Assets {assets})");
        Assert.True(html <= 8 * 1024, $"Späterer Besuch: HTML {html} Bytes komprimiert");
        output.WriteLine($"BUDGET signin html={html} assets={assets} first={firstVisit}");
    }

    internal static long Gzip(byte[] body)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(body);
        }
        return output.Length;
    }
}

public sealed class RateLimitTests : IClassFixture<RateLimitTests.LowLimitFactory>
{
    private readonly LowLimitFactory _factory;

    public RateLimitTests(LowLimitFactory factory) => _factory = factory;

    public sealed class LowLimitFactory : LtcFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("LTC_RATELIMIT_SIGNIN", "3");
            builder.UseSetting("LTC_RATELIMIT_CODECHECK", "2");
            builder.UseSetting("LTC_RATELIMIT_PUBLIC", "3");
        }
    }

    [Fact]
    public async Task The_certificate_check_is_rate_limited_under_every_spelling_of_its_path()
    {
        var statuses = new List<HttpStatusCode>();
        foreach (var path in new[] { "/Zertifikat", "/zertifikat/", "/Zertifikat/", "/ZERTIFIKAT" })
        {
            statuses.Add((await _factory.CreateBrowserClient().GetAsync(path + "?code=ABCD-EFGH-JK")).StatusCode);
        }
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task Sign_in_attempts_are_rate_limited_with_a_german_page()
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add((await Flows.SignInAsync(_factory.CreateBrowserClient(), "limit@example.de", "falsch-falsch-falsch")).StatusCode);
        }
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        var limited = await Flows.SignInAsync(_factory.CreateBrowserClient(), "limit@example.de");
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Contains("Zu viele Anfragen", Html.Text(await Html.ParseAsync(limited)));
        // Reading pages is not limited.
        Assert.Equal(HttpStatusCode.OK, (await _factory.CreateBrowserClient().GetAsync("/Konto/Anmelden")).StatusCode);
    }

    [Fact]
    public async Task Code_checks_are_rate_limited()
    {
        var client = _factory.CreateBrowserClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            var (_, page) = await Html.GetAsync(client, "/Konto/Bestaetigen");
            statuses.Add((await Html.SubmitAsync(client, page, new Dictionary<string, string> { ["Input.Email"] = "x@example.de", ["Input.Code"] = "123456" })).StatusCode);
        }
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[2]);
    }
}

public sealed class ProductionSecretTests
{
    private sealed class ProductionFactory(string? secret) : WebApplicationFactory<Program>
    {
        public string DataDir { get; } = Path.Combine(Path.GetTempPath(), "ltc-tests", Guid.NewGuid().ToString("N"));

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Production");
            builder.UseSetting("LTC_DATA_DIR", DataDir);
            builder.UseSetting("LTC_SECRET_KEY", secret ?? "");
            builder.UseSetting("LTC_MAIL_MODE", "outbox");
            builder.UseSetting("LTC_PUBLIC_URL", "https://lifetimecircle.example");
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("zu-kurz-0123456789")]
    public void Production_refuses_to_start_without_a_long_enough_secret(string? secret)
    {
        using var factory = new ProductionFactory(secret);
        var ex = Assert.ThrowsAny<Exception>(() => factory.CreateClient());
        var message = ex is InvalidOperationException ? ex.Message : ex.InnerException?.Message ?? ex.Message;
        Assert.Contains("LTC_SECRET_KEY", message, StringComparison.Ordinal);
        Assert.DoesNotContain(secret ?? "§", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Production_starts_with_a_proper_secret_and_sends_hsts_over_https()
    {
        using var factory = new ProductionFactory("production-secret-0123456789-abcdefghijkl");
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://lifetimecircle.example"), AllowAutoRedirect = false });
        var response = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.Contains("Strict-Transport-Security"));
    }
}
