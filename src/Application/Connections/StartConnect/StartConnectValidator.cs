using FluentValidation;
using Microsoft.Extensions.Options;
using ZeegWebex.Application.Common;

namespace ZeegWebex.Application.Connections.StartConnect;

public sealed class StartConnectValidator : AbstractValidator<StartConnectCommand>
{
    public StartConnectValidator(IOptions<ConnectOptions> options)
    {
        RuleFor(c => c.ZeegUserId).MustBeZeegId();
        RuleFor(c => c.ReturnUrl)
            .MaximumLength(2048)
            .Must(url => ReturnUrls.Normalise(url, options.Value.AllowedReturnUrlPrefixes) is not null)
            .When(c => c.ReturnUrl is not null)
            .WithMessage("'Return Url' must be an absolute http(s) URL in ASCII (non-ASCII characters percent-encoded) under one of the configured Connect:AllowedReturnUrlPrefixes.");
    }
}
