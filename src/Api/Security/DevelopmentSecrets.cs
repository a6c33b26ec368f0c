namespace ZeegWebex.Api.Security;

/// <summary>
/// The secrets that ship in <c>appsettings.Development.json</c> and the README, so everyone knows them. They are
/// fine on a laptop; in any other environment a setting holding one of them stops the start.
/// </summary>
public static class DevelopmentSecrets
{
    public const string ApiKey = "dev-zeeg-api-key";

    public const string OperatorPassword = "dev-operator-password";

    public const string OperatorPasswordHash = "600000.MM2yROLEuv/FFPWfjfnWRQ==.Vw5S1ZlKk2sCqyKXwAWuVo6wgsLlkcUaHer5jdaWtlo=";

    public const string WebexClientSecret = "zeegwebex-dev-secret";
}
