using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LifeTimeCircle.Pages;

public sealed class IndexModel : PageModel
{
    public void OnGet()
    {
    }
}
