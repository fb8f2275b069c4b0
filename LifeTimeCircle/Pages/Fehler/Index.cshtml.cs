using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LifeTimeCircle.Pages.Fehler;

/// <summary>
/// Friendly error pages; they name the request id and nothing else about the failure. The code comes from the route,
/// not from model binding: a re-executed POST (e.g. an upload over the size limit) must not read its body again.
/// </summary>
[IgnoreAntiforgeryToken]
[LifeTimeCircle.Web.AllowWhenStorageLow]
public sealed class IndexModel(ILogger<IndexModel> logger, LifeTimeCircle.Infrastructure.Documents.DocumentOptions documents) : PageModel
{
    public int Code { get; private set; }
    public string Heading { get; private set; } = "";
    public string Text { get; private set; } = "";
    public string RequestId => HttpContext.TraceIdentifier;

    public IActionResult OnGet() => Render();

    public IActionResult OnPost() => Render();

    /// <summary>Re-executed requests keep their method (PUT, DELETE, TRACE …): the error page renders for all of them.</summary>
    public override void OnPageHandlerExecuting(Microsoft.AspNetCore.Mvc.Filters.PageHandlerExecutingContext context)
    {
        if (context.HandlerMethod is null) context.Result = Render();
    }

    private PageResult Render()
    {
        int? code = int.TryParse(Convert.ToString(RouteData.Values["code"], System.Globalization.CultureInfo.InvariantCulture), System.Globalization.NumberStyles.None,
            System.Globalization.CultureInfo.InvariantCulture, out var routeCode) ? routeCode : null;
        Code = code is >= 400 and <= 599 ? code.Value : 404;
        var reexecuted = HttpContext.Features.Get<IStatusCodeReExecuteFeature>() is not null;
        var exception = HttpContext.Features.Get<IExceptionHandlerPathFeature>();
        if (exception is not null)
        {
            // A write that failed for lack of space is the German "storage full" page, not a 500.
            Code = LifeTimeCircle.Infrastructure.Storage.StorageFull.IsCause(exception.Error) ? 507 : 500;
            // Type and location only: exception messages may quote user input.
            logger.LogError("Unbehandelte Ausnahme {ExceptionType} bei {Path}", exception.Error.GetType().FullName,
                LifeTimeCircle.Infrastructure.Logging.RequestLogging.SafePath(exception.Path));
        }
        if (!reexecuted || exception is not null)
        {
            Response.StatusCode = Code;
        }
        (Heading, Text) = Code switch
        {
            400 => ("Ungültige Anfrage", "Die Anfrage konnte nicht verarbeitet werden. Bitte laden Sie die Seite neu und versuchen Sie es erneut."),
            401 => ("Anmeldung erforderlich", "Bitte melden Sie sich an, um diese Seite zu sehen."),
            403 => ("Kein Zugriff", "Sie haben keine Berechtigung für diese Seite."),
            404 => ("Seite nicht gefunden", "Diese Seite gibt es nicht oder sie ist für Sie nicht verfügbar."),
            405 => ("Aktion nicht möglich", "Diese Aktion ist hier nicht möglich."),
            413 => ("Datei zu groß", $"Die Datei ist größer als {LifeTimeCircle.Web.Display.FileSize(documents.MaxUploadBytes)}. " +
                "Bitte wählen Sie eine kleinere Datei oder verkleinern Sie das Foto."),
            414 => ("Adresse zu lang", "Die aufgerufene Adresse ist zu lang. Bitte öffnen Sie die Seite über die Startseite oder ein Lesezeichen neu."),
            431 => ("Anfrage zu groß", "Ihr Browser hat zu viele oder zu große Daten (meist Cookies) mitgeschickt. Bitte löschen Sie die Cookies dieser Seite und laden Sie sie neu."),
            429 => ("Zu viele Anfragen", "Bitte warten Sie eine Minute und versuchen Sie es dann erneut."),
            507 => ("Speicher voll", "Der Speicher des Servers ist voll; Ihre Änderung wurde nicht gespeichert. Ansehen und Herunterladen " +
                "funktionieren weiterhin. Bitte versuchen Sie es in einigen Minuten erneut; wir sind informiert. Wenn es so bleibt, nennen Sie dem Support die Vorgangsnummer."),
            _ when Code >= 500 => ("Es ist ein Fehler aufgetreten", "Bitte versuchen Sie es später erneut. Wenn der Fehler bleibt, nennen Sie dem Support die Vorgangsnummer."),
            _ => ("Fehler", "Die Anfrage konnte nicht verarbeitet werden."),
        };
        ViewData["Title"] = Heading;
        return Page();
    }
}
