using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace LifeTimeCircle.Web;

/// <summary>
/// Binds only what a form offers. The framework's converters accept more than any of our forms sends — enum numbers,
/// other case, surrounding spaces, the flags syntax „Inspektion, Oelwechsel“ — and a checkbox that received anything but
/// true/false crashes the page when it is shown again. These binders accept exactly the offered values and turn the rest
/// into a German field error, keeping the page renderable.
/// </summary>
public sealed class StrictBindingProvider : IModelBinderProvider
{
    public IModelBinder? GetBinder(ModelBinderProviderContext context)
    {
        var type = Nullable.GetUnderlyingType(context.Metadata.ModelType) ?? context.Metadata.ModelType;
        if (type == typeof(bool)) return new StrictBooleanBinder();
        if (type.IsEnum) return new StrictEnumBinder(type);
        return null;
    }
}

public abstract class StrictBinder : IModelBinder
{
    public Task BindModelAsync(ModelBindingContext context)
    {
        var result = context.ValueProvider.GetValue(context.ModelName);
        if (result == ValueProviderResult.None) return Task.CompletedTask; // not posted: the property keeps its default
        context.ModelState.SetModelValue(context.ModelName, result);
        var value = result.FirstValue;
        var nullable = Nullable.GetUnderlyingType(context.ModelType) is not null;
        if (string.IsNullOrEmpty(value))
        {
            if (nullable)
            {
                context.Result = ModelBindingResult.Success(null);
            }
            else
            {
                Fail(context, context.ModelMetadata.ModelBindingMessageProvider.ValueMustNotBeNullAccessor(""));
            }
            return Task.CompletedTask;
        }
        if (TryParse(value, out var model))
        {
            context.Result = ModelBindingResult.Success(model);
        }
        else
        {
            Fail(context, Message);
        }
        return Task.CompletedTask;
    }

    protected abstract string Message { get; }

    protected abstract bool TryParse(string value, out object? model);

    /// <summary>The shown value becomes the safe default; the error says what went wrong.</summary>
    protected virtual void Fail(ModelBindingContext context, string message)
    {
        context.ModelState.TryAddModelError(context.ModelName, message);
        context.Result = ModelBindingResult.Failed();
    }
}

public sealed class StrictBooleanBinder : StrictBinder
{
    protected override string Message => "Bitte setzen Sie das Häkchen oder lassen Sie es weg.";

    protected override bool TryParse(string value, out object? model)
    {
        model = value switch
        {
            "true" or "True" => true,
            "false" or "False" => false,
            _ => null,
        };
        return model is not null;
    }

    protected override void Fail(ModelBindingContext context, string message)
    {
        // The checkbox helper converts the attempted value back to bool when the page is shown again.
        context.ModelState.SetModelValue(context.ModelName, new ValueProviderResult("false"));
        base.Fail(context, message);
    }
}

public sealed class StrictEnumBinder(Type enumType) : StrictBinder
{
    private readonly HashSet<string> _names = Enum.GetNames(enumType).ToHashSet(StringComparer.Ordinal);

    protected override string Message => "Bitte wählen Sie einen der angebotenen Werte.";

    protected override bool TryParse(string value, out object? model)
    {
        model = _names.Contains(value) ? Enum.Parse(enumType, value, ignoreCase: false) : null;
        return model is not null;
    }
}
