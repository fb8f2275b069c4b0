using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LifeTimeCircle.Pages;

public sealed class EintrittModel : PageModel
{
    public void OnGet()
    {
    }
}
