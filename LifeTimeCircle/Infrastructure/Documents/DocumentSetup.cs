using LifeTimeCircle.Infrastructure.Jobs;

namespace LifeTimeCircle.Infrastructure.Documents;

public static class DocumentSetup
{
    public static IServiceCollection AddLtcDocuments(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddLtcOptions<DocumentOptions>();
        services.AddSingleton<DocumentStorage>();
        services.AddSingleton<UploadQuota>();
        services.AddSingleton<ClamAvClient>();
        services.AddSingleton<FileScanner>();
        // Images that belong to no vehicle (ADR 0024): the same scan and retry policy as documents, a kind of their own.
        services.AddScoped<Images.ImageUploads>();
        services.AddJob<Images.ImageScanJob, Images.ImageScanPayload>(Images.ImageScanJob.Kind, ScanProcessor.Policy);
        services.AddJob<ScanProcessor, ScanPayload>(ScanProcessor.Kind, ScanProcessor.Policy);
        services.AddScoped<IJobRecovery>(sp => sp.GetRequiredService<ScanProcessor>());
        services.AddRecurringJob<PiiRetention>(PiiRetention.Kind, TimeSpan.FromHours(1));
        services.AddScoped<Thumbnails.ThumbnailWriter>();
        services.AddJob<Thumbnails.ThumbnailJob, Thumbnails.ThumbnailPayload>(Thumbnails.ThumbnailJob.Kind, Thumbnails.ThumbnailJob.Policy);
        services.AddRecurringJob<Thumbnails.ThumbnailBackfill>(Thumbnails.ThumbnailBackfill.Kind, TimeSpan.FromMinutes(15));
        services.AddScoped<DocumentReview>();
        services.AddScoped<UploadIntake>();
        services.AddHealthChecks().AddCheck<ScannerHealthCheck>("scanner");
        return services;
    }
}
