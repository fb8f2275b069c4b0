using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json;
using AngleSharp.Html.Dom;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Infrastructure.Health;
using LifeTimeCircle.Tests.Fahrzeuge;
using LifeTimeCircle.Tests.Infrastructure;

namespace LifeTimeCircle.Tests.Platform;

/// <summary>clamd configured but not listening (a port that refuses connections), waiting uploads allowed for 30 minutes.</summary>
public sealed class ScannerDownFactory : LtcFactory
{
    private static readonly int ClosedPort = FindClosedPort();

    protected override IDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["LTC_CLAMAV"] = $"tcp://127.0.0.1:{ClosedPort}",
        ["LTC_SCAN_MAX_WAIT_MINUTES"] = "30",
    };

    /// <summary>A port that was free a moment ago: connecting to it is refused at once.</summary>
    private static int FindClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}

/// <summary>
/// A scanner that is down keeps the site ready: the check is degraded (HTTP 200) and names how many uploads wait;
/// only uploads waiting longer than LTC_SCAN_MAX_WAIT_MINUTES make it unhealthy (503). <c>/health/ready</c> ignores it.
/// </summary>
public sealed class ScannerHealthTests(ScannerDownFactory app) : IClassFixture<ScannerDownFactory>
{
    private async Task<(HttpStatusCode Status, JsonElement Scanner, string Body)> HealthAsync()
    {
        app.Clock.Advance(HealthReportCache.MaxAge); // a fresh report, not the shared one of a moment ago
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health");
        request.Headers.Accept.ParseAdd("application/json");
        var response = await app.CreateClient().SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        using var json = JsonDocument.Parse(body);
        var scanner = json.RootElement.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "scanner").Clone();
        return (response.StatusCode, scanner, body);
    }

    private async Task UploadAsync(HttpClient client, string vehicle)
    {
        var (_, page) = await Html.GetAsync(client, $"/Fahrzeuge/{vehicle}/Dokumente/Neu");
        using var form = new MultipartFormDataContent
        {
            { new StringContent(page.QuerySelector<IHtmlInputElement>("input[name=__RequestVerificationToken]")!.Value), "__RequestVerificationToken" },
            { new StringContent("Rechnung"), "Kind" },
            { new StringContent(""), "EntryId" },
        };
        var file = new ByteArrayContent("%PDF-1.4\n% Rechnung\n%%EOF\n"u8.ToArray());
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        form.Add(file, "Datei", "rechnung.pdf");
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostAsync($"/Fahrzeuge/{vehicle}/Dokumente/Neu", form)).StatusCode);
    }

    [Fact]
    public async Task Clamd_down_is_degraded_with_the_waiting_count_and_unhealthy_only_after_the_wait_limit()
    {
        var owner = await Flows.SignedInClientAsync(app, "scanner-weg@example.de", Roles.Vip);
        var (vehicle, _) = await VehicleSeed.CreateVehicleWithEntriesAsync(app, "scanner-weg@example.de", 0);
        await UploadAsync(owner, vehicle);
        await UploadAsync(owner, vehicle);
        Assert.Equal(2, await Jobs.DrainAsync(app, LifeTimeCircle.Infrastructure.Documents.ScanProcessor.Kind)); // both deferred: clamd refuses

        var (status, scanner, body) = await HealthAsync();
        Assert.True(status == HttpStatusCode.OK, body);
        Assert.Equal("degraded", scanner.GetProperty("status").GetString());
        Assert.Equal(2, scanner.GetProperty("data").GetProperty("pending").GetInt32());
        Assert.Contains("Scanner nicht erreichbar; 2 Dokumente warten", scanner.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().GetAsync("/health/ready")).StatusCode);

        app.Clock.Advance(TimeSpan.FromMinutes(29));
        (status, scanner, body) = await HealthAsync();
        Assert.True(status == HttpStatusCode.OK, body); // the oldest waits 29 min 10 s: within the limit
        Assert.Equal("degraded", scanner.GetProperty("status").GetString());

        app.Clock.Advance(TimeSpan.FromMinutes(1));
        (status, scanner, body) = await HealthAsync(); // 30 min 15 s
        Assert.True(status == HttpStatusCode.ServiceUnavailable, body);
        Assert.Equal("unhealthy", scanner.GetProperty("status").GetString());
        Assert.Contains("Länger als 30 min", scanner.GetProperty("description").GetString(), StringComparison.Ordinal);
        // Readiness is about serving pages, which still works.
        var ready = await app.CreateClient().GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("ok", await ready.Content.ReadAsStringAsync());
    }
}

public sealed class ReadinessAccessTests(LtcFactory app) : IClassFixture<LtcFactory>
{
    [Fact]
    public async Task Readiness_is_answered_to_the_host_and_is_the_plain_not_found_page_for_others()
    {
        var local = await app.Server.SendAsync(c => { c.Request.Method = "GET"; c.Request.Path = "/health/ready"; c.Connection.RemoteIpAddress = IPAddress.Loopback; });
        Assert.Equal(200, local.Response.StatusCode);
        var remote = await app.Server.SendAsync(c => { c.Request.Method = "GET"; c.Request.Path = "/health/ready"; c.Connection.RemoteIpAddress = IPAddress.Parse("203.0.113.7"); });
        Assert.Equal(404, remote.Response.StatusCode);
        Assert.Contains("Seite nicht gefunden", await new StreamReader(remote.Response.Body).ReadToEndAsync(), StringComparison.Ordinal);
    }
}
