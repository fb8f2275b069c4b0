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
        services.AddScoped<Mailer>();
        return services;
    }
}
