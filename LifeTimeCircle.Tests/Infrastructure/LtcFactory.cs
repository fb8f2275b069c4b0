using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using System.Net;
using LifeTimeCircle.Infrastructure.Logging;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace LifeTimeCircle.Tests.Infrastructure;

/// <summary>
/// The real app with a real SQLite file in a fresh data directory per factory (per test class),
/// real Identity, the file outbox for mail and a fake clock. Log lines are captured for assertions.
/// </summary>
public class LtcFactory : WebApplicationFactory<Program>
{
    private readonly StringWriter _log = new();

    public LtcFactory() : this(null)
    {
    }

    /// <summary>A factory on a given data directory (e.g. a second app start on the same data).</summary>
    protected LtcFactory(string? dataDir)
    {
        DataDir = dataDir ?? Path.Combine(Path.GetTempPath(), "ltc-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(DataDir);
        OwnsDataDir = dataDir is null;
    }

    private bool OwnsDataDir { get; }

    public string DataDir { get; }
    public string OutboxDir => Path.Combine(DataDir, "outbox");
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 28, 9, 0, 0, TimeSpan.Zero));

    public string LogText
    {
        get
        {
            lock (_log) return _log.ToString();
        }
    }

    /// <summary>
    /// The TCP peer a request through the in-memory test server comes from (the test server has none): loopback, as
    /// for nginx or curl on the same host. Real sockets (<c>UseKestrel</c>) keep their own address.
    /// </summary>
    protected virtual IPAddress PeerAddress => IPAddress.Loopback;

    /// <summary>Extra settings (environment-variable style) for a derived factory.</summary>
    protected virtual IDictionary<string, string> Settings => new Dictionary<string, string>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("LTC_DATA_DIR", DataDir);
        builder.UseSetting("LTC_SECRET_KEY", "test-secret-key-0123456789-abcdefghijklmnop");
        builder.UseSetting("LTC_RATELIMIT_SIGNIN", "10000");
        builder.UseSetting("LTC_RATELIMIT_CODESEND", "10000");
        builder.UseSetting("LTC_RATELIMIT_CODECHECK", "10000");
        builder.UseSetting("LTC_RATELIMIT_PUBLIC", "10000");
        builder.UseSetting("LTC_RATELIMIT_TRANSFER", "10000");
        builder.UseSetting("LTC_RATELIMIT_TRANSFER_ACCOUNT", "10000");
        // Background jobs (mail, scans, exports) are run by the tests themselves (Jobs.DrainAsync), never by a loop racing them.
        builder.UseSetting("LTC_JOBS_WORKER", "false");
        builder.UseSetting("LTC_PUBLIC_URL", "https://lifetimecircle.example");
        foreach (var (k, v) in Settings) builder.UseSetting(k, v);
        builder.ConfigureServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
            services.AddSingleton(new LogSink(TextWriter.Synchronized(_log)));
            services.AddSingleton<IStartupFilter>(new PeerAddressFilter(PeerAddress));
        });
    }

    public HttpClient CreateBrowserClient() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>Creates a confirmed account with a role, optionally with current consent, directly through Identity.</summary>
    public async Task<AppUser> CreateUserAsync(string email, string role = Roles.User, bool consent = true, string password = TestData.Password,
        AccountKind kind = AccountKind.Privat)
    {
        using var scope = Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, AccountKind = kind, CreatedAt = Clock.GetUtcNow() };
        var result = await users.CreateAsync(user, password);
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Description)));
        await users.AddToRoleAsync(user, role);
        if (consent)
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var legal = scope.ServiceProvider.GetRequiredService<LifeTimeCircle.Infrastructure.Legal.LegalDocuments>();
            foreach (var doc in legal.All)
            {
                db.ConsentAcceptances.Add(new ConsentAcceptance(user.Id, doc.Type, doc.Version, Clock.GetUtcNow(), "ui"));
            }
            await db.SaveChangesAsync();
        }
        return user;
    }

    public async Task<T> WithDbAsync<T>(Func<AppDbContext, Task<T>> action)
    {
        using var scope = Services.CreateScope();
        return await action(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    private IHost? _host;
    private bool _checked;

    protected override IHost CreateHost(IHostBuilder builder) => _host = base.CreateHost(builder);

    /// <summary>
    /// Every test that started the app ends with the trust-summary invariant (TrustSummaryCheck): whatever the test
    /// wrote through pages, jobs or the DbContext, the stored Trust-Ampel equals a fresh evaluation.
    /// </summary>
    protected virtual bool CheckTrustSummaries => true;

    private async Task<List<string>> TrustProblemsAsync()
    {
        if (_checked || _host is null || !CheckTrustSummaries) return [];
        _checked = true;
        try
        {
            return await TrustSummaryCheck.MismatchesAsync(_host.Services);
        }
        catch (Exception e) when (e is ObjectDisposedException or InvalidOperationException or Microsoft.Data.Sqlite.SqliteException)
        {
            // The host or its database is already gone (e.g. a test that deleted or restored the data directory).
            return [];
        }
    }

    public override async ValueTask DisposeAsync()
    {
        var problems = await TrustProblemsAsync();
        await base.DisposeAsync();
        GC.SuppressFinalize(this);
        if (problems.Count > 0)
        {
            throw new InvalidOperationException("Gespeicherte Trust-Zusammenfassung weicht ab:\n" + string.Join('\n', problems));
        }
    }

    protected override void Dispose(bool disposing)
    {
        var problems = disposing ? TrustProblemsAsync().GetAwaiter().GetResult() : [];
        base.Dispose(disposing);
        if (disposing && OwnsDataDir)
        {
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(DataDir, recursive: true);
            }
            catch (IOException)
            {
                // A file may still be held by a background thread; the temp folder is cleaned by the OS.
            }
        }
        if (problems.Count > 0)
        {
            throw new InvalidOperationException("Gespeicherte Trust-Zusammenfassung weicht ab:\n" + string.Join('\n', problems));
        }
    }
}

/// <summary>Runs before the app's pipeline (so before forwarded headers): fills in the peer address the test server lacks.</summary>
internal sealed class PeerAddressFilter(IPAddress peer) : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            context.Connection.RemoteIpAddress ??= peer;
            return nextMiddleware(context);
        });
        next(app);
    };
}

public static class TestData
{
    public const string Password = "korrekt-pferd-batterie-heftklammer";
}
