using System.Net;
using System.Text.Json;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using ZeegWebex.Application.Abstractions;
using ZeegWebex.Application.Connections.RotateTokenKeys;
using ZeegWebex.Application.Connections.Tokens;
using ZeegWebex.Domain.Connections;
using ZeegWebex.Infrastructure.Security;
using ZeegWebex.IntegrationTests.Support;
using ZeegWebex.WebexSimulator;

namespace ZeegWebex.IntegrationTests.Connections;

public sealed class RotateTokenKeysTests : IAsyncLifetime
{
    private static readonly string[] Users = ["rotate-1", "rotate-2", "rotate-3"];

    private readonly string _k1 = TokenKeyRing.GenerateKey();
    private readonly string _k2 = TokenKeyRing.GenerateKey();
    private readonly string _dataFolder = Directory.CreateTempSubdirectory("zeegwebex-rotation-").FullName;
    private RunningWebexSimulator _simulator = null!;

    public async Task InitializeAsync()
    {
        _simulator = await WebexSimulatorApp.StartAsync(configure: o =>
        {
            o.ClientId = ZeegWebexHost.ClientId;
            o.ClientSecret = ZeegWebexHost.ClientSecret;
        });

        await using var before = await StartAsync(("k1", _k1));
        foreach (var user in Users)
            (await BrowserConsent.ConnectAsync(before, user, $"{user}@example.com")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await ReadSealsAsync(before)).Should().OnlyContain(seal => seal.KeyId == "k1", "the first host seals with k1");
    }

    public async Task DisposeAsync() => await _simulator.DisposeAsync();

    [Fact]
    public async Task Reencryption_moves_every_stored_token_to_the_current_key_and_the_old_key_can_then_go()
    {
        await using (var rotated = await StartAsync(("k1", _k1), ("k2", _k2)))
        {
            var result = await RotateAsync(rotated);

            result.Should().Be(new RotateTokenKeysResult(Reencrypted: Users.Length, Failed: 0));
            var onlyK2 = new TokenKeyRing(new TokenEncryptionOptions { CurrentKeyId = "k2", Keys = new() { ["k2"] = _k2 } });
            var issued = _simulator.State.IssuedSecrets();
            var seals = await ReadSealsAsync(rotated);
            seals.Should().HaveCount(Users.Length * 2);
            foreach (var seal in seals)
            {
                seal.KeyId.Should().Be("k2");
                seal.ColumnKeyId.Should().Be("k2", "the sweep for the old key finds rows by this column");
                issued.Should().Contain(onlyK2.Unprotect(seal.Token), "it is still the token Webex issued, now sealed with k2 alone");
            }

            (await RotateAsync(rotated)).Should().Be(new RotateTokenKeysResult(0, 0), "nothing is left under k1");
        }

        // k1 removed from the ring: the connections still work, because nothing needs it any more.
        await using var withoutK1 = await StartAsync(("k2", _k2));
        foreach (var user in Users)
        {
            var connection = await withoutK1.Client.GetAsync($"/api/users/{user}/webex/connection");
            connection.StatusCode.Should().Be(HttpStatusCode.OK);
            (await connection.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString().Should().Be("Active");
        }
        (await withoutK1.ScheduleAsync("evt-after-rotation", Users[0])).StatusCode.Should().Be(HttpStatusCode.Accepted);
        await withoutK1.WaitForMeetingAsync("evt-after-rotation", "Created");
        _simulator.State.Meetings.Should().ContainSingle().Which.HostEmail.Should().Be($"{Users[0]}@example.com");
    }

    [Fact]
    public async Task Tokens_whose_key_is_gone_are_left_behind_and_counted_without_stopping_the_others()
    {
        var k3 = TokenKeyRing.GenerateKey();
        await using (var sealedWithK3 = await StartAsync(("k3", k3)))
        {
            (await BrowserConsent.ConnectAsync(sealedWithK3, "orphaned", "orphaned@example.com")).StatusCode.Should().Be(HttpStatusCode.OK);
        }

        // k3 was lost: the ring can open k1 (the other users) but not the orphaned user's tokens.
        await using var rotated = await StartAsync(("k1", _k1), ("k2", _k2));
        var result = await RotateAsync(rotated);

        result.Should().Be(new RotateTokenKeysResult(Reencrypted: Users.Length, Failed: 1));
        var seals = await ReadSealsAsync(rotated);
        seals.Where(s => s.ZeegUserId != "orphaned").Should().OnlyContain(s => s.KeyId == "k2");
        seals.Where(s => s.ZeegUserId == "orphaned").Should().OnlyContain(s => s.KeyId == "k3", "nothing could open them");
        rotated.Logs.Lines.Should().Contain(line => line.StartsWith("Error") && line.Contains("cannot be opened"));
    }

    [Fact]
    public async Task A_refresh_in_flight_during_reencryption_keeps_its_new_tokens()
    {
        await using var rotated = await StartAsync(("k1", _k1), ("k2", _k2));
        var connectionId = (await rotated.Services.GetRequiredService<IConnectionRepository>()
            .FindByZeegUserAsync(Users[0], CancellationToken.None))!.Id;
        _simulator.State.AddFault(new SimFault(SimOperations.TokenRefresh, SimFaultKind.Latency, DelayMs: 500));
        using var scope = rotated.Services.CreateScope();

        var refresh = scope.ServiceProvider.GetRequiredService<ConnectionRefresher>()
            .GetAccessTokenAsync(connectionId, TimeSpan.Zero, force: true, CancellationToken.None);
        await Eventually.WaitForAsync(
            () => Task.FromResult(_simulator.State.CallCount(SimOperations.TokenRefresh)), calls => calls == 1,
            because: "the refresh is waiting on Webex");
        var result = await RotateAsync(rotated);
        var accessToken = await refresh;

        result.Should().Be(new RotateTokenKeysResult(Reencrypted: Users.Length - 1, Failed: 0),
            "the refreshed connection came back sealed with the current key and needed nothing more");
        var seals = await ReadSealsAsync(rotated);
        seals.Should().OnlyContain(s => s.KeyId == "k2");
        rotated.Services.GetRequiredService<ITokenProtector>().Unprotect(seals.Single(s => s.ZeegUserId == Users[0] && s.Column == "access_token").Token)
            .Should().Be(accessToken, "the refresh's new access token is the one stored");
    }

    [Fact]
    public async Task Reencryption_moves_meeting_join_secrets_to_the_current_key_and_they_still_show_once_the_old_key_is_gone()
    {
        await using (var before = await StartAsync(("k1", _k1)))
        {
            (await before.ScheduleAsync("evt-sealed-k1", Users[1])).StatusCode.Should().Be(HttpStatusCode.Accepted);
            await before.WaitForMeetingAsync("evt-sealed-k1", "Created");
        }
        (await ReadMeetingSealKeysAsync()).Should().Equal("k1");

        await using (var rotated = await StartAsync(("k1", _k1), ("k2", _k2)))
        {
            var result = await RotateAsync(rotated);

            result.Should().Be(new RotateTokenKeysResult(Reencrypted: Users.Length, Failed: 0, MeetingsResealed: 1, MeetingsFailed: 0));
            (await RotateAsync(rotated)).Should().Be(new RotateTokenKeysResult(0, 0, 0, 0), "nothing is left under k1");
        }
        (await ReadMeetingSealKeysAsync()).Should().Equal("k2");

        await using var withoutK1 = await StartAsync(("k2", _k2));
        var simulated = _simulator.State.Meetings.Should().ContainSingle().Subject;
        var location = (await withoutK1.GetMeetingAsync("evt-sealed-k1")).GetProperty("location");
        location.GetProperty("password").GetString().Should().Be(simulated.Password);
        location.GetProperty("phoneAndVideoSystemPassword").GetString().Should().Be(simulated.PhoneAndVideoSystemPassword);
        var host = await withoutK1.Client.GetFromJsonAsync<JsonElement>("/api/events/evt-sealed-k1/meeting/host");
        host.GetProperty("hostKey").GetString().Should().Be(simulated.HostKey);
    }

    [Fact]
    public async Task Meetings_whose_key_is_gone_are_left_behind_and_counted_without_stopping_the_others()
    {
        var k3 = TokenKeyRing.GenerateKey();
        await using (var sealedWithK3 = await StartAsync(("k3", k3)))
        {
            (await BrowserConsent.ConnectAsync(sealedWithK3, "orphaned", "orphaned@example.com")).StatusCode.Should().Be(HttpStatusCode.OK);
            (await sealedWithK3.ScheduleAsync("evt-orphaned", "orphaned")).StatusCode.Should().Be(HttpStatusCode.Accepted);
            await sealedWithK3.WaitForMeetingAsync("evt-orphaned", "Created");
        }
        await using (var sealedWithK1 = await StartAsync(("k1", _k1)))
        {
            (await sealedWithK1.ScheduleAsync("evt-k1", Users[0])).StatusCode.Should().Be(HttpStatusCode.Accepted);
            await sealedWithK1.WaitForMeetingAsync("evt-k1", "Created");
        }

        // k3 was lost: the ring opens k1 but not the orphaned user's tokens and meeting.
        await using var rotated = await StartAsync(("k1", _k1), ("k2", _k2));
        var result = await RotateAsync(rotated);

        result.Should().Be(new RotateTokenKeysResult(Reencrypted: Users.Length, Failed: 1, MeetingsResealed: 1, MeetingsFailed: 1));
        (await ReadMeetingSealKeysAsync()).Should().BeEquivalentTo(["k2", "k3"]);
        rotated.Logs.Lines.Should().Contain(line => line.StartsWith("Error") && line.Contains("join secrets of meeting"));
        (await rotated.GetMeetingAsync("evt-k1")).GetProperty("location").GetProperty("password").GetString()
            .Should().Be(_simulator.State.Meetings.Single(m => m.HostEmail == $"{Users[0]}@example.com").Password);
    }

    /// <summary>The key each stored meeting's join secrets are sealed with, as the blob itself names it.</summary>
    private async Task<IReadOnlyList<string>> ReadMeetingSealKeysAsync()
    {
        var rows = await StoredRows.QueryFileAsync(
            Path.Combine(_dataFolder, "zeegwebex.db"),
            "SELECT join_secrets, join_secrets_key_id, password, host_key FROM webex_meetings",
            reader => (Sealed: (byte[])reader[0], KeyId: reader.GetString(1), PasswordIsNull: reader.IsDBNull(2), HostKeyIsNull: reader.IsDBNull(3)));
        foreach (var row in rows)
        {
            row.PasswordIsNull.Should().BeTrue("no plaintext password is stored");
            row.HostKeyIsNull.Should().BeTrue("no plaintext host key is stored");
            row.KeyId.Should().Be(EncryptedToken.FromBytes(row.Sealed).KeyId, "the rotation job finds rows by this column");
        }
        return rows.Select(r => r.KeyId).ToList();
    }

    private Task<ZeegWebexHost> StartAsync(params (string Id, string Key)[] keys)
    {
        var settings = new Dictionary<string, string?>
        {
            ["TokenEncryption:CurrentKeyId"] = keys[^1].Id,
            ["Jobs:TokenRefreshCron"] = SeededConnections.NeverCron,
        };
        foreach (var (id, key) in keys) settings[$"TokenEncryption:Keys:{id}"] = key;
        return ZeegWebexHost.StartAsync(settings, _simulator, _dataFolder);
    }

    private static async Task<RotateTokenKeysResult> RotateAsync(ZeegWebexHost host)
    {
        using var scope = host.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new RotateTokenKeysCommand(BatchSize: 2));
    }

    /// <summary>Every token blob exactly as SQLite holds it, with the key id the blob itself names.</summary>
    private static async Task<IReadOnlyList<Seal>> ReadSealsAsync(ZeegWebexHost host)
    {
        var rows = await host.QueryAsync(
            "SELECT zeeg_user_id, access_token, refresh_token, token_key_id FROM webex_connections",
            row => (User: row.GetString(0), Access: (byte[])row["access_token"], Refresh: (byte[])row["refresh_token"], KeyId: row.GetString(3)));
        return [.. rows.SelectMany(r => new[] { ("access_token", r.Access), ("refresh_token", r.Refresh) }.Select(column =>
        {
            var token = EncryptedToken.FromBytes(column.Item2);
            return new Seal(r.User, column.Item1, token.KeyId, r.KeyId, token);
        }))];
    }

    private sealed record Seal(string ZeegUserId, string Column, string KeyId, string ColumnKeyId, EncryptedToken Token);
}
