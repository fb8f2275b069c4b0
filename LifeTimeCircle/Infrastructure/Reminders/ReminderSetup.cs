using Microsoft.Extensions.DependencyInjection;

namespace LifeTimeCircle.Infrastructure.Reminders;

public static class ReminderSetup
{
    /// <summary>Maintenance reminders (SPEC §14): status board for the pages and the dashboard, the secret calendar feed.</summary>
    public static IServiceCollection AddLtcReminders(this IServiceCollection services)
    {
        services.AddScoped<ReminderBoard>();
        services.AddScoped<CalendarFeeds>();
        return services;
    }
}
