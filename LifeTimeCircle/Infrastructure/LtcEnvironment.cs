using System.Security.Cryptography;
using System.Text;

namespace LifeTimeCircle.Infrastructure;

/// <summary>
/// The configuration contract (docs/configuration.md): where state lives and the server secret.
/// Read once at startup from configuration (environment variables <c>LTC_*</c>).
/// </summary>
public sealed class LtcEnvironment
{
    public const int MinSecretLength = 32;

    public const string DevelopmentPublicUrl = "http://localhost:5000";

    private LtcEnvironment(string dataDir, string secretKey, Uri publicUrl, bool autoMigrate, string? legalDir)
    {
        DataDir = dataDir;
        SecretKey = secretKey;
        PublicUrl = publicUrl;
        AutoMigrate = autoMigrate;
        LegalDir = legalDir;
    }

    /// <summary>All state: database, files, Data Protection keys, outbox, backups.</summary>
    public string DataDir { get; }

    /// <summary>Server secret (HMAC key for pseudonyms, code hashes, VIN lookups). Never logged.</summary>
    public string SecretKey { get; }

    /// <summary>
    /// The canonical public address (<c>LTC_PUBLIC_URL</c>, scheme + host + optional port, no path): the base of every
    /// link and QR code the app hands out. Never taken from the request's Host header. See <see cref="PublicUrls"/>.
    /// </summary>
    public Uri PublicUrl { get; }

    /// <summary><c>LTC_AUTO_MIGRATE</c> (default true): apply pending migrations at start.</summary>
    public bool AutoMigrate { get; }

    /// <summary><c>LTC_LEGAL_DIR</c> (optional): the operator's texts; what it lacks comes from <see cref="ShippedLegalDir"/>.</summary>
    public string? LegalDir { get; }

    /// <summary>The texts shipped with the app (<c>&lt;app&gt;/Legal</c>); the Impressum there is a placeholder.</summary>
    public static string ShippedLegalDir => Path.Combine(AppContext.BaseDirectory, "Legal");

    public string DatabasePath => Path.Combine(DataDir, "lifetimecircle.db");
    public string KeysDir => Path.Combine(DataDir, "keys");
    public string OutboxDir => Path.Combine(DataDir, "outbox");
    public string FilesDir => Path.Combine(DataDir, "files");
    public string TempDir => Path.Combine(DataDir, "tmp");
    public string BackupsDir => Path.Combine(DataDir, "backups");

    /// <summary>
    /// Private cache per connection (no <c>Cache=Shared</c>: shared-cache mode takes table locks that serialise readers
    /// behind each other and the writer, SQLITE_LOCKED retries showed up in the profile; WAL already lets readers run
    /// beside the writer). Connections are pooled by Microsoft.Data.Sqlite (docs/performance.md).
    /// </summary>
    public string ConnectionString => $"Data Source={DatabasePath};Pooling=True;Foreign Keys=True";

    /// <summary>HMAC-SHA256 of a purpose-tagged value with the server secret, lower-case hex.</summary>
    public string Hmac(string purpose, string value)
    {
        var bytes = HMACSHA256.HashData(Encoding.UTF8.GetBytes(SecretKey), Encoding.UTF8.GetBytes(purpose + ":" + value));
        return Convert.ToHexStringLower(bytes);
    }

    /// <summary>
    /// Read before the service container is built (the database and key ring need the data directory), with the same
    /// rules as the options validated at start: every invalid value is named in one message, none is repeated.
    /// </summary>
    public static LtcEnvironment Load(IConfiguration configuration, IHostEnvironment hostEnvironment)
    {
        var v = new LtcVariables(configuration, hostEnvironment);
        var dataDir = Path.GetFullPath(v.Text("LTC_DATA_DIR") ?? Path.Combine(hostEnvironment.ContentRootPath, "data"));
        var secret = v.Raw("LTC_SECRET_KEY");
        if (secret is null || secret.Length < MinSecretLength)
        {
            if (hostEnvironment.IsProduction())
            {
                v.Error("LTC_SECRET_KEY", $"fehlt oder ist kürzer als {MinSecretLength} Zeichen. In Production muss die Umgebungsvariable gesetzt sein / " +
                                          $"missing or shorter than {MinSecretLength} characters; required in Production.");
            }
            else if (secret is not null)
            {
                v.Error("LTC_SECRET_KEY", $"ist kürzer als {MinSecretLength} Zeichen / is shorter than {MinSecretLength} characters.");
            }
        }
        Uri publicUrl = new(DevelopmentPublicUrl);
        try
        {
            publicUrl = LoadPublicUrl(configuration["LTC_PUBLIC_URL"], hostEnvironment.IsProduction());
        }
        catch (InvalidOperationException e)
        {
            v.Error("LTC_PUBLIC_URL", e.Message.Replace("LTC_PUBLIC_URL ", "", StringComparison.Ordinal));
        }
        var autoMigrate = v.Bool("LTC_AUTO_MIGRATE", true);
        var legalDir = v.Text("LTC_LEGAL_DIR") is { } dir ? Path.GetFullPath(dir) : null;
        if (v.Errors.Count > 0)
        {
            throw new InvalidOperationException(LtcOptions.Message(v.Errors));
        }
        Directory.CreateDirectory(dataDir);
        secret ??= "";
        if (secret.Length < MinSecretLength)
        {
            secret = LoadOrCreateDevelopmentSecret(dataDir);
        }
        return new LtcEnvironment(dataDir, secret, publicUrl, autoMigrate, legalDir);
    }

    /// <summary>
    /// <c>LTC_PUBLIC_URL</c>: required in Production and https there; outside Production http is allowed and a missing
    /// value means <see cref="DevelopmentPublicUrl"/>. Only scheme, host and port: the app serves from the root.
    /// The messages never repeat the value (it could carry credentials).
    /// </summary>
    public static Uri LoadPublicUrl(string? value, bool production)
    {
        const string Help = " (siehe docs/configuration.md).";
        if (string.IsNullOrWhiteSpace(value))
        {
            if (production)
            {
                throw new InvalidOperationException("LTC_PUBLIC_URL fehlt. In Production muss die öffentliche Adresse gesetzt sein, z. B. https://lifetimecircle.example" + Help);
            }
            value = DevelopmentPublicUrl;
        }
        if (!Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            throw new InvalidOperationException("LTC_PUBLIC_URL ist keine absolute http(s)-Adresse" + Help);
        }
        if (production && uri.Scheme != Uri.UriSchemeHttps)
        {
            throw new InvalidOperationException("LTC_PUBLIC_URL muss in Production mit https:// beginnen" + Help);
        }
        if (uri.UserInfo.Length > 0 || uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            throw new InvalidOperationException("LTC_PUBLIC_URL darf nur Schema, Host und Port enthalten – keinen Pfad, keine Anmeldedaten, keine Parameter" + Help);
        }
        return new Uri(uri.GetLeftPart(UriPartial.Authority));
    }

    /// <summary>Outside Production a missing secret is generated once and kept in the data directory.</summary>
    private static string LoadOrCreateDevelopmentSecret(string dataDir)
    {
        var path = Path.Combine(dataDir, "dev-secret.key");
        if (File.Exists(path))
        {
            return File.ReadAllText(path).Trim();
        }
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));
        File.WriteAllText(path, secret);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        return secret;
    }
}
