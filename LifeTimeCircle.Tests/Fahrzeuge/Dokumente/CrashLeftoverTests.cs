using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using LifeTimeCircle.Tests.Fahrzeuge;
using LifeTimeCircle.Tests.Infrastructure;

namespace LifeTimeCircle.Tests.Fahrzeuge.Dokumente;

/// <summary>What a killed process leaves behind in the data directory is cleaned at the next start.</summary>
public sealed class CrashLeftoverTests
{
    [Fact]
    public async Task Half_received_uploads_of_a_killed_process_are_removed_at_start_and_backup_staging_stays()
    {
        using var factory = new LtcFactory();
        var tmp = Path.Combine(factory.DataDir, "tmp");
        Directory.CreateDirectory(tmp);
        var halfUpload = Path.Combine(tmp, "upload-" + Guid.NewGuid().ToString("N"));
        await File.WriteAllBytesAsync(halfUpload, new byte[64 * 1024]);
        var backupStaging = Directory.CreateDirectory(Path.Combine(tmp, "backup-" + Guid.NewGuid().ToString("N"))).FullName;

        var response = await factory.CreateBrowserClient().GetAsync("/");

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.False(File.Exists(halfUpload), "the abandoned upload is still there");
        Assert.True(Directory.Exists(backupStaging), "a running backup's staging folder must not be touched");
    }
}

/// <summary>
/// A document whose scan was running when the process was killed: after the restart the scan runs at once, not after
/// its 2-minute lease. The job runner releases the leases of this host's earlier process at start (JobWorker →
/// JobRunner.RecoverAsync); scans are jobs of kind "scan" on that runner, so nothing scan-specific is needed.
/// </summary>
public sealed class ScanAfterCrashTests
{
    private sealed class SameDataFactory(string dataDir) : LtcFactory(dataDir);

    [Fact]
    public async Task A_scan_interrupted_by_a_kill_runs_again_at_once_after_the_restart()
    {
        using var first = new LtcFactory();
        var owner = await Flows.SignedInClientAsync(first, "abbruch@example.de", LifeTimeCircle.Domain.Roles.Vip);
        var (vehicle, _) = await VehicleSeed.CreateVehicleWithEntriesAsync(first, "abbruch@example.de", 0);
        var (_, page) = await Html.GetAsync(owner, $"/Fahrzeuge/{vehicle}/Dokumente/Neu");
        using (var form = new MultipartFormDataContent
        {
            { new StringContent(page.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("input[name=__RequestVerificationToken]")!.Value), "__RequestVerificationToken" },
            { new StringContent("Rechnung"), "Kind" },
            { new StringContent(""), "EntryId" },
        })
        {
            // Active content: the structural check decides without clamd, so the resumed scan finishes in this test.
            var file = new ByteArrayContent("%PDF-1.4\n1 0 obj << /OpenAction << /JS (app.alert(1)) >> >> endobj\n%%EOF\n"u8.ToArray());
            file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/pdf");
            form.Add(file, "Datei", "rechnung.pdf");
            Html.AssertRedirect(await owner.PostAsync($"/Fahrzeuge/{vehicle}/Dokumente/Neu", form), $"/Fahrzeuge/{vehicle}/Dokumente/");
        }
        // The process dies mid-scan: its job is Running under a lease of this host's earlier process, the document leased too.
        await Jobs.ClaimAndCrashAsync(first, LifeTimeCircle.Infrastructure.Documents.ScanProcessor.Kind,
            LifeTimeCircle.Infrastructure.Jobs.JobRunner.HostPrefix + "4711:abcdefgh");
        await first.WithDbAsync(async db =>
        {
            (await db.Documents.SingleAsync()).Lease(first.Clock.GetUtcNow(), LifeTimeCircle.Infrastructure.Documents.ScanProcessor.LeaseDuration);
            return await db.SaveChangesAsync();
        });
        Assert.Equal(0, await Jobs.DrainAsync(first, LifeTimeCircle.Infrastructure.Documents.ScanProcessor.Kind)); // the lease holds

        using var restarted = new SameDataFactory(first.DataDir);
        restarted.Clock.SetUtcNow(first.Clock.GetUtcNow()); // no time passes: a waited-out lease cannot explain the result
        using (var scope = restarted.Services.CreateScope())
        {
            Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<LifeTimeCircle.Infrastructure.Jobs.JobRunner>().RecoverAsync(CancellationToken.None));
        }
        Assert.Equal(1, await Jobs.DrainAsync(restarted, LifeTimeCircle.Infrastructure.Documents.ScanProcessor.Kind));
        var doc = await restarted.WithDbAsync(db => db.Documents.AsNoTracking().SingleAsync());
        Assert.NotEqual(LifeTimeCircle.Domain.Documents.ScanState.Pending, doc.Scan);
        Assert.Null(doc.LeaseUntil);
    }
}
