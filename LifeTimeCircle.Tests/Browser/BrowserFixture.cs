using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using LifeTimeCircle.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace LifeTimeCircle.Tests.Browser;

/// <summary>The real app on a loopback Kestrel port for a real browser.</summary>
public sealed class KestrelFactory : LtcFactory
{
    private readonly IDictionary<string, string> settings;

    public KestrelFactory(IDictionary<string, string>? settings = null)
    {
        this.settings = settings ?? new Dictionary<string, string>();
        UseKestrel(0);
    }

    protected override IDictionary<string, string> Settings => settings;

    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        // Browsers keep connections open; do not wait long for them when the test class ends.
        builder.ConfigureServices(s => s.Configure<Microsoft.Extensions.Hosting.HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(3)));
    }

    public string BaseUrl
    {
        get
        {
            StartServer();
            var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
            return addresses.First().Replace("[::1]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal);
        }
    }
}

/// <summary>
/// Debian's Chromium driven by Playwright (no browser download), started once per test class with the
/// flags this machine needs. Each test gets a fresh context (fresh cookies), with or without JavaScript.
/// </summary>
public class BrowserFixture : IAsyncLifetime
{
    public BrowserFixture() : this(new KestrelFactory())
    {
    }

    protected BrowserFixture(KestrelFactory app) => App = app;

    public KestrelFactory App { get; }
    public IPlaywright Playwright { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;

    public virtual async Task InitializeAsync()
    {
        Prerequisites.EnsureChromium();
        // A shared 2-core machine: generous waits (they only slow failures down, never passes).
        Assertions.SetDefaultExpectTimeout(30_000);
        _ = App.BaseUrl;
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Prerequisites.ChromiumPath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic", "--disable-dev-shm-usage",
            ],
        });
    }

    public async Task<IPage> NewPageAsync(bool javaScript = true, int width = 375, int height = 800)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = App.BaseUrl,
            JavaScriptEnabled = javaScript,
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = "de-DE",
        });
        context.SetDefaultTimeout(30_000);
        if (!javaScript) PageChecks.NoScriptContexts.Add(context, new object());
        return await context.NewPageAsync();
    }

    /// <summary>A fresh context signed in through the real form; optionally sets up TOTP (required for admin pages).</summary>
    public async Task<IPage> SignedInPageAsync(string email, bool javaScript = true, int width = 375, bool twoFactor = false)
    {
        var page = await NewPageAsync(javaScript, width);
        await page.GotoAsync("/Konto/Anmelden");
        await page.GetByLabel("E-Mail-Adresse").FillAsync(email);
        await page.GetByLabel("Passwort", new() { Exact = true }).FillAsync(TestData.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Anmelden", Exact = true }).ClickAsync();
        await Assertions.Expect(page).Not.ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/Konto/Anmelden"));
        if (twoFactor)
        {
            await page.GotoAsync("/Konto/ZweiFaktor");
            var key = await page.Locator("code.secret").InnerTextAsync();
            await page.GetByLabel("Code aus der App").FillAsync(Totp.Compute(key, App.Clock.GetUtcNow()));
            await page.GetByLabel("Aktuelles Passwort", new() { Exact = true }).FillAsync(TestData.Password);
            await page.GetByRole(AriaRole.Button, new() { Name = "Einrichten" }).ClickAsync();
            await Assertions.Expect(page.Locator("[role=status]")).ToContainTextAsync("eingerichtet");
        }
        return page;
    }

    public virtual async Task DisposeAsync()
    {
        try
        {
            await Browser.CloseAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException)
        {
            // Chromium did not close in time; the Playwright driver below ends it.
        }
        Playwright.Dispose();
        await App.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(60));
    }
}

public static class PageChecks
{
    /// <summary>Contexts created without JavaScript (evaluating scripts there would wait forever).</summary>
    public static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IBrowserContext, object> NoScriptContexts = new();

    /// <summary>
    /// axe-core (WCAG 2.x A/AA rules) must report zero violations. Axe needs script execution in the page, so
    /// for a context without JavaScript the same HTML is checked in a scripting context of the same size.
    /// </summary>
    public static async Task AssertAccessibleAsync(IPage page, string label)
    {
        var target = page;
        IBrowserContext? temp = null;
        if (!await ScriptsRunAsync(page))
        {
            temp = await page.Context.Browser!.NewContextAsync(new BrowserNewContextOptions
            {
                JavaScriptEnabled = true,
                ViewportSize = page.ViewportSize is { } v ? new ViewportSize { Width = v.Width, Height = v.Height } : null,
            });
            target = await temp.NewPageAsync();
            // Re-render the no-JS DOM (with its stylesheet) so that axe sees exactly what the user saw.
            var html = await StableContentAsync(page);
            await target.RouteAsync("**/*", async route =>
            {
                if (route.Request.Url == page.Url) await route.FulfillAsync(new RouteFulfillOptions { Body = html, ContentType = "text/html; charset=utf-8" });
                else await route.ContinueAsync();
            });
            await target.GotoAsync(page.Url);
        }
        var result = await target.RunAxe(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] },
        });
        if (temp is not null) await temp.DisposeAsync();
        var violations = result.Violations.Select(v => $"{v.Id} ({v.Impact}): {v.Help} → {string.Join(" | ", v.Nodes.Select(n => n.Html))}").ToList();
        Assert.True(violations.Count == 0, $"axe auf {label} ({page.Url}):\n" + string.Join("\n", violations));
    }

    /// <summary>No horizontal scrolling (SPEC §17: 320 px wide screens).</summary>
    public static async Task AssertNoHorizontalScrollAsync(IPage page, string label)
    {
        var (scroll, client) = await MeasureAsync(page);
        Assert.True(scroll <= client, $"{label}: horizontal scrollbar bei {client}px Breite (scrollWidth {scroll}px)");
    }

    private static async Task<(int Scroll, int Client)> MeasureAsync(IPage page)
    {
        if (await ScriptsRunAsync(page))
        {
            var dims = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]");
            return (dims[0], dims[1]);
        }
        var html = await StableContentAsync(page);
        await using var temp = await page.Context.Browser!.NewContextAsync(new BrowserNewContextOptions
        {
            JavaScriptEnabled = true,
            ViewportSize = page.ViewportSize is { } v ? new ViewportSize { Width = v.Width, Height = v.Height } : null,
        });
        var probe = await temp.NewPageAsync();
        await probe.RouteAsync("**/*", async route =>
        {
            if (route.Request.Url == page.Url) await route.FulfillAsync(new RouteFulfillOptions { Body = html, ContentType = "text/html; charset=utf-8" });
            else await route.ContinueAsync();
        });
        await probe.GotoAsync(page.Url);
        var d = await probe.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]");
        return (d[0], d[1]);
    }

    /// <summary>
    /// The page's HTML; a page that reloads itself (the no-JS export status page has a 3-second meta refresh) may be
    /// navigating at that moment: then wait until the new page has loaded and read that one (bounded retries).
    /// </summary>
    public static async Task<string> StableContentAsync(IPage page)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await page.ContentAsync();
            }
            catch (PlaywrightException ex) when (attempt < 10 && ex.Message.Contains("navigating", StringComparison.Ordinal))
            {
                await page.WaitForLoadStateAsync(LoadState.Load);
            }
        }
    }

    private static Task<bool> ScriptsRunAsync(IPage page) => Task.FromResult(!NoScriptContexts.TryGetValue(page.Context, out _));

    /// <summary>Presses Tab until the element is focused, proving it is reachable by keyboard.</summary>
    public static async Task TabToAsync(IPage page, string selector, int maxPresses = 60)
    {
        for (var i = 0; i < maxPresses; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            if (await page.EvaluateAsync<bool>("s => document.activeElement && document.activeElement.matches(s)", selector)) return;
        }
        Assert.Fail($"{selector} ist mit der Tab-Taste nicht erreichbar ({page.Url})");
    }
}
