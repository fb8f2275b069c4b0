using System.ComponentModel.DataAnnotations;

namespace LifeTimeCircle.Web;

/// <summary>
/// An e-mail address that mail can actually reach: one @, a local part, a domain with a dot and a top-level domain of
/// at least two letters, no spaces or control characters, at most 254 characters. The framework's
/// <c>[EmailAddress]</c> only checks for an @ (it accepts „a@b“). Renders <c>type="email"</c> like the original.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter)]
public sealed class MailAddressAttribute() : DataTypeAttribute(DataType.EmailAddress)
{
    public const string Message = "Bitte geben Sie eine gültige E-Mail-Adresse ein, z. B. name@beispiel.de.";

    public override bool IsValid(object? value) => value is null || value is string s && (s.Length == 0 || IsAddress(s));

    public static bool IsAddress(string s)
    {
        if (s.Length > 254 || s.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '<' or '>' or '"' or ',' or ';')) return false;
        var at = s.IndexOf('@');
        if (at <= 0 || at != s.LastIndexOf('@') || at > 64) return false;
        var domain = s[(at + 1)..];
        var labels = domain.Split('.');
        if (labels.Length < 2 || labels.Any(l => l.Length is 0 or > 63 || l.StartsWith('-') || l.EndsWith('-'))) return false;
        var tld = labels[^1];
        return tld.Length >= 2 && tld.All(char.IsLetter);
    }

    public override string FormatErrorMessage(string name) => ErrorMessage ?? Message;
}
