namespace LifeTimeCircle.Domain;

/// <summary>Why an admin took a user or a vehicle out (issue 19 item 5, SPEC §10): a fixed list, plus a mandatory comment.</summary>
public enum SoftDeleteReason { AgbVerstoss, Betrugsverdacht, Spam, Doppelt, RechtlicheAnordnung, Sonstiges }

public static class SoftDeletes
{
    public const int MaxCommentLength = 500;

    public static string Reason(SoftDeleteReason r) => r switch
    {
        SoftDeleteReason.AgbVerstoss => "Verstoß gegen die AGB",
        SoftDeleteReason.Betrugsverdacht => "Verdacht auf Betrug",
        SoftDeleteReason.Spam => "Spam oder Testdaten",
        SoftDeleteReason.Doppelt => "Doppelt angelegt",
        SoftDeleteReason.RechtlicheAnordnung => "Rechtliche Anordnung",
        _ => "Sonstiges",
    };

    /// <summary>The comment, trimmed; a domain error when it is empty or too long.</summary>
    public static string Comment(string? comment)
    {
        var text = comment?.Trim() ?? "";
        if (text.Length == 0) throw new DomainException("Bitte begründen Sie die Entfernung in einem Kommentar.", "Comment");
        if (text.Length > MaxCommentLength) throw new DomainException($"Der Kommentar darf höchstens {MaxCommentLength} Zeichen lang sein.", "Comment");
        return text;
    }
}
