using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using LifeTimeCircle.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Infrastructure.Backup;

public sealed record BackupManifest(string Format, DateTimeOffset CreatedAt, string? SchemaVersion, IReadOnlyList<BackupFile> Files);

public sealed record BackupFile(string Path, long Size, string Sha256);

public sealed record LastBackup(DateTimeOffset FinishedAt, string Archive, long Bytes, double Seconds);

/// <summary>
/// Online, consistent backups: the SQLite backup API copies the live database page by page while the app keeps
/// writing; files and Data Protection keys are copied next to it; a manifest lists every file's SHA-256; all
/// of it goes into one .tar.gz. Restore only into an empty data directory, verifying every hash and
/// <c>PRAGMA integrity_check</c>. LTC_SECRET_KEY is not part of a backup (keep it with your secrets).
/// </summary>
public sealed class BackupService(LtcEnvironment env, TimeProvider clock)
{
    public const string Format = "lifetimecircle-backup-v1";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public string LastSuccessPath => Path.Combine(env.BackupsDir, "last-success.json");

    public async Task<string> CreateAsync(string? outDir, CancellationToken ct)
    {
        var started = clock.GetUtcNow();
        var timer = System.Diagnostics.Stopwatch.StartNew();
        outDir ??= env.BackupsDir;
        Directory.CreateDirectory(outDir);
        var staging = Path.Combine(env.TempDir, "backup-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(staging);
        try
        {
            var dbCopy = Path.Combine(staging, "lifetimecircle.db");
            await using (var source = new SqliteConnection($"Data Source={env.DatabasePath};Mode=ReadOnly"))
            await using (var target = new SqliteConnection($"Data Source={dbCopy};Pooling=False"))
            {
                await source.OpenAsync(ct);
                await target.OpenAsync(ct);
                source.BackupDatabase(target);
                await using var cmd = target.CreateCommand();
                cmd.CommandText = "PRAGMA journal_mode=DELETE;";
                await cmd.ExecuteScalarAsync(ct);
            }
            foreach (var dir in new[] { "files", "keys" })
            {
                var from = Path.Combine(env.DataDir, dir);
                if (Directory.Exists(from)) CopyDirectory(from, Path.Combine(staging, dir));
            }
            var files = Directory.GetFiles(staging, "*", SearchOption.AllDirectories)
                .Select(f => new BackupFile(Path.GetRelativePath(staging, f).Replace('\\', '/'), new FileInfo(f).Length, Sha256(f)))
                .OrderBy(f => f.Path, StringComparer.Ordinal).ToList();
            var manifest = new BackupManifest(Format, started, await SchemaVersionAsync(dbCopy, ct), files);
            await File.WriteAllTextAsync(Path.Combine(staging, "manifest.json"), JsonSerializer.Serialize(manifest, Json), ct);

            var name = $"lifetimecircle-backup-{started.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}-{Guid.NewGuid().ToString("N")[..6]}.tar.gz";
            var archive = Path.Combine(outDir, name);
            var partial = archive + ".partial";
            await using (var output = File.Create(partial))
            await using (var gzip = new GZipStream(output, CompressionLevel.Optimal))
            {
                await TarFile.CreateFromDirectoryAsync(staging, gzip, includeBaseDirectory: false, ct);
            }
            File.Move(partial, archive);
            Directory.CreateDirectory(env.BackupsDir);
            var last = new LastBackup(clock.GetUtcNow(), name, new FileInfo(archive).Length, timer.Elapsed.TotalSeconds);
            await File.WriteAllTextAsync(LastSuccessPath, JsonSerializer.Serialize(last, Json), ct);
            return archive;
        }
        finally
        {
            Directory.Delete(staging, recursive: true);
        }
    }

    /// <summary>Restores an archive into the (empty) data directory; returns the integrity check result ("ok").</summary>
    public async Task<string> RestoreAsync(string archive, CancellationToken ct)
    {
        if (File.Exists(env.DatabasePath) || NonEmpty(env.FilesDir) || NonEmpty(env.KeysDir))
        {
            throw new InvalidOperationException($"Wiederherstellung nur in ein leeres Datenverzeichnis: {env.DataDir} enthält bereits Daten.");
        }
        var staging = Path.Combine(Path.GetTempPath(), "ltc-restore-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(staging);
        try
        {
            await using (var input = File.OpenRead(archive))
            await using (var gzip = new GZipStream(input, CompressionMode.Decompress))
            {
                await TarFile.ExtractToDirectoryAsync(gzip, staging, overwriteFiles: false, ct);
            }
            var manifest = JsonSerializer.Deserialize<BackupManifest>(await File.ReadAllTextAsync(Path.Combine(staging, "manifest.json"), ct), Json)
                ?? throw new InvalidOperationException("manifest.json fehlt oder ist leer.");
            if (manifest.Format != Format) throw new InvalidOperationException("Unbekanntes Sicherungsformat: " + manifest.Format);
            foreach (var f in manifest.Files)
            {
                var path = Path.GetFullPath(Path.Combine(staging, f.Path));
                if (!path.StartsWith(staging, StringComparison.Ordinal) || !File.Exists(path) || Sha256(path) != f.Sha256)
                {
                    throw new InvalidOperationException("Prüfsumme stimmt nicht: " + f.Path);
                }
            }
            Directory.CreateDirectory(env.DataDir);
            foreach (var dir in new[] { "files", "keys" })
            {
                var from = Path.Combine(staging, dir);
                if (Directory.Exists(from)) CopyDirectory(from, Path.Combine(env.DataDir, dir));
            }
            File.Copy(Path.Combine(staging, "lifetimecircle.db"), env.DatabasePath);
            await using var db = new SqliteConnection($"Data Source={env.DatabasePath};Pooling=False");
            await db.OpenAsync(ct);
            await using var cmd = db.CreateCommand();
            cmd.CommandText = "PRAGMA integrity_check;";
            return (string)(await cmd.ExecuteScalarAsync(ct))!;
        }
        finally
        {
            Directory.Delete(staging, recursive: true);
        }
    }

    public LastBackup? ReadLast()
    {
        try
        {
            return File.Exists(LastSuccessPath) ? JsonSerializer.Deserialize<LastBackup>(File.ReadAllText(LastSuccessPath), Json) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static async Task<string?> SchemaVersionAsync(string dbPath, CancellationToken ct)
    {
        await using var c = new SqliteConnection($"Data Source={dbPath};Pooling=False");
        await c.OpenAsync(ct);
        await using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT MigrationId FROM __EFMigrationsHistory ORDER BY MigrationId DESC LIMIT 1;";
        return await cmd.ExecuteScalarAsync(ct) as string;
    }

    private static bool NonEmpty(string dir) => Directory.Exists(dir) && Directory.EnumerateFileSystemEntries(dir).Any();

    private static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: false);
        }
    }
}
