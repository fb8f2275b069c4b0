namespace LifeTimeCircle.Infrastructure.Email;

public static class MailSetup
{
    public static IServiceCollection AddLtcMail(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddLtcOptions<MailOptions>();
        services.AddSingleton<IMailTransport>(sp => sp.GetRequiredService<MailOptions>().Mode == MailMode.Outbox
            ? ActivatorUtilities.CreateInstance<FileOutboxTransport>(sp)
            : ActivatorUtilities.CreateInstance<SmtpTransport>(sp));
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
