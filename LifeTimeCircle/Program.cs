using LifeTimeCircle.Cli;
using LifeTimeCircle.Data;
using LifeTimeCircle.Infrastructure;
using LifeTimeCircle.Infrastructure.Addons;
using LifeTimeCircle.Infrastructure.Audit;
using LifeTimeCircle.Infrastructure.Backup;
using LifeTimeCircle.Infrastructure.Documents;
using LifeTimeCircle.Infrastructure.Exports;
using LifeTimeCircle.Infrastructure.Email;
using LifeTimeCircle.Infrastructure.Health;
using LifeTimeCircle.Infrastructure.Jobs;
using LifeTimeCircle.Infrastructure.Legal;
using LifeTimeCircle.Infrastructure.Logging;
using LifeTimeCircle.Infrastructure.Plans;
using LifeTimeCircle.Infrastructure.Reminders;
using LifeTimeCircle.Infrastructure.Security;
using LifeTimeCircle.Infrastructure.Storage;
using LifeTimeCircle.Infrastructure.Vehicles;
using LifeTimeCircle.Pages.Konto;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.EntityFrameworkCore;
using Serilog;

var builder = WebApplication.CreateBuilder(args);

// Configuration contract (docs/configuration.md): every LTC_* variable is read by one options class per feature and
// checked at start (ILtcOptions, ValidateOnStart); an invalid value stops the app and every command with a message
// naming the variable. The data directory and the upload limit are needed before the container exists.
var ltc = LtcEnvironment.Load(builder.Configuration, builder.Environment);
builder.Services.AddSingleton(ltc);
builder.Services.AddSingleton<PublicUrls>();
builder.Services.AddSingleton<PageUrls>();
builder.Services.AddSingleton(TimeProvider.System);
builder.Host.UseSystemd();
// Serve build-time static web assets (compressed variants live under obj/) in every environment when the
// app runs from a build; a published app has them in wwwroot and this is a no-op.
builder.WebHost.UseStaticWebAssets();
builder.Services.AddLtcLogging();

// Pooled contexts (issue 13): AppDbContext takes nothing but its options and holds no per-request state.
builder.Services.AddLtcMiniCheckCache();
builder.Services.AddLtcPageCache();
builder.Services.AddDbContextPool<AppDbContext>((sp, o) => o.UseSqlite(ltc.ConnectionString)
    .AddInterceptors(sp.GetRequiredService<LifeTimeCircle.Infrastructure.Vehicles.MiniCheckCache.Eviction>(),
        sp.GetRequiredService<DataGeneration.Watch>()));
builder.Services.AddDataProtection()
    .PersistKeysToFileSystem(new DirectoryInfo(ltc.KeysDir))
    .SetApplicationName("LifeTimeCircle");
builder.Services.AddLtcIdentity();
builder.Services.AddLtcRateLimiting();
builder.Services.AddHttpContextAccessor();
builder.Services.AddLtcAudit();
builder.Services.AddLtcPlans();
LifeTimeCircle.Infrastructure.Accounts.AccountDeletionSetup.AddLtcAccountDeletion(builder.Services);
builder.Services.AddLtcStorageGuard();
builder.Services.AddSingleton<StepUp>();
builder.Services.AddLtcAccounts();
builder.Services.AddSingleton<EmailPseudonym>();
builder.Services.AddSingleton<VinProtector>();
builder.Services.AddScoped<LifeTimeCircle.Infrastructure.Vehicles.EntryWriter>();
builder.Services.AddScoped<LifeTimeCircle.Infrastructure.Vehicles.VehicleTrust>();
builder.Services.AddScoped<LifeTimeCircle.Infrastructure.Vehicles.TransferService>();
builder.Services.AddRecurringJob<LifeTimeCircle.Infrastructure.Vehicles.TransferExpiry>(LifeTimeCircle.Infrastructure.Vehicles.TransferExpiry.Kind, TimeSpan.FromHours(1));
builder.Services.AddScoped<LifeTimeCircle.Infrastructure.Vehicles.OwnershipClaims>();
builder.Services.AddRecurringJob<LifeTimeCircle.Infrastructure.Vehicles.OwnershipClaimSweep>(LifeTimeCircle.Infrastructure.Vehicles.OwnershipClaimSweep.Kind, TimeSpan.FromHours(1));
builder.Services.AddSingleton<LifeTimeCircle.Infrastructure.Vehicles.TransferCookies>();
builder.Services.AddSingleton<LifeTimeCircle.Web.TransferAttempts>();
builder.Services.AddScoped<RoleChanger>();
LifeTimeCircle.Infrastructure.Accounts.SupportSetup.AddLtcSupportAndModeration(builder.Services);
builder.Services.AddScoped<LifeTimeCircle.Infrastructure.Vehicles.VehicleRegistration>();
builder.Services.AddScoped<LifeTimeCircle.Infrastructure.Exports.ExportRequests>();
builder.Services.AddScoped<LifeTimeCircle.Infrastructure.Exports.ExportDownloads>();
builder.Services.AddScoped<LifeTimeCircle.Pages.Admin.BusinessReview>();
builder.Services.AddSingleton(new LegalDocuments(LtcEnvironment.ShippedLegalDir, ltc.LegalDir));
builder.Services.AddLtcJobs(builder.Configuration);
builder.Services.AddLtcMail(builder.Configuration, builder.Environment);
builder.Services.AddLtcBackup();
builder.Services.AddLtcHealthChecks();
builder.Services.AddLtcDocuments(builder.Configuration);
builder.Services.AddLtcExports(builder.Configuration);
builder.Services.AddLtcReminders();
builder.Services.AddLtcAddons();
LifeTimeCircle.Infrastructure.Workshops.WorkshopSetup.AddLtcWorkshops(builder.Services);
LifeTimeCircle.Infrastructure.Notifications.NotificationSetup.AddLtcNotifications(builder.Services);
LifeTimeCircle.Infrastructure.Cms.CmsSetup.AddLtcCms(builder.Services);
LifeTimeCircle.Infrastructure.Imports.ImportSetup.AddLtcImports(builder.Services);
// Uploads are the only large bodies: 10 MiB per file (LTC_UPLOAD_MAX_BYTES) plus form overhead. Multipart file
// sections are spooled to disk by the form reader (never held in memory), then streamed into storage.
var maxBody = LtcOptions.Load<DocumentOptions>(builder.Configuration, builder.Environment).MaxUploadBytes + 1024 * 1024;
builder.WebHost.ConfigureKestrel(o =>
{
    o.Limits.MaxRequestBodySize = maxBody;
    // Stated, not left to defaults: Kestrel answers 414 and 431 itself, before the app (no German page possible there).
    // nginx's limits are smaller (large_client_header_buffers 4 8k) so in production nginx answers first with its
    // German pages (nginx/lifetimecircle.conf, docs/deployment.md).
    o.Limits.MaxRequestLineSize = 8 * 1024;
    o.Limits.MaxRequestHeadersTotalSize = 32 * 1024;
});
builder.Services.Configure<Microsoft.AspNetCore.Http.Features.FormOptions>(o => o.MultipartBodyLengthLimit = maxBody);

builder.Services.Configure<ForwardedHeadersOptions>(o =>
{
    // Trusted only from loopback (nginx on the same host); KnownProxies/Networks default to loopback.
    o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
    o.ForwardLimit = 1;
});
builder.Services.AddAntiforgery(o =>
{
    o.Cookie.Name = "ltc.af";
    o.HeaderName = null;
});
builder.Services.AddHsts(o => o.MaxAge = TimeSpan.FromDays(365));
builder.Services.AddRazorPages(o =>
    {
        o.Conventions.AuthorizeFolder("/Dashboard", Policies.Product);
        o.Conventions.AuthorizeFolder("/Fahrzeuge", Policies.Product);
        o.Conventions.AuthorizeFolder("/Profil", Policies.Product);
        o.Conventions.AuthorizeFolder("/Module", Policies.Product);
        o.Conventions.AuthorizeFolder("/Exporte", Policies.Product);
        o.Conventions.AuthorizeFolder("/Uebergabe", Policies.Product);
        o.Conventions.AuthorizeFolder("/Postfach", Policies.Product);
        o.Conventions.AuthorizeFolder("/Tarife", Policies.Product);
        o.Conventions.AuthorizeFolder("/Betrieb", Policies.Business);
        // The profile and the staff are the business account's own; its staff act for it elsewhere under /Betrieb.
        o.Conventions.AuthorizePage("/Betrieb/Index", Policies.BusinessOwner);
        o.Conventions.AuthorizePage("/Betrieb/Mitarbeitende", Policies.BusinessOwner);
        o.Conventions.AuthorizeFolder("/Admin", Policies.Admin);
        // Staff seats beyond the free ones: superadmin only (SPEC §1; admins may not approve business staff seats).
        o.Conventions.AuthorizePage("/Admin/Mitarbeitende", Policies.Superadmin);
        o.Conventions.AddFolderApplicationModelConvention("/Admin",
            m => m.Filters.Add(new Microsoft.AspNetCore.Mvc.TypeFilterAttribute(typeof(AdminTwoFactorFilter))));
        o.Conventions.AuthorizeFolder("/Redaktion", Policies.Content);
        // Review and publishing are admin work: an admin or superadmin needs TOTP there too (moderators pass).
        o.Conventions.AddFolderApplicationModelConvention("/Redaktion",
            m => m.Filters.Add(new Microsoft.AspNetCore.Mvc.TypeFilterAttribute(typeof(AdminTwoFactorFilter))));
        o.Conventions.AllowAnonymousToPage("/Index");
        o.Conventions.AllowAnonymousToPage("/Eintritt");
        o.Conventions.AllowAnonymousToPage("/Uebergabe/Index");
        o.Conventions.AllowAnonymousToPage("/Konto/Einladung");
        o.Conventions.AllowAnonymousToPage("/Konto/Redaktionszugang");
        o.Conventions.AllowAnonymousToPage("/Kontakt");
        o.Conventions.AllowAnonymousToPage("/Health");
        o.Conventions.AllowAnonymousToPage("/Tarife/Index");
        o.Conventions.AllowAnonymousToFolder("/Rechtliches");
        o.Conventions.AllowAnonymousToFolder("/Public");
        o.Conventions.AllowAnonymousToFolder("/Blog");
        o.Conventions.AllowAnonymousToFolder("/News");
        // Article images: public for published articles, the page itself checks drafts (ADR 0024).
        o.Conventions.AllowAnonymousToFolder("/Artikelbilder");
        o.Conventions.AllowAnonymousToFolder("/Fehler");
        foreach (var page in new[] { "Anmelden", "AnmeldenZweiFaktor", "Registrieren", "Bestaetigen", "PasswortVergessen", "PasswortNeu", "Abmelden" })
        {
            o.Conventions.AllowAnonymousToPage("/Konto/" + page);
        }
    })
    .AddMvcOptions(o =>
    {
        o.Filters.Add<ConsentGateFilter>();
        o.Filters.Add<StorageGuardFilter>();
        o.ModelBinderProviders.Insert(0, new StrictBindingProvider());
        GermanBindingMessages.Apply(o.ModelBindingMessageProvider);
    });

builder.Services.AddSingleton<Microsoft.AspNetCore.Mvc.ViewFeatures.ITempDataProvider, QuietTempDataProvider>();

var app = builder.Build();

app.UseForwardedHeaders();
app.UseMiddleware<RequestIdMiddleware>();
app.UseMiddleware<SecurityHeadersMiddleware>();
app.UseMiddleware<ImmutableAssetsMiddleware>();
// Outside the exception handler and the status-code pages: one line per request with its final status, logged once
// (not again for the re-executed error page) and without the exception, which the exception handler logs as type,
// escaped message and stack (JournaldFormatter, LogText).
app.UseSerilogRequestLogging(o =>
{
    RequestLogging.Configure(o);
    // The app's own Serilog logger (the static Log.Logger is never used after startup).
    o.Logger = app.Services.GetRequiredService<Serilog.ILogger>();
});
// Error pages are re-executed by path (a string by necessity; see Platform/RoutesByNameTests).
app.UseExceptionHandler("/Fehler/500");
if (app.Environment.IsProduction())
{
    app.UseHsts();
}
app.UseStatusCodePagesWithReExecute("/Fehler/{0}");
// Bodies over the limit (announced by Content-Length, or chunked and counted while read) get 413, rendered by the
// status-code pages as the German "Datei zu groß" page.
app.UseMiddleware<RequestSizeLimitMiddleware>(maxBody);
app.UseRouting();
app.UseRateLimiter();
app.UseAuthentication();
app.UseAuthorization();
// After the rate limiter (a cached answer still counts) and after authentication and authorization (the per-user page
// cache keys by the signed-in user; an ended session or a missing right never reaches a cached page): the public
// mini-check (MiniCheckCache) and the owner's most-read pages (PageCache). Before the request's connection: a cached
// answer opens no database connection (a signed-in one runs only the session stamp's query).
app.UseOutputCache();
app.UseMiddleware<RequestConnection>();
app.UseMiddleware<PageMethodGuard>();

app.MapStaticAssets().AllowAnonymous();
app.MapGet("/health/live", () => Results.Text("ok")).AllowAnonymous();
app.MapGet("/health/ready", Readiness.AnswerAsync).AllowAnonymous();
app.MapRazorPages().WithStaticAssets();
// Unknown URLs are a plain 404 for everybody (otherwise the deny-by-default fallback policy would send
// anonymous visitors to the sign-in page for a page that does not exist).
app.MapFallback("{*path}", context =>
{
    context.Response.StatusCode = StatusCodes.Status404NotFound;
    return Task.CompletedTask;
}).AllowAnonymous();

// Operator commands (migrate, backup, restore, create-superadmin, rehash-vins, bench-*) instead of the web server.
if (CommandDispatcher.IsCommand(args))
{
    return await CommandDispatcher.RunAsync(app, args);
}

// Every options class registered with ValidateOnStart, checked before the database is opened (throws with the messages).
app.Services.GetRequiredService<Microsoft.Extensions.Options.IStartupValidator>().Validate();
await DatabaseSetup.InitializeAsync(app.Services, migrate: ltc.AutoMigrate);
app.Services.GetRequiredService<DocumentStorage>().DeleteAbandonedUploads();
await app.RunAsync();
return 0;

/// <summary>Entry point, visible to the test host.</summary>
public partial class Program;
