using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LifeTimeCircle.Pages.Module;

public sealed class IndexModel : PageModel
{
    public void OnGet()
    {
    }
}
