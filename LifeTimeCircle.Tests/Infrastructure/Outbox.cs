using System.Text.RegularExpressions;
using LifeTimeCircle.Infrastructure.Email;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace LifeTimeCircle.Tests.Infrastructure;

/// <summary>
/// Reads the development file outbox like a person reads their mail. Mail goes through the persistent queue; the
/// test host runs no job worker (LTC_JOBS_WORKER=false), so reading first delivers everything due, deterministically.
/// </summary>
public static partial class Outbox
{
    public static Task DeliverAsync(LtcFactory factory) => Jobs.DrainAsync(factory, MailSender.Kind);

    public static async Task<IReadOnlyList<MimeMessage>> MessagesToAsync(LtcFactory factory, string email)
    {
        await DeliverAsync(factory);
        var outboxDir = factory.OutboxDir;
        if (!Directory.Exists(outboxDir)) return [];
        return Directory.GetFiles(outboxDir, "*.eml")
            .OrderBy(f => f, StringComparer.Ordinal)
            .Select(f => MimeMessage.Load(f))
            .Where(m => m.To.Mailboxes.Any(b => string.Equals(b.Address, email, StringComparison.OrdinalIgnoreCase)))
            .ToList();
    }

    public static async Task<string> LatestCodeAsync(LtcFactory factory, string email)
    {
        var message = (await MessagesToAsync(factory, email)).LastOrDefault(m => m.Subject?.StartsWith("Ihr Code", StringComparison.Ordinal) == true)
            ?? throw new InvalidOperationException("Keine Code-Mail an " + email);
        return SixDigits().Match(message.TextBody ?? "").Value;
    }

    [GeneratedRegex("\\b[0-9]{6}\\b")]
    private static partial Regex SixDigits();
}
