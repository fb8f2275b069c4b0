using System.Globalization;
using Microsoft.Extensions.Options;

namespace LifeTimeCircle.Infrastructure;

/// <summary>
/// A feature's options, read from the flat <c>LTC_*</c> environment variables (docs/configuration.md; the names are
/// the contract). <see cref="Read"/> sets every property from <see cref="LtcVariables"/>: unset → the documented
/// default, set but invalid → an error naming the variable and the rule, so the app refuses to start.
/// </summary>
public interface ILtcOptions
{
    void Read(LtcVariables variables);
}

/// <summary>
/// Reads and checks <c>LTC_*</c> values. Invalid values are collected in <see cref="Errors"/> (German / English,
/// naming the variable); the property keeps its default so that reading can go on and report every mistake at once.
/// Values are echoed only where they are harmless (numbers, names); secrets and addresses never are.
/// </summary>
public sealed class LtcVariables(IConfiguration configuration, IHostEnvironment? environment = null)
{
    private readonly List<string> _errors = [];

    /// <summary>For defaults that differ by environment; options read without one must not ask.</summary>
    public IHostEnvironment Environment => environment ?? throw new InvalidOperationException("Diese Einstellungen brauchen die Umgebung (ASPNETCORE_ENVIRONMENT).");

    public IReadOnlyList<string> Errors => _errors;

    public void Error(string variable, string germanAndEnglish) => _errors.Add($"{variable}: {germanAndEnglish}");

    /// <summary>The trimmed value, or null when unset or blank.</summary>
    public string? Text(string variable) => configuration[variable] is { } raw && !string.IsNullOrWhiteSpace(raw) ? raw.Trim() : null;

    /// <summary>The value as given (not trimmed: a password may end in a space), or null when unset or empty.</summary>
    public string? Raw(string variable) => configuration[variable] is { Length: > 0 } raw ? raw : null;

    public int Number(string variable, int fallback, int minimum, int maximum) => (int)BigNumber(variable, fallback, minimum, maximum);

    public long BigNumber(string variable, long fallback, long minimum, long maximum)
    {
        if (Text(variable) is not { } raw) return fallback;
        if (!long.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            Error(variable, $"'{Shown(raw)}' ist keine ganze Zahl / is not a whole number.");
            return fallback;
        }
        if (value < minimum || value > maximum)
        {
            Error(variable, Range(raw, minimum.ToString(CultureInfo.InvariantCulture), maximum.ToString(CultureInfo.InvariantCulture)));
            return fallback;
        }
        return value;
    }

    public double Percent(string variable, double fallback)
    {
        if (Text(variable) is not { } raw) return fallback;
        if (!double.TryParse(raw, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            Error(variable, $"'{Shown(raw)}' ist keine Zahl (Dezimalpunkt, z. B. 12.5) / is not a number (decimal point, e.g. 12.5).");
            return fallback;
        }
        if (value is < 0 or > 100)
        {
            Error(variable, Range(raw, "0", "100"));
            return fallback;
        }
        return value;
    }

    /// <summary><c>true</c> or <c>false</c> (any case); anything else is refused rather than read as the default.</summary>
    public bool Bool(string variable, bool fallback)
    {
        if (Text(variable) is not { } raw) return fallback;
        if (bool.TryParse(raw, out var value)) return value;
        Error(variable, $"'{Shown(raw)}' ist weder true noch false / is neither true nor false.");
        return fallback;
    }

    /// <summary>One of the enum's names (any case); numbers are refused.</summary>
    public T Enum<T>(string variable, T fallback) where T : struct, System.Enum
    {
        if (Text(variable) is not { } raw) return fallback;
        var name = System.Enum.GetNames<T>().FirstOrDefault(n => n.Equals(raw, StringComparison.OrdinalIgnoreCase));
        if (name is not null) return System.Enum.Parse<T>(name);
        Error(variable, $"'{Shown(raw)}' ist keiner der Werte {string.Join(", ", System.Enum.GetNames<T>())} / is none of these values.");
        return fallback;
    }

    /// <summary>One of the given words (any case), returned in lower case.</summary>
    public string Choice(string variable, string fallback, params string[] allowed)
    {
        if (Text(variable) is not { } raw) return fallback;
        var match = allowed.FirstOrDefault(a => a.Equals(raw, StringComparison.OrdinalIgnoreCase));
        if (match is not null) return match;
        Error(variable, $"'{Shown(raw)}' ist keiner der Werte {string.Join(", ", allowed)} / is none of these values.");
        return fallback;
    }

    private static string Range(string raw, string minimum, string maximum) =>
        $"'{Shown(raw)}' liegt nicht zwischen {minimum} und {maximum} / is not between {minimum} and {maximum}.";

    /// <summary>At most 40 characters of a value that failed a number or name check (never called for secrets).</summary>
    private static string Shown(string raw) => raw.Length <= 40 ? raw : raw[..40] + "…";
}

public static class LtcOptions
{
    public const string Help = "Siehe / see docs/configuration.md.";

    /// <summary>
    /// Registers <typeparamref name="T"/> bound from the <c>LTC_*</c> variables and validated at start
    /// (<c>ValidateOnStart</c>); consumers inject <typeparamref name="T"/> itself (the bound, validated singleton).
    /// </summary>
    public static OptionsBuilder<T> AddLtcOptions<T>(this IServiceCollection services) where T : class, ILtcOptions, new()
    {
        services.AddSingleton<IValidateOptions<T>, Validator<T>>();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<T>>().Value);
        return services.AddOptions<T>()
            .Configure<IConfiguration, IHostEnvironment>((options, configuration, environment) => options.Read(new LtcVariables(configuration, environment)))
            .ValidateOnStart();
    }

    /// <summary>
    /// Reads <typeparamref name="T"/> now, for the few values needed before the service container exists (Kestrel's
    /// body limit); the same rules and messages as at start. Throws with every error when a value is invalid.
    /// </summary>
    public static T Load<T>(IConfiguration configuration, IHostEnvironment? environment = null) where T : ILtcOptions, new()
    {
        var variables = new LtcVariables(configuration, environment);
        var options = new T();
        options.Read(variables);
        return variables.Errors.Count == 0 ? options : throw new InvalidOperationException(Message(variables.Errors));
    }

    public static string Message(IEnumerable<string> errors) =>
        "Ungültige Konfiguration / invalid configuration: " + string.Join(" ", errors) + " " + Help;

    /// <summary>Reads the variables again into a fresh instance and reports what was wrong (the bound one kept defaults).</summary>
    private sealed class Validator<T>(IConfiguration configuration, IHostEnvironment environment) : IValidateOptions<T>
        where T : class, ILtcOptions, new()
    {
        public ValidateOptionsResult Validate(string? name, T options)
        {
            var variables = new LtcVariables(configuration, environment);
            new T().Read(variables);
            return variables.Errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(Message(variables.Errors));
        }
    }
}
