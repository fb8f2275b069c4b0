using System.Text.RegularExpressions;
using MimeKit;

namespace LifeTimeCircle.Tests.Infrastructure;

/// <summary>Reads the development file outbox like a person reads their mail.</summary>
public static partial class Outbox
{
    public static IReadOnlyList<MimeMessage> MessagesTo(string outboxDir, string email)
    {
        if (!Directory.Exists(outboxDir)) return [];
        return Directory.GetFiles(outboxDir, "*.eml")
            .OrderBy(f => f, StringComparer.Ordinal)
            .Select(f => MimeMessage.Load(f))
            .Where(m => m.To.Mailboxes.Any(b => string.Equals(b.Address, email, StringComparison.OrdinalIgnoreCase)))
            .ToList();
    }

    public static string LatestCode(string outboxDir, string email)
    {
        var message = MessagesTo(outboxDir, email).LastOrDefault(m => m.Subject?.StartsWith("Ihr Code", StringComparison.Ordinal) == true)
            ?? throw new InvalidOperationException("Keine Code-Mail an " + email);
        return SixDigits().Match(message.TextBody ?? "").Value;
    }

    [GeneratedRegex("\\b[0-9]{6}\\b")]
    private static partial Regex SixDigits();
}
