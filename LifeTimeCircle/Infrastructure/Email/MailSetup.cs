using LifeTimeCircle.Infrastructure.Jobs;

namespace LifeTimeCircle.Infrastructure.Email;

public static class MailSetup
{
    public static IServiceCollection AddLtcMail(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddLtcOptions<MailOptions>();
        services.AddSingleton<IMailTransport>(sp => sp.GetRequiredService<MailOptions>().Mode == MailMode.Outbox
            ? ActivatorUtilities.CreateInstance<FileOutboxTransport>(sp)
            : ActivatorUtilities.CreateInstance<SmtpTransport>(sp));
        services.AddScoped<MailQueue>();
        services.AddJob<MailSender, MailPayload>(MailSender.Kind, MailSender.Policy);
        services.AddRecurringJob<MailPurge>(MailPurge.Kind, TimeSpan.FromHours(6));
        services.AddScoped<Mailer>();
        services.AddHealthChecks().AddCheck<MailHealthCheck>("mail");
        return services;
    }
}
