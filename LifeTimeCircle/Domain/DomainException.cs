namespace LifeTimeCircle.Domain;

/// <summary>An invariant was violated; pages turn the German message into a ModelState error.</summary>
public sealed class DomainException(string message, string? field = null) : Exception(message)
{
    public string? Field { get; } = field;
}
