using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using LifeTimeCircle.Infrastructure;
using LifeTimeCircle.Infrastructure.Backup;
using LifeTimeCircle.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;

namespace LifeTimeCircle.Tests.Ops;

/// <summary>The app as run by the backup timer: with a backup key (LTC_BACKUP_KEY).</summary>
public sealed class BackupKeyFactory : LtcFactory
{
    public static readonly string Key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    protected override IDictionary<string, string> Settings => new Dictionary<string, string> { ["LTC_BACKUP_KEY"] = Key };
}

public sealed class BackupTests(BackupKeyFactory factory) : IClassFixture<BackupKeyFactory>, IAsyncLifetime
{
    private static readonly string OtherKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private readonly List<string> _dirs = [];

    public async Task InitializeAsync()
    {
        if (Directory.Exists(Path.Combine(factory.DataDir, "keys"))) return;
        // A user and a vehicle: the encrypted VIN makes Data Protection write its key ring into keys/.
        await factory.CreateUserAsync("ring@example.de");
        await LifeTimeCircle.Tests.Fahrzeuge.VehicleSeed.CreateVehicleWithEntriesAsync(factory, "ring@example.de", 3);
        Directory.CreateDirectory(Path.Combine(factory.DataDir, "files", "cd"));
        // Incompressible, so the archive spans several 64 KiB chunks.
        await File.WriteAllBytesAsync(Path.Combine(factory.DataDir, "files", "cd", "cdef456789"), RandomNumberGenerator.GetBytes(300_000));
    }

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        foreach (var dir in _dirs.Where(Directory.Exists)) Directory.Delete(dir, true);
        return Task.CompletedTask;
    }

    private string NewDir(string name)
    {
        var dir = Path.Combine(Path.GetTempPath(), "ltc-tests", name + "-" + Guid.NewGuid().ToString("N"));
        _dirs.Add(dir);
        return dir;
    }

    /// <summary>A BackupService as a command process builds it: its own data directory, environment and key.</summary>
    private static BackupService Service(string dataDir, string environment, string? backupKey)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["LTC_DATA_DIR"] = dataDir, ["LTC_SECRET_KEY"] = "another-secret-for-the-restore-0123456789", ["LTC_BACKUP_KEY"] = backupKey,
            ["LTC_PUBLIC_URL"] = "https://lifetimecircle.example", // Production refuses to start without it
        }).Build();
        var host = new HostingEnvironment { EnvironmentName = environment, ContentRootPath = dataDir };
        return new BackupService(LtcEnvironment.Load(configuration, host), BackupOptions.Load(configuration, host), TimeProvider.System,
            NullLogger<BackupService>.Instance);
    }

    private static long Count(string dbPath, string table)
    {
        using var c = new SqliteConnection($"Data Source={dbPath};Mode=ReadOnly;Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = $"SELECT COUNT(*) FROM {table}";
        return (long)cmd.ExecuteScalar()!;
    }

    private static bool Contains(byte[] haystack, string needle) => haystack.AsSpan().IndexOf(Encoding.ASCII.GetBytes(needle)) >= 0;

    /// <summary>What anybody holding the archive reads without a key: its bytes, plus what they unpack to if they are gzip.</summary>
    private static byte[] ReadableWithoutKey(byte[] archive)
    {
        using var readable = new MemoryStream();
        readable.Write(archive);
        try
        {
            using var gzip = new GZipStream(new MemoryStream(archive), CompressionMode.Decompress);
            gzip.CopyTo(readable);
        }
        catch (InvalidDataException)
        {
            // Not a gzip stream: nothing more to read.
        }
        return readable.ToArray();
    }

    private static async Task<string> RefusedAsync(Func<Task> action)
    {
        var e = await Assert.ThrowsAsync<BackupRefusedException>(action);
        return e.Message;
    }

    private static void AssertEmpty(string dataDir)
    {
        var left = Directory.Exists(dataDir) ? Directory.GetFileSystemEntries(dataDir, "*", SearchOption.AllDirectories) : [];
        Assert.True(left.Length == 0, "Im Zielverzeichnis liegt: " + string.Join(", ", left));
    }

    [Fact]
    public async Task The_archive_shows_neither_the_key_ring_nor_the_database_to_someone_without_the_backup_key()
    {
        var ring = Directory.GetFiles(Path.Combine(factory.DataDir, "keys"), "*.xml");
        Assert.NotEmpty(ring);
        Assert.Contains("<key ", await File.ReadAllTextAsync(ring[0]), StringComparison.Ordinal);

        var archive = await factory.Services.GetRequiredService<BackupService>().CreateAsync(NewDir("out"), CancellationToken.None);

        var readable = ReadableWithoutKey(await File.ReadAllBytesAsync(archive));
        Assert.False(Contains(readable, "<key "), "Der Data-Protection-Schlüsselring steht lesbar in der Sicherung.");
        Assert.False(Contains(readable, "<masterKey"), "Der Data-Protection-Schlüsselring steht lesbar in der Sicherung.");
        Assert.False(Contains(readable, "SQLite format 3"), "Die Datenbank steht lesbar in der Sicherung.");
        Assert.False(Contains(readable, "manifest.json"), "Das Inhaltsverzeichnis steht lesbar in der Sicherung.");
    }

    [Fact]
    public async Task A_backup_taken_while_writes_go_on_restores_consistently_into_an_empty_directory()
    {
        await factory.CreateUserAsync("sicher@example.de");
        await LifeTimeCircle.Tests.Fahrzeuge.VehicleSeed.CreateVehicleWithEntriesAsync(factory, "sicher@example.de", 200);
        Directory.CreateDirectory(Path.Combine(factory.DataDir, "files", "ab"));
        var evidence = Path.Combine(factory.DataDir, "files", "ab", "abcdef0123");
        await File.WriteAllBytesAsync(evidence, RandomNumberGenerator.GetBytes(200_000));
        var backups = factory.Services.GetRequiredService<BackupService>();
        var dbPath = Path.Combine(factory.DataDir, "lifetimecircle.db");

        // A writer that keeps inserting audit rows through its own connection during the backup.
        using var stop = new CancellationTokenSource();
        var written = 0;
        var writer = Task.Run(async () =>
        {
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
                if (Interlocked.Increment(ref written) % 50 == 0) await Task.Yield();
            }
        });
        // The backup must start while the writer is busy: wait (bounded) until it has written 200 rows.
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (Volatile.Read(ref written) < 200)
        {
            if (writer.IsCompleted) await writer; // a failed writer fails the test with its own exception
            Assert.True(DateTime.UtcNow < deadline, $"The concurrent writer wrote only {Volatile.Read(ref written)} audit rows within a minute.");
            await Task.Delay(10);
        }
        var before = Count(dbPath, "AuditEvents");
        var archive = await backups.CreateAsync(NewDir("out"), CancellationToken.None);
        await stop.CancelAsync();
        await writer;
        var after = Count(dbPath, "AuditEvents");

        var restoreDir = NewDir("restore");
        var restore = Service(restoreDir, "Production", BackupKeyFactory.Key);
        Assert.Equal("ok", await restore.RestoreAsync(archive, CancellationToken.None));

        var restored = Path.Combine(restoreDir, "lifetimecircle.db");
        var restoredAudit = Count(restored, "AuditEvents");
        Assert.InRange(restoredAudit, before, after);
        Assert.Equal(Count(dbPath, "Entries"), Count(restored, "Entries"));
        Assert.Equal(Count(dbPath, "Vehicles"), Count(restored, "Vehicles"));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(evidence))),
            Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(Path.Combine(restoreDir, "files", "ab", "abcdef0123")))));
        foreach (var key in Directory.GetFiles(Path.Combine(factory.DataDir, "keys")))
        {
            Assert.Equal(await File.ReadAllBytesAsync(key), await File.ReadAllBytesAsync(Path.Combine(restoreDir, "keys", Path.GetFileName(key))));
        }

        // A second restore into the same (now non-empty) directory is refused.
        var again = await RefusedAsync(() => restore.RestoreAsync(archive, CancellationToken.None));
        Assert.Contains("leeres Datenverzeichnis", again, StringComparison.Ordinal);

        // The health page reports the last successful backup.
        var request = new HttpRequestMessage(HttpMethod.Get, "/health");
        request.Headers.Accept.ParseAdd("application/json");
        var json = await (await factory.CreateClient().SendAsync(request)).Content.ReadAsStringAsync();
        Assert.Contains("\"sicherung\"", json, StringComparison.Ordinal);
        Assert.Contains("Letzte Sicherung vor", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_restore_with_another_backup_key_is_refused_and_leaves_the_target_empty()
    {
        var archive = await factory.Services.GetRequiredService<BackupService>().CreateAsync(NewDir("out"), CancellationToken.None);
        var target = NewDir("restore");

        var message = await RefusedAsync(() => Service(target, "Production", OtherKey).RestoreAsync(archive, CancellationToken.None));

        Assert.Contains("LTC_BACKUP_KEY", message, StringComparison.Ordinal);
        Assert.Contains("anderen", message, StringComparison.Ordinal);
        Assert.DoesNotContain(BackupKeyFactory.Key, message, StringComparison.Ordinal);
        Assert.DoesNotContain(OtherKey, message, StringComparison.Ordinal);
        AssertEmpty(target);
    }

    [Fact]
    public async Task A_restore_of_an_encrypted_archive_without_a_backup_key_is_refused_and_leaves_the_target_empty()
    {
        var archive = await factory.Services.GetRequiredService<BackupService>().CreateAsync(NewDir("out"), CancellationToken.None);
        var target = NewDir("restore");

        var message = await RefusedAsync(() => Service(target, "Testing", null).RestoreAsync(archive, CancellationToken.None));

        Assert.Contains("LTC_BACKUP_KEY", message, StringComparison.Ordinal);
        AssertEmpty(target);
    }

    [Fact]
    public async Task An_archive_with_one_flipped_byte_anywhere_is_refused_and_nothing_is_restored()
    {
        var archive = await factory.Services.GetRequiredService<BackupService>().CreateAsync(NewDir("out"), CancellationToken.None);
        var bytes = await File.ReadAllBytesAsync(archive);
        Assert.True(bytes.Length > 3 * 65536, "Die Sicherung sollte mehrere Blöcke umfassen: " + bytes.Length);
        // In the header (magic, version, key id, salt), a chunk length, the middle of the data, the last tag.
        foreach (var position in new[] { 3, 8, 12, 20, 48, 49, 52, 49 + 65536 + 20 + 2, bytes.Length / 2, bytes.Length - 1 })
        {
            var tampered = (byte[])bytes.Clone();
            tampered[position] ^= 0x01;
            var file = Path.Combine(NewDir("tampered"), "archive");
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            await File.WriteAllBytesAsync(file, tampered);
            var target = NewDir("restore");

            var message = await RefusedAsync(() => Service(target, "Production", BackupKeyFactory.Key).RestoreAsync(file, CancellationToken.None));

            Assert.True(message.Contains("verändert", StringComparison.Ordinal) || message.Contains("LTC_BACKUP_KEY", StringComparison.Ordinal)
                || message.Contains("Sicherungsformat", StringComparison.Ordinal), $"Byte {position}: {message}");
            AssertEmpty(target);
        }
    }

    [Fact]
    public async Task A_truncated_or_extended_archive_is_refused_and_nothing_is_restored()
    {
        var archive = await factory.Services.GetRequiredService<BackupService>().CreateAsync(NewDir("out"), CancellationToken.None);
        var bytes = await File.ReadAllBytesAsync(archive);
        const int chunk = 4 + 65536 + 16;
        var cuts = new Dictionary<string, byte[]>
        {
            ["last byte missing"] = bytes[..^1],
            ["half of it"] = bytes[..(bytes.Length / 2)],
            // Exactly at a chunk boundary: every remaining chunk is intact, only the end is missing.
            ["after the first chunk"] = bytes[..(49 + chunk)],
            ["after the second chunk"] = bytes[..(49 + 2 * chunk)],
            ["only the header"] = bytes[..49],
            ["empty"] = [],
            ["a byte appended"] = [.. bytes, 0],
        };
        foreach (var (name, cut) in cuts)
        {
            var file = Path.Combine(NewDir("cut"), "archive");
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            await File.WriteAllBytesAsync(file, cut);
            var target = NewDir("restore");

            var message = await RefusedAsync(() => Service(target, "Production", BackupKeyFactory.Key).RestoreAsync(file, CancellationToken.None));

            Assert.True(message.Contains("unvollständig", StringComparison.Ordinal) || message.Contains("verändert", StringComparison.Ordinal)
                || message.Contains("Sicherungsformat", StringComparison.Ordinal), $"{name}: {message}");
            AssertEmpty(target);
        }
    }

    [Fact]
    public async Task In_production_a_backup_without_LTC_BACKUP_KEY_is_refused_and_writes_nothing()
    {
        var outDir = NewDir("out");
        var production = Service(factory.DataDir, "Production", null);

        var message = await RefusedAsync(() => production.CreateAsync(outDir, CancellationToken.None));

        Assert.Contains("LTC_BACKUP_KEY", message, StringComparison.Ordinal);
        Assert.Contains("openssl rand -base64 32", message, StringComparison.Ordinal);
        AssertEmpty(outDir);
    }

    [Fact]
    public async Task A_restore_with_the_right_key_in_another_environment_round_trips_database_files_and_key_ring()
    {
        var archive = await factory.Services.GetRequiredService<BackupService>().CreateAsync(NewDir("out"), CancellationToken.None);
        var target = NewDir("restore");

        Assert.Equal("ok", await Service(target, "Development", BackupKeyFactory.Key).RestoreAsync(archive, CancellationToken.None));

        Assert.Equal(Count(Path.Combine(factory.DataDir, "lifetimecircle.db"), "Vehicles"), Count(Path.Combine(target, "lifetimecircle.db"), "Vehicles"));
        Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(factory.DataDir, "files", "cd", "cdef456789")),
            await File.ReadAllBytesAsync(Path.Combine(target, "files", "cd", "cdef456789")));
        Assert.Equal(Directory.GetFiles(Path.Combine(factory.DataDir, "keys")).Select(Path.GetFileName).Order(),
            Directory.GetFiles(Path.Combine(target, "keys")).Select(Path.GetFileName).Order());
    }

    [Fact]
    public async Task Without_a_key_a_plain_archive_is_written_only_in_testing_and_restored_in_production_only_when_allowed()
    {
        var plain = await Service(factory.DataDir, "Testing", null).CreateAsync(NewDir("out"), CancellationToken.None);
        Assert.EndsWith(".tar.gz", plain, StringComparison.Ordinal);
        var refusedIn = NewDir("restore");

        var message = await RefusedAsync(() => Service(refusedIn, "Production", BackupKeyFactory.Key).RestoreAsync(plain, CancellationToken.None));

        Assert.Contains("--allow-unencrypted", message, StringComparison.Ordinal);
        AssertEmpty(refusedIn);
        var allowedIn = NewDir("restore");
        Assert.Equal("ok", await Service(allowedIn, "Production", BackupKeyFactory.Key).RestoreAsync(plain, allowUnencrypted: true, CancellationToken.None));
        Assert.True(File.Exists(Path.Combine(allowedIn, "lifetimecircle.db")));
    }

    [Fact]
    public async Task An_authentic_archive_whose_content_does_not_match_its_manifest_is_refused_and_nothing_is_restored()
    {
        // Made with the right key by a broken or hostile writer: the manifest check still stands behind the encryption.
        var staging = NewDir("staging");
        Directory.CreateDirectory(Path.Combine(staging, "keys"));
        await File.WriteAllTextAsync(Path.Combine(staging, "lifetimecircle.db"), "keine Datenbank");
        await File.WriteAllTextAsync(Path.Combine(staging, "keys", "key-1.xml"), "<key/>");
        await File.WriteAllTextAsync(Path.Combine(staging, "manifest.json"),
            $$"""{"format":"{{BackupService.Format}}","createdAt":"2026-11-28T09:00:00Z","files":[{"path":"lifetimecircle.db","size":15,"sha256":"{{new string('0', 64)}}"}]}""");
        var file = Path.Combine(NewDir("forged"), "archive.tar.gz.enc");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        await using (var output = File.Create(file))
        {
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["LTC_BACKUP_KEY"] = BackupKeyFactory.Key }).Build();
            await using var encrypted = new EncryptingStream(output, BackupOptions.Load(configuration, new HostingEnvironment { EnvironmentName = "Production" }));
            await using (var gzip = new GZipStream(encrypted, CompressionLevel.Fastest, leaveOpen: true))
            {
                await System.Formats.Tar.TarFile.CreateFromDirectoryAsync(staging, gzip, includeBaseDirectory: false);
            }
            await encrypted.CompleteAsync(CancellationToken.None);
        }
        var target = NewDir("restore");

        var message = await RefusedAsync(() => Service(target, "Production", BackupKeyFactory.Key).RestoreAsync(file, CancellationToken.None));

        Assert.Contains("Prüfsumme stimmt nicht: lifetimecircle.db", message, StringComparison.Ordinal);
        AssertEmpty(target);
    }

    [Theory]
    [InlineData("passwort-statt-schluessel!")]
    [InlineData("c2VjaHplaG4gQnl0ZXMhIQ==")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    public void A_malformed_backup_key_is_refused_with_a_message_that_names_the_variable_and_not_the_value(string value)
    {
        var e = Assert.Throws<InvalidOperationException>(() => BackupOptions.ParseKey(value));

        Assert.StartsWith("LTC_BACKUP_KEY ", e.Message, StringComparison.Ordinal);
        Assert.Contains("openssl rand -base64 32", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(value, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_backup_unit_alone_reads_the_backup_key_from_its_own_file()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(dir!.FullName, "LifeTimeCircle.sln"))) dir = dir.Parent;
        var backup = File.ReadAllText(Path.Combine(dir.FullName, "systemd", "lifetimecircle-backup.service"));
        var web = File.ReadAllText(Path.Combine(dir.FullName, "systemd", "lifetimecircle.service"));

        Assert.Contains("EnvironmentFile=/etc/lifetimecircle/backup.env\n", backup, StringComparison.Ordinal);
        Assert.DoesNotContain("backup.env", web, StringComparison.Ordinal);
        Assert.DoesNotContain("Environment=LTC_BACKUP_KEY", backup + web, StringComparison.Ordinal);
    }
}
