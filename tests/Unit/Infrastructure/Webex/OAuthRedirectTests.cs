using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using ZeegWebex.Infrastructure.Webex;

namespace ZeegWebex.UnitTests.Infrastructure.Webex;

public sealed class OAuthRedirectTests
{
    [Theory]
    [InlineData("https://connect.zeeg.test/webex/oauth/callback")]
    [InlineData("http://127.0.0.1:5080/webex/oauth/callback")]
    public void A_configured_port_is_used_as_configured_whatever_the_server_bound(string configured)
    {
        OAuthRedirect.Resolve(new Uri(configured), Server("http://127.0.0.1:41234")).AbsoluteUri.Should().Be(configured);
    }

    [Fact]
    public void Port_zero_follows_the_port_the_server_bound()
    {
        OAuthRedirect.Resolve(new Uri("http://127.0.0.1:0/webex/oauth/callback"), Server("http://127.0.0.1:41234"))
            .AbsoluteUri.Should().Be("http://127.0.0.1:41234/webex/oauth/callback");
    }

    [Fact]
    public void Port_zero_before_the_server_bound_is_refused_rather_than_sent_to_Webex()
    {
        var resolve = () => OAuthRedirect.Resolve(new Uri("http://127.0.0.1:0/webex/oauth/callback"), Server("http://127.0.0.1:0"));

        resolve.Should().Throw<InvalidOperationException>();
    }

    private static IServer Server(string address)
    {
        var addresses = new ServerAddressesFeature();
        addresses.Addresses.Add(address);
        var features = new FeatureCollection();
        features.Set<IServerAddressesFeature>(addresses);
        return new StubServer(features);
    }

    private sealed class ServerAddressesFeature : IServerAddressesFeature
    {
        public ICollection<string> Addresses { get; } = [];
        public bool PreferHostingUrls { get; set; }
    }

    private sealed class StubServer(IFeatureCollection features) : IServer
    {
        public IFeatureCollection Features { get; } = features;
        public Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken) where TContext : notnull => Task.CompletedTask;
        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public void Dispose() { }
    }
}
