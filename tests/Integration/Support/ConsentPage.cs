namespace ZeegWebex.IntegrationTests.Support;

/// <summary>The simulator's consent page as a browser opened it: where it came from and the request id its form posts.</summary>
public sealed record ConsentPage(Uri AuthorizeUrl, string RequestId);
