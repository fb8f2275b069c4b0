using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using LifeTimeCircle.Data;
using Microsoft.Data.Sqlite;

namespace LifeTimeCircle.Infrastructure.Backup;

public sealed record BackupManifest(string Format, DateTimeOffset CreatedAt, string? SchemaVersion, IReadOnlyList<BackupFile> Files);

public sealed record BackupFile(string Path, long Size, string Sha256);

public sealed record LastBackup(DateTimeOffset FinishedAt, string Archive, long Bytes, double Seconds);

/// <summary>
/// Online, consistent backups: the SQLite backup API copies the live database page by page while the app keeps
/// writing; files and Data Protection keys are copied next to it; a manifest lists every file's SHA-256; all
/// of it goes into one .tar.gz, encrypted with LTC_BACKUP_KEY (<see cref="BackupEncryption"/>) into a
/// <c>.tar.gz.enc</c>. Restore only into an empty data directory: the archive is decrypted, authenticated to its
/// end, every hash and <c>PRAGMA integrity_check</c> verified in a private staging directory before a single file
/// lands in the data directory. LTC_SECRET_KEY and LTC_BACKUP_KEY are not part of a backup.
/// </summary>
public sealed class BackupService(LtcEnvironment env, BackupOptions options, TimeProvider clock, ILogger<BackupService> logger)
{
    public const string Format = "lifetimecircle-backup-v1";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public string LastSuccessPath => Path.Combine(env.BackupsDir, "last-success.json");

    public async Task<string> CreateAsync(string? outDir, CancellationToken ct)
    {
        if (!options.HasKey && !options.PlainAllowed)
        {
            throw new BackupRefusedException(
                $"{BackupOptions.KeyVariable} fehlt: In {options.EnvironmentName} wird keine unverschlüsselte Sicherung geschrieben, denn sie enthielte " +
                $"den Data-Protection-Schlüsselring im Klartext. Schlüssel erzeugen mit `{BackupOptions.GenerateCommand}`, getrennt von den " +
                "Sicherungen aufbewahren und dem Sicherungsdienst geben (docs/configuration.md, docs/deployment.md).");
        }
        var started = clock.GetUtcNow();
        var timer = System.Diagnostics.Stopwatch.StartNew();
        outDir ??= env.BackupsDir;
        Directory.CreateDirectory(outDir);
        var staging = CreatePrivateDirectory(Path.Combine(env.TempDir, "backup-" + Guid.NewGuid().ToString("N")));
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

            var name = $"lifetimecircle-backup-{started.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}-{Guid.NewGuid().ToString("N")[..6]}.tar.gz"
                       + (options.HasKey ? ".enc" : "");
            var archive = Path.Combine(outDir, name);
            var partial = archive + ".partial";
            try
            {
                await using (var output = new FileStream(partial, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
                {
                    if (options.HasKey)
                    {
                        await using var encrypted = new EncryptingStream(output, options);
                        await WriteTarGzAsync(staging, encrypted, ct);
                        await encrypted.CompleteAsync(ct);
                    }
                    else
                    {
                        await WriteTarGzAsync(staging, output, ct);
                    }
                    await output.FlushAsync(ct);
                    output.Flush(flushToDisk: true);
                }
                File.Move(partial, archive);
            }
            finally
            {
                if (File.Exists(partial)) File.Delete(partial);
            }
            if (!options.HasKey)
            {
                logger.LogWarning("Sicherung {Archive} ist unverschlüsselt: LTC_BACKUP_KEY fehlt (erlaubt nur in Development und Testing, hier {Environment})",
                    name, options.EnvironmentName);
            }
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

    public Task<string> RestoreAsync(string archive, CancellationToken ct) => RestoreAsync(archive, allowUnencrypted: false, ct);

    /// <summary>
    /// Restores an archive into the (empty) data directory; returns the integrity check result ("ok"). Everything is
    /// checked in a staging directory first; any refusal (<see cref="BackupRefusedException"/>) leaves the data directory
    /// as it was. Unencrypted archives (from before LTC_BACKUP_KEY, or from Development) need
    /// <paramref name="allowUnencrypted"/> outside Development and Testing.
    /// </summary>
    public async Task<string> RestoreAsync(string archive, bool allowUnencrypted, CancellationToken ct)
    {
        if (File.Exists(env.DatabasePath) || NonEmpty(env.FilesDir) || NonEmpty(env.KeysDir))
        {
            throw new BackupRefusedException($"Wiederherstellung nur in ein leeres Datenverzeichnis: {env.DataDir} enthält bereits Daten.");
        }
        if (!File.Exists(archive)) throw new BackupRefusedException("Sicherungsdatei nicht gefunden: " + archive);
        var staging = CreatePrivateDirectory(Path.Combine(Path.GetTempPath(), "ltc-restore-" + Guid.NewGuid().ToString("N")));
        try
        {
            await UnpackAsync(archive, staging, allowUnencrypted, ct);
            var manifest = VerifyManifest(staging);
            var integrity = await IntegrityCheckAsync(Path.Combine(staging, "lifetimecircle.db"), ct);
            if (integrity != "ok")
            {
                throw new BackupRefusedException("PRAGMA integrity_check der gesicherten Datenbank meldet Fehler: " + integrity);
            }
            logger.LogInformation("Sicherung geprüft: Dateien {Files}, Schema {SchemaVersion}", manifest.Files.Count, manifest.SchemaVersion);
            Directory.CreateDirectory(env.DataDir);
            try
            {
                foreach (var dir in new[] { "files", "keys" })
                {
                    var from = Path.Combine(staging, dir);
                    if (Directory.Exists(from)) CopyDirectory(from, Path.Combine(env.DataDir, dir));
                }
                File.Copy(Path.Combine(staging, "lifetimecircle.db"), env.DatabasePath);
            }
            catch
            {
                // Never leave half a restore behind: the directory was empty before.
                if (File.Exists(env.DatabasePath)) File.Delete(env.DatabasePath);
                if (Directory.Exists(env.FilesDir)) Directory.Delete(env.FilesDir, recursive: true);
                if (Directory.Exists(env.KeysDir)) Directory.Delete(env.KeysDir, recursive: true);
                throw;
            }
            return integrity;
        }
        finally
        {
            Directory.Delete(staging, recursive: true);
        }
    }

    /// <summary>Decrypts (or, for a plain archive, just reads) the archive into <paramref name="staging"/>, authenticated to its last byte.</summary>
    private async Task UnpackAsync(string archive, string staging, bool allowUnencrypted, CancellationToken ct)
    {
        await using var input = new FileStream(archive, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous);
        var start = new byte[BackupEncryption.Magic.Length];
        var read = await input.ReadAtLeastAsync(start, start.Length, throwOnEndOfStream: false, ct);
        input.Position = 0;
        if (BackupEncryption.HasMagic(start.AsSpan(0, read)))
        {
            await using var decrypted = await DecryptingStream.OpenAsync(input, options, ct);
            await using (var gzip = new GZipStream(decrypted, CompressionMode.Decompress, leaveOpen: true))
            {
                await ExtractAsync(gzip, staging, ct);
            }
            await decrypted.ReadToEndAsync(ct);
            return;
        }
        if (read >= 2 && start[0] == 0x1f && start[1] == 0x8b)
        {
            if (!options.PlainAllowed && !allowUnencrypted)
            {
                throw new BackupRefusedException(
                    $"Die Sicherung ist nicht verschlüsselt (älteres Format oder ohne {BackupOptions.KeyVariable} erstellt). In {options.EnvironmentName} " +
                    "wird sie nur mit --allow-unencrypted wiederhergestellt; prüfen Sie vorher, woher sie stammt.");
            }
            await using var gzip = new GZipStream(input, CompressionMode.Decompress, leaveOpen: true);
            await ExtractAsync(gzip, staging, ct);
            return;
        }
        throw new BackupRefusedException(read == 0
            ? BackupEncryption.Truncated
            : "Unbekanntes Sicherungsformat: weder eine verschlüsselte LifeTimeCircle-Sicherung (.tar.gz.enc) noch eine .tar.gz-Sicherung.");
    }

    private static async Task ExtractAsync(Stream tarGz, string staging, CancellationToken ct)
    {
        try
        {
            await TarFile.ExtractToDirectoryAsync(tarGz, staging, overwriteFiles: false, ct);
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or FormatException)
        {
            // Only reachable for plain archives or ones written by a broken program: encrypted bytes are authenticated first.
            throw new BackupRefusedException("Die Sicherung ist unvollständig oder beschädigt und wird nicht wiederhergestellt (" + e.GetType().Name + ").");
        }
    }

    /// <summary>The staging directory holds exactly the files of the manifest, each a regular file with its size and SHA-256.</summary>
    private static BackupManifest VerifyManifest(string staging)
    {
        var manifestPath = Path.Combine(staging, "manifest.json");
        if (!File.Exists(manifestPath)) throw new BackupRefusedException("Die Sicherung enthält kein manifest.json.");
        BackupManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<BackupManifest>(File.ReadAllText(manifestPath), Json);
        }
        catch (JsonException)
        {
            manifest = null;
        }
        if (manifest?.Files is null) throw new BackupRefusedException("manifest.json der Sicherung ist leer oder unlesbar.");
        if (manifest.Format != Format) throw new BackupRefusedException("Unbekanntes Sicherungsformat im manifest.json: " + manifest.Format);
        var root = staging + Path.DirectorySeparatorChar;
        var listed = new HashSet<string>(StringComparer.Ordinal) { manifestPath };
        foreach (var f in manifest.Files)
        {
            var path = Path.GetFullPath(Path.Combine(staging, f.Path));
            if (!path.StartsWith(root, StringComparison.Ordinal) || !File.Exists(path) || new FileInfo(path).LinkTarget is not null
                || new FileInfo(path).Length != f.Size || Sha256(path) != f.Sha256)
            {
                throw new BackupRefusedException("Prüfsumme stimmt nicht: " + f.Path);
            }
            listed.Add(path);
        }
        if (!listed.Contains(Path.Combine(staging, "lifetimecircle.db"))) throw new BackupRefusedException("Die Sicherung enthält keine Datenbank.");
        var unlisted = Directory.GetFileSystemEntries(staging, "*", SearchOption.AllDirectories)
            .FirstOrDefault(p => !listed.Contains(p) && (File.Exists(p) || new FileInfo(p).LinkTarget is not null));
        if (unlisted is not null) throw new BackupRefusedException("Datei nicht im manifest.json: " + Path.GetRelativePath(staging, unlisted));
        return manifest;
    }

    private static async Task<string> IntegrityCheckAsync(string dbPath, CancellationToken ct)
    {
        await using var db = new SqliteConnection($"Data Source={dbPath};Mode=ReadOnly;Pooling=False");
        await db.OpenAsync(ct);
        await using var cmd = db.CreateCommand();
        cmd.CommandText = "PRAGMA integrity_check;";
        return (string)(await cmd.ExecuteScalarAsync(ct))!;
    }

    private static async Task WriteTarGzAsync(string staging, Stream output, CancellationToken ct)
    {
        await using var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true);
        await TarFile.CreateFromDirectoryAsync(staging, gzip, includeBaseDirectory: false, ct);
    }

    /// <summary>Staging holds the key ring and the database in clear for a moment: only the service user may read it.</summary>
    private static string CreatePrivateDirectory(string path)
    {
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(path);
        else Directory.CreateDirectory(path, OwnerOnly);
        return path;
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
