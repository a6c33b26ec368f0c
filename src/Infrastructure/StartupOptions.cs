using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace ZeegWebex.Infrastructure;

/// <summary>For the few settings needed while services are still being registered (the job server's worker count,
/// the data folder, whether to start an OTLP exporter): the section bound into an options instance and checked by the
/// same validator the container runs on start, so such a value is never read raw and never used unvalidated.</summary>
public static class StartupOptions
{
    /// <param name="section">The section to bind; null binds the configuration's root (for top-level keys).</param>
    /// <exception cref="OptionsValidationException">The validator's failures, each naming its setting.</exception>
    public static T BindValidated<T>(this IConfiguration configuration, string? section, IValidateOptions<T> validator)
        where T : class, new()
    {
        var options = configuration.Bind<T>(section);
        var result = validator.Validate(Options.DefaultName, options);
        if (result.Failed) throw new OptionsValidationException(Options.DefaultName, typeof(T), result.Failures);
        return options;
    }

    /// <summary>The section bound into a new instance, for a caller that validates it itself once it knows it needs it.</summary>
    public static T Bind<T>(this IConfiguration configuration, string? section) where T : class, new()
    {
        var options = new T();
        (section is null ? configuration : configuration.GetSection(section)).Bind(options);
        return options;
    }
}
