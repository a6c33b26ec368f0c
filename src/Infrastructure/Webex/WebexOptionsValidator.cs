using Microsoft.Extensions.Options;

namespace ZeegWebex.Infrastructure.Webex;

[OptionsValidator]
public sealed partial class WebexOptionsValidator : IValidateOptions<WebexOptions>;
