namespace LifeTimeCircle.Infrastructure.Documents;

public static class DocumentSetup
{
    public static IServiceCollection AddLtcDocuments(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddLtcOptions<DocumentOptions>();
        services.AddSingleton<DocumentStorage>();
        services.AddSingleton<UploadQuota>();
        services.AddSingleton<ClamAvClient>();
        services.AddSingleton<ScanSignal>();
        services.AddScoped<ScanProcessor>();
        services.AddScoped<DocumentReview>();
        if (!string.Equals(configuration["LTC_SCAN_WORKER"], "false", StringComparison.OrdinalIgnoreCase))
        {
            services.AddHostedService<ScanWorker>();
        }
        services.AddHealthChecks().AddCheck<ScannerHealthCheck>("scanner");
        return services;
    }
}
