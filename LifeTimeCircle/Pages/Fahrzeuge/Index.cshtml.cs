using LifeTimeCircle.Data;
using LifeTimeCircle.Domain.Vehicles;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Pages.Fahrzeuge;

[Microsoft.AspNetCore.OutputCaching.OutputCache(PolicyName = PageCache.PolicyName)]
public sealed class IndexModel(AppDbContext db) : PageModel
{
    public const int PageSize = 20;

    [BindProperty(SupportsGet = true, Name = "seite")]
    public int PageNumber { get; set; } = 1;

    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public bool HasNext { get; private set; }

    public sealed record Row(string PublicId, string Make, string Model, string? Nickname, int? BuildYear, string VinMasked, AccidentStatus Accident);

    public async Task OnGetAsync(CancellationToken ct)
    {
        PageNumber = Math.Clamp(PageNumber, 1, 1_000_000); // far beyond any real page, and (page - 1) * size cannot overflow
        var rows = await db.Vehicles.AsNoTracking().OwnedBy(User.UserId())
            .OrderByDescending(v => v.CreatedAt).ThenByDescending(v => v.Id)
            .Skip((PageNumber - 1) * PageSize).Take(PageSize + 1)
            .Select(v => new Row(v.PublicId, v.Make, v.Model, v.Nickname, v.BuildYear, v.VinMasked, v.AccidentStatus))
            .ToListAsync(ct);
        HasNext = rows.Count > PageSize;
        Rows = rows.Take(PageSize).ToList();
    }
}
