using ZeegWebex.Application.Connections;

namespace ZeegWebex.UnitTests.Application.Connections;

public sealed class ReturnUrlsTests
{
    private static readonly string[] Allowed = ["https://app.zeeg.test/"];

    [Theory]
    [InlineData("https://app.zeeg.test/settings", "https://app.zeeg.test/settings")]
    [InlineData("HTTPS://APP.ZEEG.TEST/settings?x=1#top", "https://app.zeeg.test/settings?x=1#top")]
    [InlineData("https://app.zeeg.test/a/../settings", "https://app.zeeg.test/settings")]
    [InlineData("https://app.zeeg.test/%C3%BCberblick", "https://app.zeeg.test/%C3%BCberblick")]
    public void Allowed_urls_come_back_normalised(string url, string expected) =>
        ReturnUrls.Normalise(url, Allowed).Should().Be(expected);

    [Theory]
    [InlineData("https://app.zeeg.test/überblick")]
    [InlineData("https://app.zeeg.test/a b")]
    [InlineData("https://app.zeeg.test/\r\nSet-Cookie:x=1")]
    [InlineData("https://app.zeeg.test.evil.example/")]
    [InlineData("https://app.zeeg.test@evil.example/")]
    [InlineData("https://user:pw@app.zeeg.test/")]
    [InlineData("javascript:alert(1)")]
    [InlineData("/settings")]
    [InlineData("")]
    public void Anything_else_is_refused(string url) =>
        ReturnUrls.Normalise(url, Allowed).Should().BeNull();

    [Fact]
    public void Nothing_is_allowed_without_a_configured_prefix() =>
        ReturnUrls.Normalise("https://app.zeeg.test/settings", []).Should().BeNull();
}
