using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace LifeTimeCircle.Infrastructure.Exports;

public sealed record StoredExport(string FileKey, long Size, string Sha256);

/// <summary>
/// Export files under <c>$LTC_DATA_DIR/exports</c> with random keys, written to a temp name and moved into place.
/// Sensitive exports are encrypted with AES-256-GCM in 64 KiB chunks (STREAM construction: an 8-byte random
/// nonce prefix per file plus a chunk counter, the last chunk authenticated as final, so truncation and reordering
/// are detected). The key is derived per file with HKDF from <c>LTC_SECRET_KEY</c> and the job id.
/// </summary>
public sealed class ExportStorage(LtcEnvironment env)
{
    private static readonly byte[] Magic = "LTCE1\n"u8.ToArray();
    internal const int ChunkSize = 64 * 1024;

    public string Dir => Path.Combine(env.DataDir, "exports");

    public string PathOf(string key) => Path.Combine(Dir, key);

    /// <summary>Runs <paramref name="write"/> against a stream that hashes the plain bytes and optionally encrypts them.</summary>
    public async Task<StoredExport> SaveAsync(string jobId, bool encrypt, Func<Stream, Task> write, CancellationToken ct)
    {
        Directory.CreateDirectory(Dir);
        var key = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)) + (encrypt ? ".enc" : "");
        var temp = PathOf(key) + ".part";
        try
        {
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
            {
                HashingStream hashing;
                if (encrypt)
                {
                    await using var gcm = new GcmChunkWriter(file, DeriveKey(jobId));
                    hashing = new HashingStream(gcm);
                    await write(hashing);
                    await hashing.FlushAsync(ct);
                }
                else
                {
                    hashing = new HashingStream(file);
                    await write(hashing);
                    await hashing.FlushAsync(ct);
                }
                await file.FlushAsync(ct);
                file.Flush(flushToDisk: true);
                File.Move(temp, PathOf(key));
                return new StoredExport(key, hashing.Count, hashing.Sha256());
            }
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>Copies the plain content to <paramref name="output"/>, decrypting when needed; throws when tampered.</summary>
    public async Task CopyPlainAsync(string key, string jobId, bool encrypted, Stream output, CancellationToken ct)
    {
        await using var file = new FileStream(PathOf(key), FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous);
        if (!encrypted)
        {
            await file.CopyToAsync(output, ct);
            return;
        }
        try
        {
            var header = new byte[Magic.Length + 8];
            await file.ReadExactlyAsync(header, ct);
            if (!header.AsSpan(0, Magic.Length).SequenceEqual(Magic)) throw new CryptographicException("Unbekanntes Exportformat.");
            using var aes = new AesGcm(DeriveKey(jobId), 16);
            var nonce = new byte[12];
            header.AsSpan(Magic.Length, 8).CopyTo(nonce);
            var lengthBytes = new byte[4];
            var tag = new byte[16];
            var cipher = new byte[ChunkSize];
            var plain = new byte[ChunkSize];
            for (uint counter = 0; ; counter++)
            {
                await file.ReadExactlyAsync(lengthBytes, ct);
                var length = BinaryPrimitives.ReadInt32BigEndian(lengthBytes);
                var final = length < 0;
                length = final ? ~length : length;
                if (length > ChunkSize) throw new CryptographicException("Beschädigte Exportdatei.");
                await file.ReadExactlyAsync(cipher.AsMemory(0, length), ct);
                await file.ReadExactlyAsync(tag, ct);
                BinaryPrimitives.WriteUInt32BigEndian(nonce.AsSpan(8), counter);
                aes.Decrypt(nonce, cipher.AsSpan(0, length), tag, plain.AsSpan(0, length), final ? [1] : [0]);
                await output.WriteAsync(plain.AsMemory(0, length), ct);
                if (final) break;
            }
        }
        catch (EndOfStreamException)
        {
            throw new CryptographicException("Beschädigte Exportdatei (gekürzt).");
        }
        if (file.Position != file.Length) throw new CryptographicException("Beschädigte Exportdatei.");
    }

    /// <summary>
    /// After a crash: removes half-written <c>.part</c> files and finished files no job refers to (written, but the
    /// process died before the row was updated; the job runs again and writes a new file). Only safe while no worker runs.
    /// </summary>
    public int DeleteLeftovers(IReadOnlySet<string> referenced)
    {
        if (!Directory.Exists(Dir)) return 0;
        var deleted = 0;
        foreach (var path in Directory.EnumerateFiles(Dir))
        {
            if (referenced.Contains(Path.GetFileName(path))) continue;
            File.Delete(path);
            deleted++;
        }
        return deleted;
    }

    public void Delete(string? key)
    {
        if (string.IsNullOrEmpty(key)) return;
        var path = PathOf(key);
        if (File.Exists(path)) File.Delete(path);
    }

    private byte[] DeriveKey(string jobId) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(env.SecretKey), 32, Encoding.UTF8.GetBytes(jobId), "LifeTimeCircle.Export.v1"u8.ToArray());

    /// <summary>Write-only stream: 64 KiB chunks, each sealed with AES-256-GCM; disposing writes the final chunk.</summary>
    private sealed class GcmChunkWriter : Stream
    {
        private readonly Stream _inner;
        private readonly AesGcm _aes;
        private readonly byte[] _nonce = new byte[12];
        private readonly byte[] _buffer = new byte[ChunkSize];
        private int _filled;
        private uint _counter;
        private bool _started;
        private bool _closed;

        public GcmChunkWriter(Stream inner, byte[] key)
        {
            _inner = inner;
            _aes = new AesGcm(key, 16);
            RandomNumberGenerator.Fill(_nonce.AsSpan(0, 8));
        }

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> data)
        {
            while (data.Length > 0)
            {
                if (_filled == ChunkSize) Seal(final: false);
                var n = Math.Min(ChunkSize - _filled, data.Length);
                data[..n].CopyTo(_buffer.AsSpan(_filled));
                _filled += n;
                data = data[n..];
            }
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Write(buffer.AsSpan(offset, count));
            return Task.CompletedTask;
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Write(buffer.Span);
            return ValueTask.CompletedTask;
        }

        private void Seal(bool final)
        {
            if (!_started)
            {
                _inner.Write(Magic);
                _inner.Write(_nonce.AsSpan(0, 8));
                _started = true;
            }
            BinaryPrimitives.WriteUInt32BigEndian(_nonce.AsSpan(8), _counter++);
            var cipher = new byte[_filled];
            var tag = new byte[16];
            _aes.Encrypt(_nonce, _buffer.AsSpan(0, _filled), cipher, tag, final ? [1] : [0]);
            Span<byte> length = stackalloc byte[4];
            BinaryPrimitives.WriteInt32BigEndian(length, final ? ~_filled : _filled);
            _inner.Write(length);
            _inner.Write(cipher);
            _inner.Write(tag);
            _filled = 0;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing && !_closed)
            {
                _closed = true;
                Seal(final: true);
                _aes.Dispose();
            }
            base.Dispose(disposing);
        }
    }

    /// <summary>Pass-through stream that counts and hashes the plain bytes.</summary>
    private sealed class HashingStream(Stream inner) : Stream
    {
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

        public long Count { get; private set; }
        public string Sha256() => Convert.ToHexStringLower(_hash.GetHashAndReset());

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => Count;
        public override long Position { get => Count; set => throw new NotSupportedException(); }
        public override void Flush() => inner.Flush();
        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> data)
        {
            _hash.AppendData(data);
            Count += data.Length;
            inner.Write(data);
        }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            _hash.AppendData(buffer.Span);
            Count += buffer.Length;
            await inner.WriteAsync(buffer, cancellationToken);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        protected override void Dispose(bool disposing)
        {
            if (disposing) _hash.Dispose();
            base.Dispose(disposing);
        }
    }
}
