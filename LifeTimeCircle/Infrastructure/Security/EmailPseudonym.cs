namespace LifeTimeCircle.Infrastructure.Security;

/// <summary>E-mail addresses appear in logs and audit metadata only as this keyed pseudonym.</summary>
public sealed class EmailPseudonym(LtcEnvironment env)
{
    public string For(string? email) =>
        string.IsNullOrWhiteSpace(email) ? "-" : "e:" + env.Hmac("email", email.Trim().ToUpperInvariant())[..16];
}
