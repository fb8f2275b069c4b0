using LifeTimeCircle.Data;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Web;

/// <summary>
/// A page request opens the database connection of its (pooled) context once and keeps it for all its queries
/// (ADR 0012). EF Core otherwise opens and closes it around every query, and each open of a SQLite connection registers
/// EF's SQL functions again and runs the connection's pragmas: 8–12 times per signed-in page (session stamp, consent,
/// inbox count, the page's own queries). Opening lazily is kept: only page endpoints get the connection, not static
/// assets or health probes. A connection without an open transaction holds no lock in WAL mode.
/// </summary>
public sealed class RequestConnection(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<CompiledPageActionDescriptor>() is null)
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
