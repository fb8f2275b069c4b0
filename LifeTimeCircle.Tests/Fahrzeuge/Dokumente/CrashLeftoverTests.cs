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
