using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LifeTimeCircle.Pages.Redaktion;

public sealed class IndexModel : PageModel
{
    public void OnGet()
    {
    }
}
