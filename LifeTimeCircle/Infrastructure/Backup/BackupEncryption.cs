using System.Buffers.Binary;
using System.Security.Cryptography;

namespace LifeTimeCircle.Infrastructure.Backup;

/// <summary>
/// The encrypted archive format (<c>.tar.gz.enc</c>), version 1. All integers big-endian.
/// <code>
/// header (49 bytes): magic "LTC-BAK\n" (8) | version 0x01 (1) | key id (8) | salt (32, random per archive)
/// chunk*:            length (int32; bitwise complement ~n on the last chunk) | ciphertext (n ≤ 65,536) | GCM tag (16)
/// </code>
/// The archive key is HKDF-SHA256(ikm: LTC_BACKUP_KEY, salt, info "LifeTimeCircle.Backup.v1"), 32 bytes, so every
/// archive has its own AES-256-GCM key. Chunk <c>i</c> uses the nonce 0x00000000 ‖ uint64(i) and the associated data
/// header ‖ (0x01 on the last chunk, else 0x00): changing the header, reordering, dropping or appending chunks, or
/// cutting the file at a chunk boundary all fail authentication or the end check. The key id is the first 8 bytes of
/// HMAC-SHA256(LTC_BACKUP_KEY, "LifeTimeCircle.Backup.KeyId.v1"), so a restore with another key is named as such.
/// </summary>
public static class BackupEncryption
{
    public const byte Version = 1;
    public const int HeaderLength = 8 + 1 + 8 + 32;
    public const int ChunkSize = 64 * 1024;
    public const int TagSize = 16;
    public const int ChunkOverhead = 4 + TagSize;

    public const string Truncated =
        "Die Sicherung ist unvollständig (abgeschnitten) und wird nicht wiederhergestellt. Bitte eine vollständige Kopie verwenden.";
    public const string Tampered =
        "Die Sicherung ist beschädigt oder wurde verändert (die Authentifizierung der Verschlüsselung schlägt fehl) und wird nicht wiederhergestellt.";

    public static ReadOnlySpan<byte> Magic => "LTC-BAK\n"u8;

    public static bool HasMagic(ReadOnlySpan<byte> start) => start.Length >= Magic.Length && start[..Magic.Length].SequenceEqual(Magic);

    internal static byte[] KeyId(byte[] key) => HMACSHA256.HashData(key, "LifeTimeCircle.Backup.KeyId.v1"u8)[..8];

    internal static string KeyIdText(ReadOnlySpan<byte> keyId) => Convert.ToHexStringLower(keyId);

    internal static byte[] ArchiveKey(byte[] key, byte[] salt) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, key, 32, salt, "LifeTimeCircle.Backup.v1"u8.ToArray());

    internal static void Nonce(Span<byte> nonce, ulong counter)
    {
        nonce[..4].Clear();
        BinaryPrimitives.WriteUInt64BigEndian(nonce[4..], counter);
    }

    internal static byte[] AssociatedData(byte[] header, bool final) => [.. header, final ? (byte)1 : (byte)0];
}

/// <summary>
/// Write-only stream that encrypts into the format of <see cref="BackupEncryption"/>. Only <see cref="CompleteAsync"/>
/// writes the last chunk: a writer disposed after an error leaves a file that never restores.
/// </summary>
public sealed class EncryptingStream : Stream
{
    private readonly Stream _inner;
    private readonly AesGcm _aes;
    private readonly byte[] _header = new byte[BackupEncryption.HeaderLength];
    private readonly byte[] _aad;
    private readonly byte[] _aadFinal;
    private readonly byte[] _plain = new byte[BackupEncryption.ChunkSize];
    private readonly byte[] _sealed = new byte[4 + BackupEncryption.ChunkSize + BackupEncryption.TagSize];
    private readonly byte[] _nonce = new byte[12];
    private int _filled;
    private ulong _counter;
    private bool _headerWritten;
    private bool _completed;

    public EncryptingStream(Stream inner, BackupOptions options)
    {
        var key = options.Key ?? throw new InvalidOperationException(BackupOptions.KeyVariable + " fehlt.");
        _inner = inner;
        BackupEncryption.Magic.CopyTo(_header);
        _header[8] = BackupEncryption.Version;
        BackupEncryption.KeyId(key).CopyTo(_header, 9);
        var salt = RandomNumberGenerator.GetBytes(32);
        salt.CopyTo(_header, 17);
        var archiveKey = BackupEncryption.ArchiveKey(key, salt);
        _aes = new AesGcm(archiveKey, BackupEncryption.TagSize);
        CryptographicOperations.ZeroMemory(archiveKey);
        _aad = BackupEncryption.AssociatedData(_header, final: false);
        _aadFinal = BackupEncryption.AssociatedData(_header, final: true);
    }

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> data)
    {
        while (data.Length > 0)
        {
            if (_filled == _plain.Length) _inner.Write(Seal(final: false).Span);
            data = data[Take(data)..];
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        while (data.Length > 0)
        {
            if (_filled == _plain.Length) await _inner.WriteAsync(Seal(final: false), cancellationToken);
            data = data[Take(data.Span)..];
        }
    }

    /// <summary>Seals the buffered rest as the last chunk. Without this call the archive is incomplete.</summary>
    public async Task CompleteAsync(CancellationToken ct)
    {
        if (_completed) return;
        await _inner.WriteAsync(Seal(final: true), ct);
        _completed = true;
    }

    /// <summary>Buffers as much of <paramref name="data"/> as fits; returns how much.</summary>
    private int Take(ReadOnlySpan<byte> data)
    {
        var n = Math.Min(_plain.Length - _filled, data.Length);
        data[..n].CopyTo(_plain.AsSpan(_filled));
        _filled += n;
        return n;
    }

    /// <summary>Encrypts the buffer into one chunk (preceded by the header the first time) and returns the bytes to write.</summary>
    private ReadOnlyMemory<byte> Seal(bool final)
    {
        if (_completed) throw new InvalidOperationException("Die Sicherung ist bereits abgeschlossen.");
        BackupEncryption.Nonce(_nonce, _counter++);
        BinaryPrimitives.WriteInt32BigEndian(_sealed, final ? ~_filled : _filled);
        _aes.Encrypt(_nonce, _plain.AsSpan(0, _filled), _sealed.AsSpan(4, _filled), _sealed.AsSpan(4 + _filled, BackupEncryption.TagSize),
            final ? _aadFinal : _aad);
        var length = 4 + _filled + BackupEncryption.TagSize;
        _filled = 0;
        if (_headerWritten) return _sealed.AsMemory(0, length);
        _headerWritten = true;
        return (byte[])[.. _header, .. _sealed.AsSpan(0, length)];
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _aes.Dispose();
            CryptographicOperations.ZeroMemory(_plain);
        }
        base.Dispose(disposing);
    }
}

/// <summary>
/// Read-only stream over an archive in the format of <see cref="BackupEncryption"/>. Every chunk is authenticated
/// before its bytes are handed out; the stream ends (returns 0) only after the last chunk was verified and nothing
/// follows it. Any failure throws <see cref="BackupRefusedException"/>. Callers must read to the end
/// (<see cref="ReadToEndAsync"/>) before they trust what they read.
/// </summary>
public sealed class DecryptingStream : Stream
{
    private readonly Stream _inner;
    private readonly AesGcm _aes;
    private readonly byte[] _aad;
    private readonly byte[] _aadFinal;
    private readonly byte[] _cipher = new byte[BackupEncryption.ChunkSize + BackupEncryption.TagSize];
    private readonly byte[] _plain = new byte[BackupEncryption.ChunkSize];
    private readonly byte[] _nonce = new byte[12];
    private readonly byte[] _length = new byte[4];
    private int _position;
    private int _available;
    private ulong _counter;
    private bool _ended;

    private DecryptingStream(Stream inner, byte[] header, byte[] key)
    {
        _inner = inner;
        var archiveKey = BackupEncryption.ArchiveKey(key, header[17..]);
        _aes = new AesGcm(archiveKey, BackupEncryption.TagSize);
        CryptographicOperations.ZeroMemory(archiveKey);
        _aad = BackupEncryption.AssociatedData(header, final: false);
        _aadFinal = BackupEncryption.AssociatedData(header, final: true);
    }

    /// <summary>Reads and checks the header: format, version and that the archive was made with the configured key.</summary>
    public static async Task<DecryptingStream> OpenAsync(Stream inner, BackupOptions options, CancellationToken ct)
    {
        var header = new byte[BackupEncryption.HeaderLength];
        if (await inner.ReadAtLeastAsync(header, header.Length, throwOnEndOfStream: false, ct) < header.Length)
        {
            throw new BackupRefusedException(BackupEncryption.Truncated);
        }
        if (!BackupEncryption.HasMagic(header)) throw new BackupRefusedException("Unbekanntes Sicherungsformat.");
        if (header[8] != BackupEncryption.Version)
        {
            throw new BackupRefusedException($"Sicherungsformat Version {header[8]} wird von dieser Version der App nicht unterstützt.");
        }
        var archiveKeyId = BackupEncryption.KeyIdText(header.AsSpan(9, 8));
        if (options.Key is null)
        {
            throw new BackupRefusedException(
                $"Die Sicherung ist verschlüsselt, aber {BackupOptions.KeyVariable} ist nicht gesetzt. Setzen Sie den Schlüssel, " +
                $"mit dem sie erstellt wurde (Schlüsselkennung {archiveKeyId}).");
        }
        if (archiveKeyId != options.KeyId)
        {
            throw new BackupRefusedException(
                $"Die Sicherung wurde mit einem anderen {BackupOptions.KeyVariable} verschlüsselt (Schlüsselkennung der Sicherung {archiveKeyId}, " +
                $"eingestellt ist {options.KeyId}) oder ist beschädigt. Alte Sicherungen brauchen den alten Schlüssel (docs/secret-rotation.md).");
        }
        return new DecryptingStream(inner, header, options.Key);
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (buffer.Length == 0) return 0;
        while (_position == _available)
        {
            if (_ended) return 0;
            // Completes synchronously: with useAsync false the inner stream is read with Read.
            NextChunkAsync(useAsync: false, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        }
        var n = Math.Min(buffer.Length, _available - _position);
        _plain.AsSpan(_position, n).CopyTo(buffer);
        _position += n;
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.Length == 0) return 0;
        while (_position == _available)
        {
            if (_ended) return 0;
            await NextChunkAsync(useAsync: true, cancellationToken);
        }
        var n = Math.Min(buffer.Length, _available - _position);
        _plain.AsMemory(_position, n).CopyTo(buffer);
        _position += n;
        return n;
    }

    /// <summary>Reads (and authenticates) whatever the consumer left unread, up to the verified end.</summary>
    public async Task ReadToEndAsync(CancellationToken ct)
    {
        _position = _available;
        while (!_ended)
        {
            await NextChunkAsync(useAsync: true, ct);
            _position = _available;
        }
    }

    private async ValueTask NextChunkAsync(bool useAsync, CancellationToken ct)
    {
        await FillAsync(_length, useAsync, ct);
        var length = BinaryPrimitives.ReadInt32BigEndian(_length);
        var final = length < 0;
        if (final) length = ~length;
        if (length > BackupEncryption.ChunkSize) throw new BackupRefusedException(BackupEncryption.Tampered);
        await FillAsync(_cipher.AsMemory(0, length + BackupEncryption.TagSize), useAsync, ct);
        BackupEncryption.Nonce(_nonce, _counter++);
        try
        {
            _aes.Decrypt(_nonce, _cipher.AsSpan(0, length), _cipher.AsSpan(length, BackupEncryption.TagSize), _plain.AsSpan(0, length),
                final ? _aadFinal : _aad);
        }
        catch (AuthenticationTagMismatchException)
        {
            throw new BackupRefusedException(BackupEncryption.Tampered);
        }
        _position = 0;
        _available = length;
        if (!final) return;
        var probe = new byte[1];
        var extra = useAsync ? await _inner.ReadAsync(probe, ct) : _inner.Read(probe);
        if (extra != 0) throw new BackupRefusedException(BackupEncryption.Tampered);
        _ended = true;
    }

    private async ValueTask FillAsync(Memory<byte> buffer, bool useAsync, CancellationToken ct)
    {
        var read = useAsync
            ? await _inner.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, ct)
            : _inner.ReadAtLeast(buffer.Span, buffer.Length, throwOnEndOfStream: false);
        if (read < buffer.Length) throw new BackupRefusedException(BackupEncryption.Truncated);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _aes.Dispose();
            CryptographicOperations.ZeroMemory(_plain);
        }
        base.Dispose(disposing);
    }
}

/// <summary>A backup or restore refused for a reason the operator can act on; the message is German and safe to print.</summary>
public sealed class BackupRefusedException(string message) : Exception(message);
