namespace LifeTimeCircle.Domain;

public enum LegalDocumentType
{
    Agb,
    Datenschutz,
}

/// <summary>One accepted version of a legal document. Append-only; the server sets the time.</summary>
public sealed class ConsentAcceptance
{
    private ConsentAcceptance() { }

    public ConsentAcceptance(string userId, LegalDocumentType document, string version, DateTimeOffset acceptedAt, string source)
    {
        if (string.IsNullOrWhiteSpace(version)) throw new DomainException("Version fehlt.");
        if (source is not ("ui" or "api")) throw new DomainException("Quelle muss ui oder api sein.");
        UserId = userId;
        Document = document;
        Version = version;
        AcceptedAt = acceptedAt;
        Source = source;
    }

    public long Id { get; private set; }
    public string UserId { get; private set; } = "";
    public LegalDocumentType Document { get; private set; }
    public string Version { get; private set; } = "";
    public DateTimeOffset AcceptedAt { get; private set; }
    public string Source { get; private set; } = "";
}
