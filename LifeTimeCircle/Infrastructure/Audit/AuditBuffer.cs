using LifeTimeCircle.Domain;
using LifeTimeCircle.Infrastructure.Jobs;

namespace LifeTimeCircle.Infrastructure.Audit;

/// <summary>
/// Audit events that could not be stored because the storage was full, kept in memory (at most <see cref="Capacity"/>;
/// beyond that the oldest are dropped and counted) until a write succeeds. A restart while they wait loses them; the
/// log names how many (docs/adr/0011-full-disk.md).
/// </summary>
public sealed class AuditBuffer
{
    public const int Capacity = 10_000;

    private readonly Lock _lock = new();
    private readonly LinkedList<AuditEvent> _events = new();

    public int Count
    {
        get
        {
            lock (_lock) return _events.Count;
        }
    }

    /// <summary>Adds events; returns how many old ones had to be dropped to stay within the capacity.</summary>
    public int Add(IEnumerable<AuditEvent> events)
    {
        var dropped = 0;
        lock (_lock)
        {
            foreach (var e in events)
            {
                _events.AddLast(e);
                if (_events.Count > Capacity)
                {
                    _events.RemoveFirst();
                    dropped++;
                }
            }
        }
        return dropped;
    }

    public IReadOnlyList<AuditEvent> TakeAll()
    {
        lock (_lock)
        {
            if (_events.Count == 0) return [];
            var all = _events.ToList();
            _events.Clear();
            return all;
        }
    }
}

/// <summary>Job kind <c>audit-flush</c>, every 5 minutes: writes audit events buffered while the storage was full.</summary>
public sealed class AuditFlush(AuditWriter audit) : IJobHandler<NoPayload>
{
    public const string Kind = "audit-flush";

    public Task RunAsync(NoPayload payload, JobContext context, CancellationToken ct) => audit.FlushAsync(ct);
}
