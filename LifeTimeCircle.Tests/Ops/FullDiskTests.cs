using System.Net;
using System.Text.Json;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Exports;
using LifeTimeCircle.Infrastructure.Audit;
using LifeTimeCircle.Infrastructure.Exports;
using LifeTimeCircle.Infrastructure.Health;
using LifeTimeCircle.Tests.Fahrzeuge;
using LifeTimeCircle.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LifeTimeCircle.Tests.Ops;

/// <summary>
/// The full-disk drill of issue 23 on a real small filesystem: the data directory is a 32 MiB tmpfs mounted by the test
/// (so it needs root; without root it fails and names the command, it never skips). With less than the reserve left,
/// writes are refused in German with the typed input kept, while pages, the health page and PDF downloads work; at 0 bytes
/// a download still works (its audit row waits in memory); the app starts on the full disk; and once space is freed,
/// writing works again and the buffered audit rows are written.
/// </summary>
public sealed class FullDiskTests : IDisposable
{
    private const int ReserveMiB = 4;
    private readonly string _mount = Path.Combine(Path.GetTempPath(), "ltc-voll-" + Guid.NewGuid().ToString("N"));
    private readonly List<LtcFactory> _apps = [];
    private bool _mounted;

    private sealed class SmallDiskFactory(string dataDir) : LtcFactory(dataDir)
    {
        protected override IDictionary<string, string> Settings => new Dictionary<string, string> { ["LTC_DISK_RESERVE_MB"] = ReserveMiB.ToString(System.Globalization.CultureInfo.InvariantCulture) };
    }

    private string Filler => Path.Combine(_mount, "fueller.bin");

    private LtcFactory Start()
    {
        var app = new SmallDiskFactory(_mount);
        _apps.Add(app);
        return app;
    }

    private void Mount()
    {
        if (Environment.UserName != "root")
        {
            throw new InvalidOperationException(
                "FullDiskTests braucht root, um ein kleines Dateisystem einzuhängen (mount -t tmpfs). Bitte als root ausführen, z. B.: " +
                "sudo -E dotnet test LifeTimeCircle.sln --filter FullyQualifiedName~FullDiskTests");
        }
        Directory.CreateDirectory(_mount);
        Prerequisites.Run("mount", $"-t tmpfs -o size=32m,mode=0700 tmpfs {_mount}");
        _mounted = true;
    }

    /// <summary>Writes until the filesystem refuses (ENOSPC), then gives back <paramref name="leaveBytes"/>.</summary>
    private long Fill(long leaveBytes)
    {
        var chunk = new byte[64 * 1024];
        using (var file = new FileStream(Filler, FileMode.Append, FileAccess.Write, FileShare.None, 1, FileOptions.None))
        {
            try
            {
                while (true)
                {
                    file.Write(chunk);
                    file.Flush();
                }
            }
            catch (IOException)
            {
                // ENOSPC: full.
            }
        }
        var free = new DriveInfo(_mount).AvailableFreeSpace;
        if (leaveBytes > 0)
        {
            using var file = new FileStream(Filler, FileMode.Open, FileAccess.Write);
            file.SetLength(Math.Max(0, file.Length - leaveBytes));
        }
        return free;
    }

    private static async Task<JsonElement> HealthCheckAsync(LtcFactory app, string name)
    {
        app.Clock.Advance(HealthReportCache.MaxAge);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health");
        request.Headers.Accept.ParseAdd("application/json");
        using var json = JsonDocument.Parse(await (await app.CreateClient().SendAsync(request)).Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name).Clone();
    }

    private static async Task<HttpResponseMessage> NewEntryAsync(HttpClient client, string vehicle, string remark)
    {
        var (_, entry) = await Html.GetAsync(client, $"/Fahrzeuge/{vehicle}/Eintragung/Neu");
        return await Html.SubmitAsync(client, entry, new Dictionary<string, string>
        {
            ["Input.Date"] = "01.02.2024", ["Input.Category"] = "Reparatur", ["Input.PerformedBy"] = "Fachwerkstatt", ["Input.Odometer"] = "42.000",
            ["Input.Remark"] = remark,
        });
    }

    private static async Task AssertRefusedKeepingInputAsync(HttpResponseMessage response, string field, string typed)
    {
        var page = await Html.ParseAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}\n{page.DocumentElement.OuterHtml}");
        Assert.Contains("Der Speicher des Servers ist voll", page.QuerySelector(".error-summary")?.TextContent ?? "", StringComparison.Ordinal);
        var control = page.QuerySelector($"[name='{field}']");
        Assert.True(control is not null, page.DocumentElement.OuterHtml);
        var value = control is AngleSharp.Html.Dom.IHtmlTextAreaElement area ? area.Value : control.GetAttribute("value");
        Assert.Equal(typed, value);
    }

    private static async Task<byte[]> DownloadAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {response.StatusCode}\n{System.Text.Encoding.UTF8.GetString(body)}");
        Assert.StartsWith("%PDF", System.Text.Encoding.ASCII.GetString(body, 0, 4), StringComparison.Ordinal);
        return body;
    }

    [Fact]
    public async Task A_full_disk_refuses_writes_in_german_keeps_reads_and_downloads_starts_cleanly_and_recovers()
    {
        Mount();
        var app = Start();
        const string email = "voll@example.de";
        var owner = await Flows.SignedInClientAsync(app, email, Roles.Vip);
        var (vehicle, _) = await VehicleSeed.CreateVehicleWithEntriesAsync(app, email, 2);
        var (_, exports) = await Html.GetAsync(owner, $"/Fahrzeuge/{vehicle}/Exporte");
        var request = exports.QuerySelectorAll<AngleSharp.Html.Dom.IHtmlFormElement>("form")
            .First(f => f.QuerySelector("input[name=Type][value=TrustZertifikat]") is not null && f.QuerySelector("input[name=Bestaetigt]") is null);
        Html.AssertRedirect(await Html.SubmitFormAsync(owner, request, new Dictionary<string, string>()), "/Exporte");
        await Jobs.DrainAsync(app, ExportProcessor.Kind);
        var certificate = await app.WithDbAsync(db => db.ExportJobs.AsNoTracking().SingleAsync(j => j.Type == ExportType.TrustZertifikat));
        var download = $"/Exporte/{certificate.PublicId}/Datei";
        var entriesBefore = await app.WithDbAsync(db => db.Entries.CountAsync());

        // 1 MiB left, below the reserve of 4 MiB: writes are refused up front, in German, with what was typed.
        Fill(leaveBytes: 1024 * 1024);
        const string remark = "Bremsen vorne neu – bitte nicht verlieren";
        await AssertRefusedKeepingInputAsync(await NewEntryAsync(owner, vehicle, remark), "Input.Remark", remark);
        var anonymous = app.CreateBrowserClient();
        var (_, signUp) = await Html.GetAsync(anonymous, "/Konto/Registrieren?art=privat");
        await AssertRefusedKeepingInputAsync(await Html.SubmitAsync(anonymous, signUp, new Dictionary<string, string>
        {
            ["Input.Email"] = "neu-bei-vollem-speicher@example.de", ["Input.Password"] = TestData.Password, ["Input.ConfirmPassword"] = TestData.Password,
        }), "Input.Email", "neu-bei-vollem-speicher@example.de");
        var (_, edit) = await Html.GetAsync(owner, $"/Fahrzeuge/{vehicle}/Bearbeiten");
        await AssertRefusedKeepingInputAsync(await Html.SubmitAsync(owner, edit, new Dictionary<string, string> { ["Input.Model"] = "Astra Caravan" }),
            "Input.Model", "Astra Caravan");
        // A button without typed input whose handler writes regardless: the request's gate stops the write, the German 507 page answers.
        var (_, share) = await Html.GetAsync(owner, $"/Fahrzeuge/{vehicle}/Teilen");
        var enable = await Html.SubmitFormAsync(owner, share.QuerySelector<AngleSharp.Html.Dom.IHtmlFormElement>("form[action*='handler=Enable']")!,
            new Dictionary<string, string>());
        var enablePage = Html.Text(await Html.ParseAsync(enable));
        Assert.True(enable.StatusCode == HttpStatusCode.InsufficientStorage, $"{enable.StatusCode}: {enablePage}");
        Assert.Contains("Der Speicher des Servers ist voll", enablePage, StringComparison.Ordinal);
        Assert.False(await app.WithDbAsync(db => db.Vehicles.Where(v => v.PublicId == vehicle).Select(v => v.ShareToken != null).SingleAsync()));
        Assert.Equal(entriesBefore, await app.WithDbAsync(db => db.Entries.CountAsync()));
        Assert.Equal(0, await app.WithDbAsync(db => db.Users.CountAsync(u => u.Email == "neu-bei-vollem-speicher@example.de")));
        // Reads go on: the vehicle, its entries, the certificate.
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync($"/Fahrzeuge/{vehicle}/Eintragung")).StatusCode);
        await DownloadAsync(owner, download);
        var disk = await HealthCheckAsync(app, "speicherplatz");
        Assert.Equal("unhealthy", disk.GetProperty("status").GetString());
        Assert.True(disk.GetProperty("data").GetProperty("writesRefused").GetBoolean(), disk.ToString());
        Assert.Contains("Speichern ist gesperrt", disk.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().GetAsync("/health/ready")).StatusCode);

        // 0 bytes: the download still works; its audit row waits in memory.
        Fill(leaveBytes: 0);
        Assert.Equal(0, new DriveInfo(_mount).AvailableFreeSpace);
        await DownloadAsync(owner, download);
        Assert.True(app.Services.GetRequiredService<AuditBuffer>().Count >= 1, app.LogText);
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync($"/Fahrzeuge/{vehicle}/Eintragung")).StatusCode);
        await AssertRefusedKeepingInputAsync(await NewEntryAsync(owner, vehicle, remark), "Input.Remark", remark);

        // Space comes back (in the same process): writing works again and the buffered audit rows are written.
        File.Delete(Filler);
        var downloadsBefore = await app.WithDbAsync(db => db.AuditEvents.CountAsync(a => a.Action == AuditActions.ExportDownloaded));
        Html.AssertRedirect(await NewEntryAsync(owner, vehicle, remark), $"/Fahrzeuge/{vehicle}/Eintragung");
        Assert.Equal(0, app.Services.GetRequiredService<AuditBuffer>().Count);
        Assert.Equal(downloadsBefore + 1, await app.WithDbAsync(db => db.AuditEvents.CountAsync(a => a.Action == AuditActions.ExportDownloaded)));

        // A restart on a full disk starts (no migration lock is taken when nothing is pending) and serves pages.
        Fill(leaveBytes: 0);
        app.Dispose();
        _apps.Remove(app);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var restarted = Start();
        var client = restarted.CreateBrowserClient();
        Html.AssertRedirect(await Flows.SignInAsync(client, email), "/");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/Fahrzeuge/{vehicle}/Eintragung")).StatusCode);
        await DownloadAsync(client, download);

        File.Delete(Filler);
        Html.AssertRedirect(await NewEntryAsync(client, vehicle, "nach dem Aufräumen"), $"/Fahrzeuge/{vehicle}/Eintragung");
        Assert.Equal(0, restarted.Services.GetRequiredService<AuditBuffer>().Count);
        Assert.Equal("healthy", (await HealthCheckAsync(restarted, "speicherplatz")).GetProperty("status").GetString());
    }

    public void Dispose()
    {
        foreach (var app in _apps) app.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (_mounted)
        {
            Prerequisites.Run("umount", _mount);
        }
        try
        {
            Directory.Delete(_mount, recursive: true);
        }
        catch (IOException)
        {
            // Removed with the temp folder.
        }
    }
}
