using LifeTimeCircle.Data;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Web;

/// <summary>
/// A page read (GET/HEAD) opens the database connection of its (pooled) context once and keeps it for all its queries
/// (ADR 0012). EF Core otherwise opens and closes it around every query, and each open of a SQLite connection registers
/// EF's SQL functions again and runs the connection's pragmas: 8–12 times per signed-in page (session stamp, consent,
/// inbox count, the page's own queries). Opening lazily is kept: only page endpoints get the connection, not static
/// assets or health probes. A connection without an open transaction holds no lock in WAL mode.
/// </summary>
public sealed class RequestConnection(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        // Only reads: a POST (upload, sign-in) would hold the connection while a slow client sends its body. Error pages
        // re-executed after a failure open nothing (the failure may be the database).
        if (context.GetEndpoint()?.Metadata.GetMetadata<CompiledPageActionDescriptor>() is null
            || !(HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method))
            || context.Features.Get<IStatusCodeReExecuteFeature>() is not null || context.Features.Get<IExceptionHandlerFeature>() is not null)
        {
            await next(context);
            return;
        }
        var db = context.RequestServices.GetRequiredService<AppDbContext>();
        await db.Database.OpenConnectionAsync(context.RequestAborted);
        try
        {
            await next(context);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
