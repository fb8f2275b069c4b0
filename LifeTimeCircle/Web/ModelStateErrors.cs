using LifeTimeCircle.Domain;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace LifeTimeCircle.Web;

public static class ModelStateErrors
{
    /// <summary>
    /// A domain rule's German message: on its field (<c>Input.Field</c>) when the rule names one, otherwise on the
    /// model (key "", shown in the error summary without a link).
    /// </summary>
    public static void AddDomainError(this ModelStateDictionary state, DomainException ex, string prefix = "Input") =>
        state.AddModelError(ex.Field is { Length: > 0 } field ? prefix + "." + field : "", ex.Message);
}
