using LifeTimeCircle.Infrastructure.Jobs;

namespace LifeTimeCircle.Infrastructure.Email;

public static class MailSetup
{
    public static IServiceCollection AddLtcMail(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var options = MailOptions.Load(configuration, environment);
        services.AddSingleton(options);
        if (options.Mode == MailMode.Outbox)
        {
            services.AddSingleton<IMailTransport, FileOutboxTransport>();
        }
        else
        {
            services.AddSingleton<IMailTransport, SmtpTransport>();
        }
        services.AddScoped<MailQueue>();
        services.AddJob<MailSender, MailPayload>(MailSender.Kind, MailSender.Policy);
        services.AddRecurringJob<MailPurge>(MailPurge.Kind, TimeSpan.FromHours(6));
        services.AddScoped<Mailer>();
        services.AddHealthChecks().AddCheck<MailHealthCheck>("mail");
        return services;
    }
}
