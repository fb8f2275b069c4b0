using System.Security.Cryptography;

namespace LifeTimeCircle.Infrastructure.Backup;

/// <summary>
/// <c>LTC_BACKUP_KEY</c>: exactly 32 random bytes in standard Base64 (44 characters, <c>openssl rand -base64 32</c>).
/// Every archive is encrypted with a key derived from it (<see cref="BackupEncryption"/>). Without it, <c>backup</c>
/// refuses in every environment except Development and Testing, which write a plain archive with a warning (no real
/// data there, and the test suites and <c>dotnet run</c> need no extra setup). A malformed value stops the process at
/// start with a message naming the variable, never its value.
/// </summary>
public sealed class BackupOptions : ILtcOptions
{
    public const string KeyVariable = "LTC_BACKUP_KEY";
    public const int KeyBytes = 32;
    public const string GenerateCommand = "openssl rand -base64 32";

    /// <summary>The 32-byte master key, or null when LTC_BACKUP_KEY is not set. Never logged or printed.</summary>
    internal byte[]? Key { get; private set; }

    public bool HasKey => Key is not null;

    /// <summary>16 hex digits that name the key (an HMAC of it, revealing nothing); written into every archive header.</summary>
    public string? KeyId { get; private set; }

    /// <summary>Plain (unencrypted) archives are written and restored without a flag only in Development and Testing.</summary>
    public bool PlainAllowed { get; private set; }

    public string EnvironmentName { get; private set; } = "";

    public void Read(LtcVariables v)
    {
        Key = null;
        if (v.Raw(KeyVariable) is { } raw && !string.IsNullOrWhiteSpace(raw))
        {
            try
            {
                Key = ParseKey(raw);
            }
            catch (InvalidOperationException e)
            {
                // The message names the variable and the format, never the value.
                v.Error(KeyVariable, e.Message.StartsWith(KeyVariable + " ", StringComparison.Ordinal) ? e.Message[(KeyVariable.Length + 1)..] : e.Message);
            }
        }
        KeyId = Key is null ? null : BackupEncryption.KeyIdText(BackupEncryption.KeyId(Key));
        PlainAllowed = v.Environment.IsDevelopment() || v.Environment.IsEnvironment("Testing");
        EnvironmentName = v.Environment.EnvironmentName;
    }

    /// <summary>Reads and checks the key now (outside the container, e.g. in tests); invalid → exception naming the variable.</summary>
    public static BackupOptions Load(IConfiguration configuration, IHostEnvironment environment) =>
        LtcOptions.Load<BackupOptions>(configuration, environment);

    /// <summary>Checks the format; the messages name the variable and the expected format, never the value.</summary>
    public static byte[] ParseKey(string value)
    {
        const string Expected = "Erwartet werden genau 32 zufällige Bytes in Base64 (44 Zeichen), erzeugt mit `" + GenerateCommand + "` (siehe docs/configuration.md).";
        var buffer = new byte[value.Length];
        if (!Convert.TryFromBase64String(value.Trim(), buffer, out var length))
        {
            throw new InvalidOperationException($"{KeyVariable} ist kein gültiges Base64. {Expected}");
        }
        if (length != KeyBytes)
        {
            throw new InvalidOperationException($"{KeyVariable} ergibt {length} statt {KeyBytes} Bytes. {Expected}");
        }
        var key = buffer[..KeyBytes];
        CryptographicOperations.ZeroMemory(buffer);
        // 32 random bytes have about 30 different values; a placeholder such as "AAAA…=" has one.
        if (key.Distinct().Count() < 12)
        {
            throw new InvalidOperationException($"{KeyVariable} sieht nicht zufällig aus (zu viele gleiche Bytes). {Expected}");
        }
        return key;
    }
}

public static class BackupSetup
{
    /// <summary>Registers the backup service; LTC_BACKUP_KEY is checked at start, so a malformed key stops the app and every command.</summary>
    public static IServiceCollection AddLtcBackup(this IServiceCollection services)
    {
        services.AddLtcOptions<BackupOptions>();
        services.AddSingleton<BackupService>();
        return services;
    }
}
