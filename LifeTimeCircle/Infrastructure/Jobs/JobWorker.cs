namespace LifeTimeCircle.Infrastructure.Jobs;

/// <summary>
/// The one background loop of the app: recovers after a restart, queues due recurring jobs, then lets the runner
/// drain what is due; woken by requests (<see cref="JobSignal"/>) or polling every few seconds.
/// </summary>
public sealed class JobWorker(IServiceScopeFactory scopes, JobSignal signal, JobOptions options, ILogger<JobWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var recovered = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!recovered)
                {
                    await using var scope = scopes.CreateAsyncScope();
                    await scope.ServiceProvider.GetRequiredService<JobRunner>().RecoverAsync(stoppingToken);
                    recovered = true;
                }
                await using (var scope = scopes.CreateAsyncScope())
                {
                    await scope.ServiceProvider.GetRequiredService<JobRunner>().ScheduleRecurringAsync(stoppingToken);
                }
                var more = true;
                while (more && !stoppingToken.IsCancellationRequested)
                {
                    // A fresh scope per job: nothing tracked from one job leaks into the next.
                    await using var scope = scopes.CreateAsyncScope();
                    more = await scope.ServiceProvider.GetRequiredService<JobRunner>().ProcessNextAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogError("Fehler im Auftrags-Worker ({ExceptionType}); neuer Versuch in Kürze", ex.GetType().Name);
            }
            try
            {
                await signal.WaitAsync(options.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
