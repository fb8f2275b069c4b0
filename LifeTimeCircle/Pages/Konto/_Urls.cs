using Microsoft.AspNetCore.Mvc;

namespace LifeTimeCircle.Pages.Konto;

internal static class KontoUrls
{
    public const string PendingEmailKey = "PendingEmail";
    public const string SameAnswer = "Wenn die E-Mail-Adresse gültig ist, wurde ein Code gesendet.";
    public const string CodeInvalid = "Der Code ist ungültig oder abgelaufen. Nach fünf Fehlversuchen wird ein neuer Code benötigt.";
    public const string ConfirmInvalid = "Der Code ist ungültig oder abgelaufen, oder das Passwort passt nicht zu Ihrer Registrierung. Nach fünf Fehlversuchen wird ein neuer Code benötigt.";

    public static string Normalize(string? email) => (email ?? "").Trim();

    /// <summary>Only local return URLs (the checks below are returnUrl validation, not links); anything else goes to the start page of the user's role.</summary>
    public static string SafeReturnUrl(IUrlHelper url, string? returnUrl, bool isModerator = false)
    {
        if (!string.IsNullOrEmpty(returnUrl) && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal)
            && !returnUrl.StartsWith("/\\", StringComparison.Ordinal) && !returnUrl.Any(char.IsControl))
        {
            return returnUrl;
        }
        return url.Page(isModerator ? "/Redaktion/Index" : "/Dashboard/Index")!;
    }
}
