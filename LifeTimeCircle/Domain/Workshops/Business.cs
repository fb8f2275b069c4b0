using System.Security.Cryptography;
using LifeTimeCircle.Domain.Vehicles;

namespace LifeTimeCircle.Domain.Workshops;

/// <summary>
/// The public profile of an approved business account (SPEC §10, issue 16 item 1): what an owner sees when granting
/// access. One profile per business account; the short <see cref="Code"/> is printed at the counter so that owners can
/// find the business without typing its name.
/// </summary>
public sealed class Business
{
    public const int MaxNameLength = 120;
    public const int MaxStreetLength = 120;
    public const int MaxCityLength = 80;
    public const int MaxContactLength = 120;

    private Business() { }

    public Business(string ownerUserId, BusinessProfile profile, DateTimeOffset now)
    {
        PublicId = PublicIds.New();
        OwnerUserId = ownerUserId;
        Code = BusinessCodes.New();
        CreatedAt = now;
        Update(profile, now);
    }

    public long Id { get; private set; }
    public string PublicId { get; private set; } = "";
    public string OwnerUserId { get; private set; } = "";
    /// <summary>Eight characters without look-alikes (no 0/O, 1/I/L), shown as „ABCD-EFGH“.</summary>
    public string Code { get; private set; } = "";
    public string Name { get; private set; } = "";
    /// <summary>Upper-cased, trimmed name for the exact-name search (case-insensitive on every database).</summary>
    public string NameKey { get; private set; } = "";
    public BusinessType Type { get; private set; }
    public string Street { get; private set; } = "";
    public string PostalCode { get; private set; } = "";
    public string City { get; private set; } = "";
    public string PublicContact { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    public void Update(BusinessProfile p, DateTimeOffset now)
    {
        var name = Clean(p.Name, MaxNameLength, "Name", "Bitte geben Sie den Namen des Betriebs an.");
        if (!BusinessTypes.Registrable.Contains(p.Type)) throw new DomainException("Bitte wählen Sie die Art des Betriebs.", "Type");
        var street = Clean(p.Street, MaxStreetLength, "Street", "Bitte geben Sie Straße und Hausnummer an.");
        var postal = (p.PostalCode ?? "").Trim();
        if (postal.Length != 5 || !postal.All(char.IsAsciiDigit)) throw new DomainException("Bitte geben Sie die Postleitzahl mit fünf Ziffern an.", "PostalCode");
        var city = Clean(p.City, MaxCityLength, "City", "Bitte geben Sie den Ort an.");
        var contact = Clean(p.PublicContact, MaxContactLength, "PublicContact", "Bitte geben Sie eine öffentliche Telefonnummer oder E-Mail-Adresse an.");
        Name = name;
        NameKey = NameKeyOf(name);
        Type = p.Type;
        Street = street;
        PostalCode = postal;
        City = city;
        PublicContact = contact;
        UpdatedAt = now;
    }

    public static string NameKeyOf(string? name) => string.Join(' ', (name ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToUpperInvariant();

    private static string Clean(string? value, int max, string field, string missing)
    {
        var v = string.Join(' ', (value ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (v.Length == 0) throw new DomainException(missing, field);
        if (v.Length > max) throw new DomainException($"Höchstens {max} Zeichen.", field);
        if (v.Any(c => char.IsControl(c) || c is '\u200E' or '\u200F' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069')))
        {
            throw new DomainException("Bitte verwenden Sie keine Steuerzeichen.", field);
        }
        return v;
    }
}

public sealed record BusinessProfile(string? Name, BusinessType Type, string? Street, string? PostalCode, string? City, string? PublicContact);

/// <summary>The short code a business prints at the counter.</summary>
public static class BusinessCodes
{
    private const string Alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
    public const int Length = 8;

    public static string New() => RandomNumberGenerator.GetString(Alphabet, Length);

    /// <summary>As printed: „ABCD-EFGH“.</summary>
    public static string Format(string code) => code.Length == Length ? code[..4] + "-" + code[4..] : code;

    /// <summary>What an owner typed („abcd efgh“, „ABCD-EFGH“) as the stored code, or null when it cannot be one.</summary>
    public static string? Normalize(string? typed)
    {
        var chars = (typed ?? "").Where(c => !char.IsWhiteSpace(c) && c != '-').Select(char.ToUpperInvariant).ToArray();
        if (chars.Length != Length || chars.Any(c => !Alphabet.Contains(c, StringComparison.Ordinal))) return null;
        return new string(chars);
    }
}
