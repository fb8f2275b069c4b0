using LifeTimeCircle.Infrastructure.Jobs;

namespace LifeTimeCircle.Infrastructure.Cms;

public static class CmsSetup
{
    /// <summary>Blog and news (ADR 0017): the renderer, the workflow's writes, the public reads and the scheduled publishing.</summary>
    public static IServiceCollection AddLtcCms(this IServiceCollection services)
    {
        services.AddSingleton<ArticleHtml>();
        services.AddScoped<Editorial>();
        services.AddScoped<ArticleImages>();
        services.AddScoped<Images.IImageOwner>(sp => sp.GetRequiredService<ArticleImages>());
        services.AddScoped<ArticleReads>();
        services.AddScoped<AtomFeed>();
        services.AddJob<ScheduledPublishing, ScheduledPublishing.Payload>(ScheduledPublishing.Kind,
            new JobPolicy(5, TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(10)));
        return services;
    }
}
