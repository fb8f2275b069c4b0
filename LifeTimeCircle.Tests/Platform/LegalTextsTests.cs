using System.Net;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Infrastructure;
using LifeTimeCircle.Infrastructure.Health;
using LifeTimeCircle.Infrastructure.Legal;
using LifeTimeCircle.Tests.Infrastructure;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;

namespace LifeTimeCircle.Tests.Platform;

/// <summary>An operator folder (LTC_LEGAL_DIR) with its own Impressum and payment text; FAQ, AGB and Datenschutz come from the shipped folder.</summary>
public sealed class OperatorLegalFactory : LtcFactory
{
    public static readonly string Folder = CreateFolder();

    private static string CreateFolder()
    {
        var dir = Path.Combine(Path.GetTempPath(), "ltc-legal-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "impressum.md"), "# Impressum\n\nMusterbetrieb GmbH, Beispielweg 1, 12345 Musterstadt\n");
        File.WriteAllText(Path.Combine(dir, "zahlung.md"), "# Preise und Bezahlung\n\nVIP kostet 3 Euro im Monat, zahlbar per Überweisung.\n");
        return dir;
    }

    protected override IDictionary<string, string> Settings => new Dictionary<string, string> { ["LTC_LEGAL_DIR"] = Folder };
}

/// <summary>Issue 19 item 7: operator texts come from LTC_LEGAL_DIR when it has them, else the shipped ones; the shipped Impressum is flagged in Production.</summary>
public sealed class LegalTextsTests(OperatorLegalFactory factory) : IClassFixture<OperatorLegalFactory>
{
    private sealed class Env(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;
        public string ApplicationName { get; set; } = "LifeTimeCircle";
        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }

    private static async Task<HealthCheckResult> CheckAsync(LegalDocuments legal, string environment) =>
        await new LegalTextsHealthCheck(legal, new Env(environment)).CheckHealthAsync(new HealthCheckContext());

    [Fact]
    public async Task The_shipped_impressum_says_it_must_be_replaced_and_is_degraded_in_production_only()
    {
        var shipped = new LegalDocuments(LtcEnvironment.ShippedLegalDir);
        Assert.True(shipped.ImpressumIsShipped);
        Assert.Contains(shipped.Text(OperatorText.Impressum).Blocks, b => b.Text.Contains("muss ihn vor dem Produktivbetrieb durch die eigenen Angaben ersetzen", StringComparison.Ordinal));
        var production = await CheckAsync(shipped, Environments.Production);
        Assert.Equal(HealthStatus.Degraded, production.Status);
        Assert.StartsWith("Impressum nicht angepasst", production.Description);
        Assert.Equal(HealthStatus.Healthy, (await CheckAsync(shipped, Environments.Development)).Status);

        // An unchanged copy of the placeholder in the operator's folder is still the placeholder.
        var copy = Path.Combine(Path.GetTempPath(), "ltc-legal-copy-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(copy);
        File.Copy(Path.Combine(LtcEnvironment.ShippedLegalDir, "impressum.md"), Path.Combine(copy, "impressum.md"));
        Assert.True(new LegalDocuments(LtcEnvironment.ShippedLegalDir, copy).ImpressumIsShipped);

        var own = new LegalDocuments(LtcEnvironment.ShippedLegalDir, OperatorLegalFactory.Folder);
        Assert.False(own.ImpressumIsShipped);
        Assert.Equal(HealthStatus.Healthy, (await CheckAsync(own, Environments.Production)).Status);
        // What the operator's folder lacks comes from the shipped one.
        Assert.Equal(shipped.Text(OperatorText.Faq).Blocks, own.Text(OperatorText.Faq).Blocks);
        Assert.Equal(shipped.Current(LegalDocumentType.Agb).Version, own.Current(LegalDocumentType.Agb).Version);
    }

    [Fact]
    public async Task The_pages_show_the_operators_texts()
    {
        var client = factory.CreateBrowserClient();
        var (impressum, doc) = await Html.GetAsync(client, "/Rechtliches/Impressum");
        Assert.Equal(HttpStatusCode.OK, impressum.StatusCode);
        Assert.Contains("Musterbetrieb GmbH", Html.Text(doc));
        Assert.DoesNotContain("Platzhalter", Html.Text(doc));

        var (_, tarife) = await Html.GetAsync(client, "/Tarife");
        Assert.Contains("Preise und Bezahlung", Html.Text(tarife));
        Assert.Contains("VIP kostet 3 Euro im Monat", Html.Text(tarife));

        var (_, faq) = await Html.GetAsync(client, "/Rechtliches/Faq");
        Assert.Contains("Was bewertet die Trust-Ampel?", Html.Text(faq));
        Assert.Equal("Häufige Fragen", faq.QuerySelector("h1")!.TextContent.Trim());
    }
}
