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
            .Must(url => IsAllowedReturnUrl(url!, options.Value.AllowedReturnUrlPrefixes))
            .When(c => c.ReturnUrl is not null)
            .WithMessage("'Return Url' must be an absolute http(s) URL under one of the configured Connect:AllowedReturnUrlPrefixes.");
    }

    internal static bool IsAllowedReturnUrl(string url, IReadOnlyCollection<string> allowedPrefixes) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
        && string.IsNullOrEmpty(uri.UserInfo)
        && allowedPrefixes.Any(prefix => uri.AbsoluteUri.StartsWith(prefix, StringComparison.OrdinalIgnoreCase));
}
