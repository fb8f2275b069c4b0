using System.Security.Cryptography;
using LifeTimeCircle.Web;

namespace LifeTimeCircle.Infrastructure.Documents;

public sealed record StoredFile(string StorageKey, string Sha256, long Size, string ContentType);

public sealed class UploadRejectedException(string message) : Exception(message);

/// <summary>
/// Files under <c>$LTC_DATA_DIR/files/ab/&lt;key&gt;</c> with random keys, outside the web root. An upload is
/// sniffed from its first bytes before anything is written, then copied in small chunks to a temporary file
/// while it is hashed and counted (the limit is enforced while streaming), and moved into place atomically.
/// </summary>
public sealed class DocumentStorage(LtcEnvironment env, DocumentOptions options)
{
    /// <summary>
    /// Half-received uploads of an earlier process (killed mid-upload) are never finished: they are removed at start.
    /// Only this process writes uploads into the data directory, so every <c>upload-*</c> file found now is abandoned.
    /// Backup staging folders in the same directory belong to the separate backup command and are left alone.
    /// </summary>
    public int DeleteAbandonedUploads()
    {
        if (!Directory.Exists(env.TempDir)) return 0;
        var removed = 0;
        foreach (var file in Directory.EnumerateFiles(env.TempDir, "upload-*"))
        {
            try
            {
                File.Delete(file);
                removed++;
            }
            catch (IOException)
            {
                // Still open by someone: left for the next start.
            }
        }
        return removed;
    }

    public async Task<StoredFile> SaveAsync(Stream upload, CancellationToken ct)
    {
        var head = new byte[FileSniffer.HeaderLength];
        var read = await upload.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, ct);
        if (read == 0) throw new UploadRejectedException("Die Datei ist leer.");
        var contentType = FileSniffer.Sniff(head.AsSpan(0, read))
            ?? throw new UploadRejectedException("Dieser Dateityp wird nicht angenommen. Erlaubt sind PDF, JPEG, PNG und WebP.");

        Directory.CreateDirectory(env.TempDir);
        var temp = Path.Combine(env.TempDir, "upload-" + Guid.NewGuid().ToString("N"));
        long size = 0;
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        try
        {
            await using (var output = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
            {
                await WriteAsync(output, sha, head.AsMemory(0, read), ct);
                size = read;
                var buffer = new byte[81920];
                int n;
                while ((n = await upload.ReadAsync(buffer, ct)) > 0)
                {
                    size += n;
                    if (size > options.MaxUploadBytes)
                    {
                        throw new UploadRejectedException($"Die Datei ist größer als {Display.FileSize(options.MaxUploadBytes)}.");
                    }
                    await WriteAsync(output, sha, buffer.AsMemory(0, n), ct);
                }
                await output.FlushAsync(ct);
            }
            var key = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20));
            var target = PathFor(key);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Move(temp, target);
            return new StoredFile(key, Convert.ToHexStringLower(sha.GetHashAndReset()), size, contentType);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    private static async Task WriteAsync(Stream output, IncrementalHash sha, ReadOnlyMemory<byte> data, CancellationToken ct)
    {
        sha.AppendData(data.Span);
        await output.WriteAsync(data, ct);
    }

    public string PathFor(string key)
    {
        if (key.Length < 8 || key.Any(c => !char.IsAsciiHexDigitLower(c))) throw new ArgumentException("Ungültiger Speicherschlüssel.", nameof(key));
        return Path.Combine(env.FilesDir, key[..2], key);
    }

    /// <summary>
    /// A preview of the file (ADR 0022): <c>files/thumbs/ab/&lt;key&gt;-320.webp</c>, beside the original and so in every
    /// backup with the rows that describe it. <paramref name="variant"/> is one of <see cref="Thumbnails.ThumbnailMaker.Variants"/>.
    /// </summary>
    public string ThumbnailPathFor(string key, string variant)
    {
        if (!Thumbnails.ThumbnailMaker.Variants.Contains(variant)) throw new ArgumentException("Unbekannte Vorschau.", nameof(variant));
        return Path.Combine(env.FilesDir, "thumbs", Path.GetFileName(Path.GetDirectoryName(PathFor(key)))!, key + "-" + variant);
    }

    public Stream OpenRead(string key) => new FileStream(PathFor(key), FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous);

    public void Delete(string key)
    {
        var path = PathFor(key);
        if (File.Exists(path)) File.Delete(path);
        // The previews show the same picture: they go with it.
        foreach (var variant in Thumbnails.ThumbnailMaker.Variants)
        {
            var thumb = ThumbnailPathFor(key, variant);
            if (File.Exists(thumb)) File.Delete(thumb);
        }
    }
}
