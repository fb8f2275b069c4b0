using System.Security.Cryptography;

namespace LifeTimeCircle.Infrastructure.Imports;

/// <summary>
/// Uploaded import files between the upload and the import job: under <c>$LTC_DATA_DIR/imports/</c> with a random
/// name (never the owner's file name), written while streaming and refused above <see cref="ImportOptions.MaxBytes"/>.
/// </summary>
public sealed class ImportFiles(LtcEnvironment env, ImportOptions options)
{
    public string Dir => Path.Combine(env.DataDir, "imports");

    public string PathOf(string key) =>
        key.Length == 32 && key.All(char.IsAsciiHexDigitLower) ? Path.Combine(Dir, key) : throw new ArgumentException("Ungültiger Dateischlüssel.", nameof(key));

    /// <summary>Copies the upload; null (and nothing kept) when it is larger than the limit.</summary>
    public async Task<(string Key, long Size)?> SaveAsync(Stream upload, CancellationToken ct)
    {
        Directory.CreateDirectory(Dir);
        var key = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var path = PathOf(key);
        long size = 0;
        try
        {
            await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                var buffer = new byte[81920];
                int read;
                while ((read = await upload.ReadAsync(buffer, ct)) > 0)
                {
                    size += read;
                    if (size > options.MaxBytes)
                    {
                        file.Close();
                        File.Delete(path);
                        return null;
                    }
                    await file.WriteAsync(buffer.AsMemory(0, read), ct);
                }
            }
            return (key, size);
        }
        catch
        {
            File.Delete(path);
            throw;
        }
    }

    public void Delete(string? key)
    {
        if (key is null) return;
        var path = PathOf(key);
        if (File.Exists(path)) File.Delete(path);
    }
}
