using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Infrastructure.Audit;
using LifeTimeCircle.Infrastructure.Email;

namespace LifeTimeCircle.Infrastructure.Security;

/// <summary>
/// The e-mail challenge of every account flow (registration, "Code erneut senden", password reset): issue a code
/// (within the per-account limit), audit it, and queue the mail. Never sends inside the request and never tells the
/// caller whether anything went out: the page's answer is the same for every address.
/// </summary>
public sealed class EmailChallenge(EmailCodeService codes, Mailer mailer, AuditWriter audit, EmailPseudonym pseudonym)
{
    public async Task SendAsync(AppUser user, EmailCodePurpose purpose, CancellationToken ct, string? flowHash = null, RegistrationChoice? choice = null)
    {
        var purposeCode = purpose == EmailCodePurpose.VerifyEmail ? "verify_email" : "reset_password";
        var code = await codes.IssueAsync(user.Id, purpose, ct, flowHash, choice);
        if (code is null)
        {
            await audit.WriteForUserAsync(AuditActions.RateLimited, user.Id, Roles.User, AuditResult.Denied,
                new Dictionary<string, object?> { ["purpose"] = purposeCode, ["reason_code"] = "ACCOUNT_CODE_LIMIT" }, ct);
            return;
        }
        await audit.WriteForUserAsync(AuditActions.AuthChallengeCreated, user.Id, Roles.User, AuditResult.Success,
            new Dictionary<string, object?> { ["purpose"] = purposeCode, ["email_hmac"] = pseudonym.For(user.Email) }, ct);
        await mailer.QueueCodeAsync(user.Email!, code,
            purpose == EmailCodePurpose.VerifyEmail ? "die Bestätigung Ihrer E-Mail-Adresse" : "das Zurücksetzen Ihres Passworts", ct);
    }
}
