using System.Text.Json;

namespace LifeTimeCircle.Infrastructure.Jobs;

/// <summary>What the runner tells a handler about the attempt it runs.</summary>
public sealed record JobContext(long JobId, string Kind, int Attempt, int MaxAttempts)
{
    public bool IsLastAttempt => Attempt >= MaxAttempts;
}

/// <summary>
/// Does the work of one job kind. Throwing fails the attempt (retry with backoff, dead letter after the last one);
/// returning normally succeeds it. Handlers run in a fresh DI scope and must be idempotent: after a crash the same
/// payload runs again.
/// </summary>
public interface IJobHandler<in TPayload>
{
    Task RunAsync(TPayload payload, JobContext context, CancellationToken ct);

    /// <summary>The job became a dead letter (last attempt failed, or its lease ran out after the last attempt).</summary>
    Task GiveUpAsync(TPayload payload, CancellationToken ct) => Task.CompletedTask;
}

/// <summary>Payload of jobs that need none (recurring maintenance).</summary>
public sealed record NoPayload;

/// <summary>
/// A failure whose text is ours (German, no PII): kept as the job's last error. Any other exception is recorded by
/// its type name only, because library messages may quote addresses or file contents.
/// </summary>
public sealed class JobFailedException(string message) : Exception(message);

/// <summary>How a kind is retried: attempts, lease per attempt, first pause (doubled each time) and the longest pause.</summary>
public sealed record JobPolicy(int MaxAttempts, TimeSpan Lease, TimeSpan FirstDelay, TimeSpan MaxDelay)
{
    public static readonly JobPolicy Default = new(5, TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(30), TimeSpan.FromHours(1));
}

/// <summary>One registered kind: how to run its payload, and (for recurring kinds) how often.</summary>
public sealed class JobKind
{
    public required string Name { get; init; }
    public required JobPolicy Policy { get; init; }
    public TimeSpan? Every { get; init; }
    public required Func<IServiceProvider, string, JobContext, CancellationToken, Task> Run { get; init; }
    public required Func<IServiceProvider, string, CancellationToken, Task> GiveUp { get; init; }
}

/// <summary>All kinds registered with <see cref="JobRegistration.AddJob{THandler, TPayload}"/>.</summary>
public sealed class JobCatalog(IEnumerable<JobKind> kinds)
{
    private readonly Dictionary<string, JobKind> _kinds = kinds.ToDictionary(k => k.Name, StringComparer.Ordinal);

    public IReadOnlyCollection<JobKind> All => _kinds.Values;

    public JobKind? Find(string name) => _kinds.GetValueOrDefault(name);

    public JobKind Get(string name) => Find(name) ?? throw new InvalidOperationException($"Auftragsart „{name}“ ist nicht registriert.");
}

public static class JobRegistration
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Registers the handler of a kind (scoped) with its retry policy.</summary>
    public static IServiceCollection AddJob<THandler, TPayload>(this IServiceCollection services, string kind, JobPolicy? policy = null, TimeSpan? every = null)
        where THandler : class, IJobHandler<TPayload>
    {
        services.AddScoped<THandler>();
        services.AddSingleton(new JobKind
        {
            Name = kind,
            Policy = policy ?? JobPolicy.Default,
            Every = every,
            Run = (sp, payload, context, ct) => sp.GetRequiredService<THandler>().RunAsync(Read<TPayload>(payload), context, ct),
            GiveUp = (sp, payload, ct) => ((IJobHandler<TPayload>)sp.GetRequiredService<THandler>()).GiveUpAsync(Read<TPayload>(payload), ct),
        });
        return services;
    }

    /// <summary>A kind that runs every <paramref name="every"/> (one queued copy at a time, across all nodes).</summary>
    public static IServiceCollection AddRecurringJob<THandler>(this IServiceCollection services, string kind, TimeSpan every, JobPolicy? policy = null)
        where THandler : class, IJobHandler<NoPayload>
        => services.AddJob<THandler, NoPayload>(kind, policy ?? new JobPolicy(3, TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(10)), every);

    internal static string Write<TPayload>(TPayload payload) => JsonSerializer.Serialize(payload, Json);

    private static TPayload Read<TPayload>(string payload)
        => JsonSerializer.Deserialize<TPayload>(payload, Json) ?? throw new JobFailedException("Auftragsdaten fehlen.");
}
