using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Data;

/// <summary>
/// Saves a removal that another request may have made a moment ago (a second tab, a double click): then nothing is left to
/// remove, what the user wanted has happened once, and the page answers as for its own removal instead of a 500.
/// </summary>
public static class ConcurrentDeletes
{
    /// <returns>False when the row was already gone (nothing saved, nothing to audit).</returns>
    public static async Task<bool> SaveRemovalAsync(this AppDbContext db, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            return false;
        }
    }
}
