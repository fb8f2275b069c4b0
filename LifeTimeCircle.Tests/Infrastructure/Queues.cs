using Microsoft.Extensions.DependencyInjection;

namespace LifeTimeCircle.Tests.Infrastructure;

/// <summary>Drives a queue processor until it reports no more work — bounded, so a processor that never stops fails.</summary>
public static class Queues
{
    public const int MaxItems = 500;

    /// <summary>Calls <paramref name="processNext"/> in a fresh scope until it returns false; returns how many items it did.</summary>
    public static async Task<int> DrainAsync<TProcessor>(IServiceProvider services, Func<TProcessor, Task<bool>> processNext)
        where TProcessor : notnull
    {
        for (var done = 0; done < MaxItems; done++)
        {
            using var scope = services.CreateScope();
            if (!await processNext(scope.ServiceProvider.GetRequiredService<TProcessor>())) return done;
        }
        Assert.Fail($"{typeof(TProcessor).Name} still had work after {MaxItems} items: the queue does not drain.");
        return MaxItems;
    }
}
