using System.Net;
using System.Text;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Exports;
using LifeTimeCircle.Infrastructure.Exports;
using LifeTimeCircle.Infrastructure.Security;
using LifeTimeCircle.Tests.Infrastructure;
using LifeTimeCircle.Tests.Fahrzeuge;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QRCoder;
using UglyToad.PdfPig;

namespace LifeTimeCircle.Tests.Platform;

/// <summary>Host filtering open to any host (as a misconfigured proxy might be), the export worker driven by the test.</summary>
public sealed class PublicUrlFactory : LtcFactory
{
    public const string PublicUrl = "https://heft.lifetimecircle.example";

    protected override IDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["LTC_PUBLIC_URL"] = PublicUrl,
        ["AllowedHosts"] = "*",
        ["LTC_JOBS_WORKER"] = "false",
    };
}

public sealed class PublicUrlTests(PublicUrlFactory app) : IClassFixture<PublicUrlFactory>
{
    private const string ForgedHost = "boese.example";

    /// <summary>A signed-in client whose every request carries a forged Host header.</summary>
    private async Task<HttpClient> ForgedHostClientAsync(string email)
    {
        await app.CreateUserAsync(email, Roles.Vip);
        var client = app.CreateClient(new WebApplicationFactoryClientOptions
        {
            AllowAutoRedirect = false, HandleCookies = true, BaseAddress = new Uri($"http://{ForgedHost}:8080"),
        });
        var signedIn = await Flows.SignInAsync(client, email);
        Assert.True(signedIn.StatusCode == HttpStatusCode.Redirect, await Html.DescribeAsync(signedIn));
        return client;
    }

    private async Task<string> EnableShareAsync(HttpClient client, string vehicle)
    {
        var (_, page) = await Html.GetAsync(client, $"/Fahrzeuge/{vehicle}/Teilen");
        var form = page.QuerySelector<AngleSharp.Html.Dom.IHtmlFormElement>("form[action*='handler=Enable']")!;
        Html.AssertRedirect(await Html.SubmitFormAsync(client, form, new Dictionary<string, string>()), $"/Fahrzeuge/{vehicle}/Teilen");
        return (await app.WithDbAsync(db => db.Vehicles.SingleAsync(v => v.PublicId == vehicle))).ShareToken!;
    }

    private async Task<byte[]> ExportAsync(HttpClient client, string vehicle, ExportType type)
    {
        var (_, page) = await Html.GetAsync(client, $"/Fahrzeuge/{vehicle}/Exporte");
        var form = page.QuerySelectorAll<AngleSharp.Html.Dom.IHtmlFormElement>("form")
            .First(f => f.QuerySelector($"input[name=Type][value={type}]") is not null && f.QuerySelector("input[name=Bestaetigt]") is null);
        Html.AssertRedirect(await Html.SubmitFormAsync(client, form, new Dictionary<string, string>()), "/Exporte");
        Assert.Equal(1, await Jobs.DrainAsync(app, ExportProcessor.Kind));
        var job = await app.WithDbAsync(db => db.ExportJobs.AsNoTracking()
            .Where(j => j.Type == type && db.Vehicles.Any(v => v.Id == j.VehicleId && v.PublicId == vehicle)).OrderByDescending(j => j.Version).FirstAsync());
        Assert.True(job.Status == ExportStatus.Succeeded, job.Error);
        return await client.GetByteArrayAsync($"/Exporte/{job.PublicId}/Datei");
    }

    private static string NoSpace(string s) => new(s.Where(c => !char.IsWhiteSpace(c)).ToArray());

    /// <summary>The dark modules of a QR code, relative to its top-left dark module.</summary>
    private static HashSet<(int Row, int Col)> Normalise(IEnumerable<(int Row, int Col)> modules)
    {
        var list = modules.ToList();
        var top = list.Min(m => m.Row);
        var left = list.Min(m => m.Col);
        return list.Select(m => (m.Row - top, m.Col - left)).ToHashSet();
    }

    private static HashSet<(int, int)> QrModulesOf(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        var matrix = data.ModuleMatrix;
        return Normalise(Enumerable.Range(0, matrix.Count).SelectMany(r => Enumerable.Range(0, matrix.Count).Where(c => matrix[r][c]).Select(c => (r, c))));
    }

    /// <summary>
    /// Reads the first QR code drawn in a PDF back into its modules: one filled path whose subpaths are the runs of dark
    /// modules of each row (a run of k modules is a rectangle k cells wide).
    /// </summary>
    private static HashSet<(int, int)> QrModulesInPdf(byte[] pdf)
    {
        using var doc = PdfDocument.Open(pdf);
        var qr = doc.GetPages().SelectMany(p => p.Paths).First(p => p.IsFilled && p.Count > 20);
        var runs = qr.Select(s => s.GetBoundingRectangle()).Where(r => r is { Width: > 0 }).Select(r => r!.Value).ToList();
        Assert.NotEmpty(runs);
        var cell = runs.Min(r => r.Height) - 0.02;
        var left = runs.Min(r => r.Left);
        var top = runs.Max(r => r.Top);
        return Normalise(runs.SelectMany(r =>
        {
            var row = (int)Math.Round((top - r.Top) / cell);
            var first = (int)Math.Round((r.Left - left) / cell);
            return Enumerable.Range(first, (int)Math.Round(r.Width / cell)).Select(col => (row, col));
        }));
    }

    [Fact]
    public async Task Share_page_qr_sticker_and_certificate_use_the_configured_public_url_whatever_the_host_header()
    {
        const string email = "oeffentlich@example.de";
        var client = await ForgedHostClientAsync(email);
        var (vehicle, _) = await VehicleSeed.CreateVehicleWithEntriesAsync(app, email, 2);
        var token = await EnableShareAsync(client, vehicle);
        var expected = $"{PublicUrlFactory.PublicUrl}/q/{token}";

        var share = await client.GetAsync($"/Fahrzeuge/{vehicle}/Teilen");
        var html = await share.Content.ReadAsStringAsync();
        var doc = await Html.ParseAsync(share);
        Assert.Equal(expected, doc.QuerySelector("code.secret")!.TextContent);
        Assert.Contains(QrCodes.Svg(expected), html, StringComparison.Ordinal); // the QR encodes exactly this URL
        Assert.DoesNotContain(ForgedHost, html, StringComparison.OrdinalIgnoreCase);

        var sticker = await ExportAsync(client, vehicle, ExportType.QrPdf);
        var stickerText = NoSpace(string.Concat(PdfDocument.Open(sticker).GetPages().Select(p => p.Text)));
        Assert.Contains(expected, stickerText, StringComparison.Ordinal);
        Assert.DoesNotContain(ForgedHost, stickerText, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(ForgedHost, Encoding.Latin1.GetString(sticker), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(QrModulesOf(expected), QrModulesInPdf(sticker));

        var certificate = await ExportAsync(client, vehicle, ExportType.TrustZertifikat);
        var certificateText = NoSpace(string.Concat(PdfDocument.Open(certificate).GetPages().Select(p => p.Text)));
        Assert.Contains(expected, certificateText, StringComparison.Ordinal);
        Assert.Contains(NoSpace($"Echtheit prüfen: {PublicUrlFactory.PublicUrl}/Zertifikat"), certificateText, StringComparison.Ordinal);
        Assert.DoesNotContain(ForgedHost, certificateText, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(ForgedHost, Encoding.Latin1.GetString(certificate), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(QrModulesOf(expected), QrModulesInPdf(certificate));
    }
}

public sealed class PublicUrlSettingTests
{
    private sealed class StartFactory(string environment, string? publicUrl) : WebApplicationFactory<Program>
    {
        public string DataDir { get; } = Path.Combine(Path.GetTempPath(), "ltc-tests", Guid.NewGuid().ToString("N"));

        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
        {
            builder.UseEnvironment(environment);
            builder.UseSetting("LTC_DATA_DIR", DataDir);
            builder.UseSetting("LTC_SECRET_KEY", "production-secret-0123456789-abcdefghijkl");
            builder.UseSetting("LTC_MAIL_MODE", "outbox");
            if (publicUrl is not null) builder.UseSetting("LTC_PUBLIC_URL", publicUrl);
        }

        protected override void Dispose(bool disposing)
        {
            base.Dispose(disposing);
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(DataDir, recursive: true);
            }
            catch (IOException)
            {
                // Left for the OS temp cleanup.
            }
        }
    }

    [Theory]
    [InlineData("Production", null)]
    [InlineData("Production", "")]
    [InlineData("Production", "http://lifetimecircle.example")]
    [InlineData("Production", "lifetimecircle.example")]
    [InlineData("Production", "/q")]
    [InlineData("Production", "https://lifetimecircle.example/unterordner")]
    [InlineData("Production", "https://lifetimecircle.example/?a=b")]
    [InlineData("Production", "https://nutzer:geheim@lifetimecircle.example")]
    [InlineData("Testing", "ftp://lifetimecircle.example")]
    [InlineData("Testing", "kein-url")]
    public void The_app_refuses_to_start_without_a_proper_public_url(string environment, string? publicUrl)
    {
        using var factory = new StartFactory(environment, publicUrl);
        var ex = Assert.ThrowsAny<Exception>(() => factory.CreateClient());
        var message = ex is InvalidOperationException ? ex.Message : ex.InnerException?.Message ?? ex.Message;
        Assert.Contains("LTC_PUBLIC_URL", message, StringComparison.Ordinal);
        Assert.DoesNotContain("geheim", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Production", "https://lifetimecircle.example", "https://lifetimecircle.example")]
    [InlineData("Production", "https://LifeTimeCircle.example:8443/", "https://lifetimecircle.example:8443")]
    [InlineData("Testing", "http://127.0.0.1:5000", "http://127.0.0.1:5000")]
    [InlineData("Testing", null, "http://localhost:5000")]
    public void A_proper_public_url_is_used_as_the_base_of_every_link(string environment, string? publicUrl, string expectedBase)
    {
        using var factory = new StartFactory(environment, publicUrl);
        _ = factory.Server;
        var urls = factory.Services.GetRequiredService<LifeTimeCircle.Infrastructure.PublicUrls>();
        Assert.Equal(expectedBase + "/q/abc", urls.MiniCheck("abc"));
        Assert.Equal(expectedBase + "/Zertifikat", urls.CertificateCheck);
    }
}
