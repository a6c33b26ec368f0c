using System.Net;
using System.Reflection;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ZeegWebex.Application.Abstractions;
using ZeegWebex.IntegrationTests.Support;

namespace ZeegWebex.IntegrationTests.Operations;

/// <summary>A failure nobody planned for: the caller learns nothing about it, the operator's log has all of it.</summary>
public sealed class UnexpectedFailureTests : IAsyncLifetime
{
    private const string Marker = "connection store exploded (test marker)";
    private ZeegWebexHost _host = null!;

    public async Task InitializeAsync() => _host = await ZeegWebexHost.StartAsync(
        services: s => s.Decorate<IConnectionRepository>(_ => ExplodingProxy.Create()));

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task An_unexpected_exception_is_a_bare_500_and_is_logged_with_its_exception()
    {
        var response = await _host.Client.GetAsync("/api/users/any-user/webex/connection");

        response.StatusCode.Should().Be(HttpStatusCode.InternalServerError);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var body = await response.Content.ReadAsStringAsync();
        body.Should().NotContain(Marker);
        JsonDocument.Parse(body).RootElement.GetProperty("title").GetString().Should().Be("Something went wrong on our side");
        _host.Logs.Lines.Should().Contain(l => l.StartsWith("Error") && l.Contains(Marker));
    }

    [Fact]
    public async Task An_expected_not_found_is_not_logged_as_an_error()
    {
        await using var host = await ZeegWebexHost.StartAsync();

        var response = await host.Client.GetAsync("/api/users/nobody/webex/connection");

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        host.Logs.Lines.Should().NotContain(l => l.StartsWith("Error"));
    }

    public class ExplodingProxy : DispatchProxy
    {
        public static IConnectionRepository Create() => Create<IConnectionRepository, ExplodingProxy>();

        protected override object Invoke(MethodInfo? targetMethod, object?[]? args) => throw new InvalidOperationException(Marker);
    }
}
