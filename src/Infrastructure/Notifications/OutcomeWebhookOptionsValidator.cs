using Microsoft.Extensions.Options;

namespace ZeegWebex.Infrastructure.Notifications;

[OptionsValidator]
public sealed partial class OutcomeWebhookOptionsValidator : IValidateOptions<OutcomeWebhookOptions>;
