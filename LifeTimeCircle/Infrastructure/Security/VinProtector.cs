using LifeTimeCircle.Domain.Vehicles;
using Microsoft.AspNetCore.DataProtection;

namespace LifeTimeCircle.Infrastructure.Security;

/// <summary>
/// The full VIN is stored encrypted with ASP.NET Data Protection (keys under LTC_DATA_DIR/keys) and as an
/// HMAC-SHA256 keyed by LTC_SECRET_KEY for duplicate detection. It is decrypted only for its owner.
/// </summary>
public sealed class VinProtector(IDataProtectionProvider provider, LtcEnvironment env)
{
    private readonly IDataProtector _protector = provider.CreateProtector("LifeTimeCircle.Vin.v1");

    public string Encrypt(Vin vin) => _protector.Protect(vin.Value);

    public string Decrypt(string cipher) => _protector.Unprotect(cipher);

    public string Hmac(Vin vin) => env.Hmac("vin", vin.Value);
}
