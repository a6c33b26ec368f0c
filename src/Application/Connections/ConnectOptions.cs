using System.ComponentModel.DataAnnotations;

namespace ZeegWebex.Application.Connections;

public sealed class ConnectOptions : IValidatableObject
{
    public const string Section = "Connect";

    /// <summary>How long a started connect may take; the OAuth state dies after that.</summary>
    public TimeSpan StateLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long the start link the Zeeg main app receives may wait before a browser opens it (never longer
    /// than <see cref="StateLifetime"/>). The main app redirects the browser at once, so this can be short.</summary>
    public TimeSpan StartLinkLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long an expired connect is kept so the connection view can say it was not completed. Older ones
    /// are purged when a new connect starts.</summary>
    public TimeSpan ExpiredRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>At most this many expired connects are deleted per started connect.</summary>
    public int PurgeBatchSize { get; set; } = 100;

    /// <summary>Where the browser may be sent back after a connect. Anything else is refused, so the connect
    /// flow cannot be used as an open redirect.</summary>
    public List<string> AllowedReturnUrlPrefixes { get; set; } = [];

    IEnumerable<ValidationResult> IValidatableObject.Validate(ValidationContext validationContext)
    {
        if (PurgeBatchSize < 1 || PurgeBatchSize > 10_000) yield return new ValidationResult("Connect:PurgeBatchSize must be between 1 and 10000.");
        if (StateLifetime <= TimeSpan.Zero) yield return new ValidationResult("Connect:StateLifetime must be positive.");
        if (StartLinkLifetime <= TimeSpan.Zero) yield return new ValidationResult("Connect:StartLinkLifetime must be positive.");
        if (ExpiredRetention < TimeSpan.Zero) yield return new ValidationResult("Connect:ExpiredRetention must not be negative.");
    }
}
