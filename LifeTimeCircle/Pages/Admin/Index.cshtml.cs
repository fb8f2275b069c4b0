using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LifeTimeCircle.Pages.Admin;

public sealed class IndexModel : PageModel
{
    public void OnGet()
    {
    }
}
