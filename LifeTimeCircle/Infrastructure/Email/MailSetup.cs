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
        services.AddSingleton<MailSignal>();
        services.AddScoped<MailQueue>();
        services.AddScoped<MailSender>();
        services.AddScoped<Mailer>();
        if (!string.Equals(configuration["LTC_MAIL_WORKER"], "false", StringComparison.OrdinalIgnoreCase))
        {
            services.AddHostedService<MailWorker>();
        }
        services.AddHealthChecks().AddCheck<MailHealthCheck>("mail");
        return services;
    }
}
