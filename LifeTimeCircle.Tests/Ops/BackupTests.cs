using System.Security.Cryptography;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Infrastructure;
using LifeTimeCircle.Infrastructure.Backup;
using LifeTimeCircle.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting.Internal;

namespace LifeTimeCircle.Tests.Ops;

public sealed class BackupTests(LtcFactory factory) : IClassFixture<LtcFactory>
{
    private static long Count(string dbPath, string table)
    {
        using var c = new SqliteConnection($"Data Source={dbPath};Mode=ReadOnly;Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = $"SELECT COUNT(*) FROM {table}";
        return (long)cmd.ExecuteScalar()!;
    }

    [Fact]
    public async Task A_backup_taken_while_writes_go_on_restores_consistently_into_an_empty_directory()
    {
        await factory.CreateUserAsync("sicher@example.de");
        await LifeTimeCircle.Tests.Vehicles.VehicleSeed.CreateVehicleWithEntriesAsync(factory, "sicher@example.de", 200);
        Directory.CreateDirectory(Path.Combine(factory.DataDir, "files", "ab"));
        var evidence = Path.Combine(factory.DataDir, "files", "ab", "abcdef0123");
        await File.WriteAllBytesAsync(evidence, RandomNumberGenerator.GetBytes(200_000));
        var backups = factory.Services.GetRequiredService<BackupService>();
        var dbPath = Path.Combine(factory.DataDir, "lifetimecircle.db");

        // A writer that keeps inserting audit rows through its own connection during the backup.
        using var stop = new CancellationTokenSource();
        var writer = Task.Run(async () =>
        {
            var written = 0;
            await using var c = new SqliteConnection($"Data Source={dbPath};Pooling=False");
            await c.OpenAsync();
            while (!stop.IsCancellationRequested)
            {
                await using var cmd = c.CreateCommand();
                cmd.CommandText = "INSERT INTO AuditEvents (EventId, CreatedAt, ActorType, ActorRole, Action, TargetType, Scope, Result, MetadataJson) " +
                                  "VALUES ($id, $t, 'system', 'public', 'BACKUP_TEST', 'SYSTEM_CONFIG', 'own', 'Success', '{}')";
                cmd.Parameters.AddWithValue("$id", Guid.NewGuid().ToString());
                cmd.Parameters.AddWithValue("$t", DateTimeOffset.UtcNow.UtcTicks);
                await cmd.ExecuteNonQueryAsync();
                written++;
                if (written % 50 == 0) await Task.Yield();
            }
            return written;
        });
        while (Count(dbPath, "AuditEvents") < 200) await Task.Delay(10);
        var before = Count(dbPath, "AuditEvents");
        var archive = await backups.CreateAsync(Path.Combine(factory.DataDir, "out"), CancellationToken.None);
        await stop.CancelAsync();
        var written = await writer;
        var after = Count(dbPath, "AuditEvents");
        Assert.True(written > 0);

        var restoreDir = Path.Combine(Path.GetTempPath(), "ltc-tests", "restore-" + Guid.NewGuid().ToString("N"));
        var env = LtcEnvironment.Load(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["LTC_DATA_DIR"] = restoreDir, ["LTC_SECRET_KEY"] = "another-secret-for-the-restore-0123456789",
        }).Build(), new HostingEnvironment { EnvironmentName = "Testing", ContentRootPath = restoreDir });
        var restore = new BackupService(env, TimeProvider.System);
        Assert.Equal("ok", await restore.RestoreAsync(archive, CancellationToken.None));

        var restored = Path.Combine(restoreDir, "lifetimecircle.db");
        var restoredAudit = Count(restored, "AuditEvents");
        Assert.InRange(restoredAudit, before, after);
        Assert.Equal(Count(dbPath, "Entries"), Count(restored, "Entries"));
        Assert.Equal(Count(dbPath, "Vehicles"), Count(restored, "Vehicles"));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(evidence))),
            Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(Path.Combine(restoreDir, "files", "ab", "abcdef0123")))));
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(restoreDir, "keys")));

        // A second restore into the same (now non-empty) directory is refused.
        var again = await Assert.ThrowsAsync<InvalidOperationException>(() => restore.RestoreAsync(archive, CancellationToken.None));
        Assert.Contains("leeres Datenverzeichnis", again.Message, StringComparison.Ordinal);

        // The health page reports the last successful backup.
        var request = new HttpRequestMessage(HttpMethod.Get, "/health");
        request.Headers.Accept.ParseAdd("application/json");
        var json = await (await factory.CreateClient().SendAsync(request)).Content.ReadAsStringAsync();
        Assert.Contains("\"sicherung\"", json, StringComparison.Ordinal);
        Assert.Contains("Letzte Sicherung vor", json, StringComparison.Ordinal);
        SqliteConnection.ClearAllPools();
        Directory.Delete(restoreDir, true);
    }
}
