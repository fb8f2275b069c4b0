using System.Diagnostics;
using LifeTimeCircle.Infrastructure;
using LifeTimeCircle.Infrastructure.Backup;
using LifeTimeCircle.Infrastructure.Documents;
using LifeTimeCircle.Infrastructure.Email;
using LifeTimeCircle.Infrastructure.Health;
using LifeTimeCircle.Infrastructure.Logging;
using LifeTimeCircle.Tests.Infrastructure;
using LifeTimeCircle.Web;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;
using Serilog.Events;

namespace LifeTimeCircle.Tests.Platform;

/// <summary>
/// Every <c>LTC_*</c> variable (docs/configuration.md) is checked when the app starts: set but invalid stops the web app
/// and every command with a message naming the variable and the rule, instead of silently using the default.
/// </summary>
public sealed class OptionsValidationTests
{
    private sealed class SettingsFactory(IDictionary<string, string> settings) : LtcFactory
    {
        protected override IDictionary<string, string> Settings => settings;
    }

    private static string Messages(Exception e)
    {
        var text = new List<string>();
        for (Exception? x = e; x is not null; x = x.InnerException) text.Add(x.Message);
        if (e is AggregateException a) text.AddRange(a.InnerExceptions.Select(Messages));
        return string.Join(" | ", text);
    }

    [Theory]
    [InlineData("LTC_UPLOAD_MAX_BYTES", "abc", "keine ganze Zahl")]
    [InlineData("LTC_UPLOAD_MAX_BYTES", "-5", "nicht zwischen")]
    [InlineData("LTC_PII_RETENTION_DAYS", "dreißig", "keine ganze Zahl")]
    [InlineData("LTC_SMTP_PORT", "smtp", "keine ganze Zahl")]
    [InlineData("LTC_SMTP_PORT", "70000", "nicht zwischen 1 und 65535")]
    [InlineData("LTC_SMTP_SECURITY", "ssl", "keiner der Werte")]
    [InlineData("LTC_MAIL_MODE", "1", "keiner der Werte")]
    [InlineData("LTC_MAIL_MODE", "smtpx", "keiner der Werte")]
    [InlineData("LTC_RATELIMIT_SIGNIN", "zehn", "keine ganze Zahl")]
    [InlineData("LTC_RATELIMIT_PUBLIC", "0", "nicht zwischen")]
    [InlineData("LTC_DISK_WARN_PERCENT", "15%", "keine Zahl")]
    [InlineData("LTC_LOG_LEVEL", "laut", "keiner der Werte")]
    [InlineData("LTC_AUTO_MIGRATE", "nein", "weder true noch false")]
    [InlineData("LTC_CLAMAV", "localhost 3310", "keine Adresse")]
    public void A_garbage_value_stops_the_start_with_a_message_naming_the_variable_and_the_rule(string variable, string value, string rule)
    {
        using var factory = new SettingsFactory(new Dictionary<string, string> { [variable] = value });

        var e = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        var message = Messages(e);
        Assert.Contains(variable + ":", message, StringComparison.Ordinal);
        Assert.Contains(rule, message, StringComparison.Ordinal);
        Assert.Contains("docs/configuration.md", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Valid_values_bind_to_the_options_the_features_use()
    {
        using var factory = new SettingsFactory(new Dictionary<string, string>
        {
            ["LTC_UPLOAD_MAX_BYTES"] = "2048",
            ["LTC_UPLOAD_DAILY_FILES"] = "7",
            ["LTC_PII_RETENTION_DAYS"] = " 14 ",
            ["LTC_CLAMAV"] = "tcp://127.0.0.1:3310",
            ["LTC_MAIL_MODE"] = "OUTBOX",
            ["LTC_SMTP_PORT"] = "465",
            ["LTC_SMTP_SECURITY"] = "TLS",
            ["LTC_SMTP_FROM"] = "Heft <heft@example.de>",
            ["LTC_DISK_WARN_PERCENT"] = "20.5",
            ["LTC_DISK_FAIL_PERCENT"] = "5",
            ["LTC_HEALTH_ALLOWED_NETWORKS"] = "10.8.0.0/24, fd00::/8",
            ["LTC_LOG_LEVEL"] = "warning",
            ["LTC_AUTO_MIGRATE"] = "TRUE",
            ["LTC_RATELIMIT_SIGNIN"] = "3",
        });
        factory.CreateClient().Dispose();
        var services = factory.Services;

        var documents = services.GetRequiredService<DocumentOptions>();
        Assert.Equal((2048L, 7, 14, "tcp://127.0.0.1:3310"), (documents.MaxUploadBytes, documents.DailyFiles, documents.PiiRetentionDays, documents.ClamAv));
        var mail = services.GetRequiredService<MailOptions>();
        Assert.Equal((MailMode.Outbox, 465, "tls", "Heft <heft@example.de>"), (mail.Mode, mail.SmtpPort, mail.SmtpSecurity, mail.From));
        var health = services.GetRequiredService<HealthOptions>();
        Assert.Equal((20.5, 5.0, 2), (health.DiskWarnPercent, health.DiskFailPercent, health.AllowedNetworks.Count));
        Assert.Equal(LogEventLevel.Warning, services.GetRequiredService<LoggingOptions>().Level);
        Assert.Equal(3, services.GetRequiredService<RateLimitOptions>().SignIn);
        Assert.True(services.GetRequiredService<LtcEnvironment>().AutoMigrate);
        // The bound singleton is the one IOptions<T> holds: one source for every consumer.
        Assert.Same(documents, services.GetRequiredService<IOptions<DocumentOptions>>().Value);
    }

    [Fact]
    public void Unset_variables_give_the_documented_defaults()
    {
        var configuration = new ConfigurationBuilder().Build();
        var testing = new HostingEnvironment { EnvironmentName = "Testing" };

        var documents = LtcOptions.Load<DocumentOptions>(configuration, testing);
        Assert.Equal((10L * 1024 * 1024, 50, 200L * 1024 * 1024, 30, (string?)null),
            (documents.MaxUploadBytes, documents.DailyFiles, documents.DailyBytes, documents.PiiRetentionDays, documents.ClamAv));
        var mail = LtcOptions.Load<MailOptions>(configuration, testing);
        Assert.Equal((MailMode.Outbox, 587, "starttls", "LifeTimeCircle <no-reply@lifetimecircle.local>"), (mail.Mode, mail.SmtpPort, mail.SmtpSecurity, mail.From));
        Assert.Equal(MailMode.Smtp, LtcOptions.Load<MailOptions>(configuration, new HostingEnvironment { EnvironmentName = "Production" }).Mode);
        var health = LtcOptions.Load<HealthOptions>(configuration);
        Assert.Equal((15.0, 10.0, 0), (health.DiskWarnPercent, health.DiskFailPercent, health.AllowedNetworks.Count));
        Assert.Null(LtcOptions.Load<LoggingOptions>(configuration).Level);
        var limits = LtcOptions.Load<RateLimitOptions>(configuration);
        Assert.Equal((10, 5, 10, 60), (limits.SignIn, limits.CodeSend, limits.CodeCheck, limits.Public));
        var backup = LtcOptions.Load<BackupOptions>(configuration, testing);
        Assert.False(backup.HasKey);
        Assert.True(backup.PlainAllowed);
    }

    [Fact]
    public void A_secret_that_fails_its_check_is_never_repeated_in_the_message()
    {
        const string BadKey = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["LTC_BACKUP_KEY"] = BadKey,
        }).Build();

        var e = Assert.Throws<InvalidOperationException>(() => LtcOptions.Load<BackupOptions>(configuration, new HostingEnvironment { EnvironmentName = "Production" }));

        Assert.Contains("LTC_BACKUP_KEY:", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(BadKey, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Several_garbage_values_are_all_named_in_one_message()
    {
        using var factory = new SettingsFactory(new Dictionary<string, string>
        {
            ["LTC_RATELIMIT_SIGNIN"] = "viele",
            ["LTC_RATELIMIT_CODESEND"] = "-1",
        });

        var message = Messages(Assert.ThrowsAny<Exception>(() => factory.CreateClient()));

        Assert.Contains("LTC_RATELIMIT_SIGNIN:", message, StringComparison.Ordinal);
        Assert.Contains("LTC_RATELIMIT_CODESEND:", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_command_refuses_to_run_with_a_garbage_value_and_names_the_variable()
    {
        var root = Path.Combine(Path.GetTempPath(), "ltc-tests", "options-" + Guid.NewGuid().ToString("N"));
        try
        {
            var (exitCode, output) = RunCommand(root, new Dictionary<string, string> { ["LTC_SMTP_PORT"] = "fünfhundert" }, "rehash-vins");

            Assert.True(exitCode == 1, $"Exit-Code {exitCode}: {output}");
            Assert.Contains("LTC_SMTP_PORT: 'fünfhundert' ist keine ganze Zahl / is not a whole number.", output, StringComparison.Ordinal);
            Assert.DoesNotContain("Unhandled exception", output, StringComparison.Ordinal);
            Assert.DoesNotContain("FIN-Prüfwerte neu berechnet", output, StringComparison.Ordinal);
            Assert.False(File.Exists(Path.Combine(root, "data", "lifetimecircle.db")), "Die Datenbank wurde trotz ungültiger Konfiguration angelegt.");
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            if (Directory.Exists(root)) Directory.Delete(root, true);
        }
    }

    /// <summary>The built app in its own process (as the operator runs it), configured only by environment variables.</summary>
    internal static (int ExitCode, string Output) RunCommand(string root, IDictionary<string, string> settings, params string[] args) =>
        RunCommand(root, settings, TimeSpan.FromMinutes(3), args);

    internal static (int ExitCode, string Output) RunCommand(string root, IDictionary<string, string> settings, TimeSpan limit, params string[] args)
    {
        Directory.CreateDirectory(root);
        var dotnet = Environment.ProcessPath is { } host && Path.GetFileNameWithoutExtension(host) == "dotnet" ? host : "dotnet";
        var psi = new ProcessStartInfo(dotnet)
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "LifeTimeCircle.dll"));
        foreach (var arg in args) psi.ArgumentList.Add(arg);
        foreach (var name in psi.Environment.Keys.Where(k => k.StartsWith("LTC_", StringComparison.Ordinal) || k.StartsWith("ASPNETCORE_", StringComparison.Ordinal)).ToList())
        {
            psi.Environment.Remove(name);
        }
        psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        psi.Environment["LTC_DATA_DIR"] = Path.Combine(root, "data");
        psi.Environment["LTC_SECRET_KEY"] = "command-test-secret-0123456789-abcdefghijkl";
        // Should a command ever start the web server instead, it listens on a free loopback port.
        psi.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        foreach (var (k, v) in settings) psi.Environment[k] = v;
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("dotnet startet nicht.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{string.Join(' ', args)}: Zeitlimit überschritten");
        }
        process.WaitForExit();
        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
