using Microsoft.Extensions.Options;

namespace ZeegWebex.Infrastructure.Webex;

/// <summary>Checks settings of another section against the Webex section's. When the Webex section is invalid it is
/// refused on its own, naming its settings, and this check stands aside: one refusal per mistake.</summary>
public abstract class WebexDependentOptionsValidator<TOptions>(IOptions<WebexOptions> webex) : IValidateOptions<TOptions>
    where TOptions : class
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        WebexOptions settings;
        try
        {
            settings = webex.Value;
        }
        catch (OptionsValidationException)
        {
            return ValidateOptionsResult.Skip;
        }

        return Validate(options, settings);
    }

    protected abstract ValidateOptionsResult Validate(TOptions options, WebexOptions webex);
}
