using System.Security.Cryptography;
using Dapper;
using ZeegWebex.Application.Abstractions;
using ZeegWebex.Application.Users.EraseUserData;
using ZeegWebex.Infrastructure.Security;
using ZeegWebex.Domain.Connections;
using ZeegWebex.Domain.Meetings;
using ZeegWebex.Infrastructure.Persistence;
using Xunit.Abstractions;

namespace ZeegWebex.IntegrationTests.Persistence;

/// <summary>
/// What every engine must do for the repositories. Each engine gets a subclass with its fixture; the tests are
/// written once so SQLite (development default) and SQL Server (production) cannot drift apart.
/// </summary>
public abstract class RepositoryContractTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly string OldKey = TokenKeyRing.GenerateKey();
    private static readonly string NewKey = TokenKeyRing.GenerateKey();
    private static readonly TokenKeyRing KeyRing = Ring(("meeting-key-1", OldKey));
    private readonly DatabaseFixture _database;

    protected RepositoryContractTests(DatabaseFixture database, ITestOutputHelper output)
    {
        _database = database;
        if (database.SkipReason is not null) output.WriteLine(database.SkipReason);
    }

    private ConnectionRepository Connections => new(_database.Connections, _database.Dialect);
    private PendingAuthorizationRepository Authorizations => new(_database.Connections, _database.Dialect);
    private ConnectionAuditLog AuditLog => new(_database.Connections);
    private MeetingRepository Meetings => new(_database.Connections, _database.Dialect, KeyRing);
    private UserDataEraser Eraser => new(_database.Connections);
    private OutcomeNoticeRepository Notices => new(_database.Connections, _database.Dialect, KeyRing);
    private DapperUnitOfWork UnitOfWork => new(_database.Connections);

    public Task InitializeAsync() => _database.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private void RequireDatabase() => Skip.If(_database.SkipReason is not null, _database.SkipReason);

    [SkippableFact]
    public async Task Connection_round_trips_with_its_encrypted_tokens_byte_for_byte()
    {
        RequireDatabase();
        var connection = NewConnection("zeeg-user-1", Now.AddHours(1), Now.AddDays(60), keyId: "key-2030");

        await Connections.AddAsync(connection, default);
        var byId = await Connections.FindAsync(connection.Id, default);
        var byUser = await Connections.FindByZeegUserAsync("zeeg-user-1", default);

        foreach (var loaded in new[] { byId, byUser })
        {
            loaded.Should().NotBeNull();
            loaded!.Id.Should().Be(connection.Id);
            loaded.ZeegUserId.Should().Be("zeeg-user-1");
            loaded.Account.Should().Be(connection.Account);
            loaded.Status.Should().Be(ConnectionStatus.Active);
            loaded.Scopes.Should().BeEquivalentTo(WebexScopes.Required);
            loaded.AccessToken!.ToBytes().Should().Equal(connection.AccessToken!.ToBytes());
            loaded.RefreshToken!.ToBytes().Should().Equal(connection.RefreshToken!.ToBytes());
            loaded.AccessToken.Should().Be(connection.AccessToken);
            loaded.AccessTokenExpiresAt.Should().Be(connection.AccessTokenExpiresAt);
            loaded.RefreshTokenExpiresAt.Should().Be(connection.RefreshTokenExpiresAt);
            loaded.Version.Should().Be(1);
            loaded.CreatedAt.Should().Be(Now);
            loaded.UpdatedAt.Should().Be(Now);
            loaded.StatusReason.Should().BeNull();
        }

        (await Connections.FindAsync(Guid.NewGuid(), default)).Should().BeNull();
        (await Connections.FindByZeegUserAsync("nobody", default)).Should().BeNull();
    }

    [SkippableFact]
    public async Task Connection_without_tokens_round_trips_with_its_reason()
    {
        RequireDatabase();
        var connection = NewConnection("zeeg-user-2", Now.AddHours(1), Now.AddDays(60));
        await Connections.AddAsync(connection, default);
        connection.RequireReauthorization("invalid_grant", Now.AddMinutes(5));

        (await Connections.UpdateAsync(connection, expectedVersion: 1, default)).Should().BeTrue();
        var loaded = await Connections.FindAsync(connection.Id, default);

        loaded!.Status.Should().Be(ConnectionStatus.ReauthorizationRequired);
        loaded.StatusReason.Should().Be("invalid_grant");
        loaded.AccessToken.Should().BeNull();
        loaded.RefreshToken.Should().BeNull();
        loaded.AccessTokenExpiresAt.Should().BeNull();
        loaded.Version.Should().Be(2);
        loaded.UpdatedAt.Should().Be(Now.AddMinutes(5));
    }

    [SkippableFact]
    public async Task Second_connection_for_the_same_zeeg_user_is_a_duplicate_key()
    {
        RequireDatabase();
        await Connections.AddAsync(NewConnection("zeeg-user-dup", Now.AddHours(1), Now.AddDays(60)), default);

        var second = () => Connections.AddAsync(NewConnection("zeeg-user-dup", Now.AddHours(1), Now.AddDays(60)), default);

        await second.Should().ThrowAsync<DuplicateKeyException>();
    }

    [SkippableFact]
    public async Task Optimistic_update_lets_the_first_writer_win_and_the_stale_writer_gets_false()
    {
        RequireDatabase();
        var original = NewConnection("zeeg-user-race", Now.AddHours(1), Now.AddDays(60));
        await Connections.AddAsync(original, default);
        var first = (await Connections.FindAsync(original.Id, default))!;
        var stale = (await Connections.FindAsync(original.Id, default))!;

        var firstGrant = Grant("key-a", Now.AddHours(2), Now.AddDays(61));
        first.Refresh(firstGrant, Now.AddMinutes(1));
        stale.Refresh(Grant("key-a", Now.AddHours(3), Now.AddDays(62)), Now.AddMinutes(2));

        (await Connections.UpdateAsync(first, expectedVersion: 1, default)).Should().BeTrue();
        (await Connections.UpdateAsync(stale, expectedVersion: 1, default)).Should().BeFalse();

        var stored = (await Connections.FindAsync(original.Id, default))!;
        stored.Version.Should().Be(2);
        stored.AccessToken!.ToBytes().Should().Equal(firstGrant.AccessToken.ToBytes());
        stored.AccessTokenExpiresAt.Should().Be(Now.AddHours(2));
        stored.UpdatedAt.Should().Be(Now.AddMinutes(1));
    }

    [SkippableFact]
    public async Task Due_for_refresh_returns_exactly_the_due_active_connections_in_id_order_batches()
    {
        RequireDatabase();
        var accessBefore = Now.AddMinutes(10);
        var refreshBefore = Now.AddDays(7);
        // The sweep runs a day after every connection below was made, except the one refreshed since.
        var sweepAt = Now.AddDays(1);
        var refreshedBefore = sweepAt - WebexConnection.MinimumRefreshInterval;
        var due = new RefreshDueCutoffs(accessBefore, refreshBefore, refreshedBefore);
        var accessDue = NewConnection("access-due", Now.AddMinutes(2), Now.AddDays(60));
        var refreshDue = NewConnection("refresh-due", Now.AddHours(2), Now.AddDays(3));
        var bothDue = NewConnection("both-due", Now.AddMinutes(1), Now.AddDays(5));
        // Same instants written with other offsets: only UTC-normalised storage compares these correctly.
        var dueInPlusTwo = NewConnection("due-plus-two", Now.AddMinutes(5).ToOffset(TimeSpan.FromHours(2)), Now.AddDays(60));
        var notDueInMinusFive = NewConnection("not-due-minus-five", Now.AddMinutes(30).ToOffset(TimeSpan.FromHours(-5)), Now.AddDays(60));
        var notDue = NewConnection("not-due", Now.AddHours(2), Now.AddDays(60));
        var atTheBoundary = NewConnection("boundary", accessBefore, refreshBefore);
        var disconnected = NewConnection("disconnected", Now.AddMinutes(1), Now.AddDays(1));
        var reauthorize = NewConnection("reauthorize", Now.AddMinutes(1), Now.AddDays(1));
        var refreshedToday = NewConnection("refreshed-today", Now.AddMinutes(1), Now.AddDays(1));
        foreach (var c in new[] { accessDue, refreshDue, bothDue, dueInPlusTwo, notDueInMinusFive, notDue, atTheBoundary, disconnected, reauthorize, refreshedToday })
            await Connections.AddAsync(c, default);
        disconnected.Disconnect(Now);
        await Connections.UpdateAsync(disconnected, 1, default);
        reauthorize.RequireReauthorization("invalid_grant", Now);
        await Connections.UpdateAsync(reauthorize, 1, default);
        // Refreshed an hour before the sweep, yet Webex handed back the same short-lived values: not again today.
        refreshedToday.Refresh(Grant("key-2030", Now.AddMinutes(1), Now.AddDays(1)), sweepAt.AddHours(-1));
        await Connections.UpdateAsync(refreshedToday, 1, default);

        var seen = new List<Guid>();
        Guid? after = null;
        var batches = 0;
        while (true)
        {
            var batch = await Connections.FindDueForRefreshAsync(due, after, batchSize: 2, default);
            if (batch.Count == 0) break;
            batch.Count.Should().BeLessThanOrEqualTo(2);
            batches++;
            seen.AddRange(batch);
            after = batch[^1];
            batches.Should().BeLessThan(10, "keyset paging must make progress");
        }

        seen.Should().BeEquivalentTo([accessDue.Id, refreshDue.Id, bothDue.Id, dueInPlusTwo.Id]);
        seen.Should().OnlyHaveUniqueItems();
        batches.Should().Be(2);
        var all = await Connections.FindDueForRefreshAsync(due, null, 100, default);
        all.Should().Equal(seen, "the engine's id order is the paging order");

        // The domain rule and the query agree on every row, boundaries included.
        foreach (var c in new[] { accessDue, refreshDue, bothDue, dueInPlusTwo, notDueInMinusFive, notDue, atTheBoundary, disconnected, reauthorize, refreshedToday })
        {
            var loaded = (await Connections.FindAsync(c.Id, default))!;
            loaded.IsDueForRefresh(sweepAt, accessBefore - sweepAt, refreshBefore - sweepAt)
                .Should().Be(seen.Contains(c.Id), $"{c.ZeegUserId}: WebexConnection.IsDueForRefresh and the query must agree");
        }
    }

    [SkippableFact]
    public async Task Tokens_refreshed_at_and_reconnect_notice_round_trip()
    {
        RequireDatabase();
        var connection = NewConnection("notice-user", Now.AddDays(14), Now.AddDays(10));
        await Connections.AddAsync(connection, default);
        connection.Refresh(Grant("key-2030", Now.AddDays(15), Now.AddDays(9)), Now.AddDays(1));
        connection.TakeReconnectSoonNotice(Now.AddDays(1)).Should().BeTrue();

        (await Connections.UpdateAsync(connection, 1, default)).Should().BeTrue();
        var loaded = (await Connections.FindAsync(connection.Id, default))!;

        loaded.TokensRefreshedAt.Should().Be(Now.AddDays(1));
        loaded.ReconnectSoonNoticeAt.Should().Be(Now.AddDays(1));
        loaded.TakeReconnectSoonNotice(Now.AddDays(2)).Should().BeFalse("Zeeg was told already");
    }

    [SkippableFact]
    public async Task Refresh_lease_goes_to_one_claimer_until_released_or_expired()
    {
        RequireDatabase();
        var connection = NewConnection("lease-user", Now.AddHours(1), Now.AddDays(60));
        await Connections.AddAsync(connection, default);
        Guid first = Guid.NewGuid(), second = Guid.NewGuid(), third = Guid.NewGuid();

        (await Connections.TryClaimRefreshLeaseAsync(connection.Id, first, Now, Now.AddMinutes(2), default)).Should().BeTrue();
        (await Connections.TryClaimRefreshLeaseAsync(connection.Id, second, Now.AddMinutes(1), Now.AddMinutes(3), default)).Should().BeFalse("the first holds it");
        await Connections.ReleaseRefreshLeaseAsync(connection.Id, second, default);
        (await Connections.TryClaimRefreshLeaseAsync(connection.Id, third, Now.AddMinutes(1), Now.AddMinutes(3), default))
            .Should().BeFalse("releasing someone else's lease does nothing");

        await Connections.ReleaseRefreshLeaseAsync(connection.Id, first, default);
        (await Connections.TryClaimRefreshLeaseAsync(connection.Id, second, Now.AddMinutes(1), Now.AddMinutes(3), default)).Should().BeTrue("released");
        (await Connections.TryClaimRefreshLeaseAsync(connection.Id, third, Now.AddMinutes(3), Now.AddMinutes(5), default)).Should().BeTrue("expired");
        (await Connections.TryClaimRefreshLeaseAsync(Guid.NewGuid(), first, Now, Now.AddMinutes(2), default)).Should().BeFalse("no such row");

        var stored = (await Connections.FindAsync(connection.Id, default))!;
        stored.Version.Should().Be(1, "the lease is not a change of the connection");
    }

    [SkippableFact]
    public async Task Concurrent_lease_claims_have_exactly_one_winner()
    {
        RequireDatabase();
        var connection = NewConnection("lease-race", Now.AddHours(1), Now.AddDays(60));
        await Connections.AddAsync(connection, default);

        var claims = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            Task.Run(() => Connections.TryClaimRefreshLeaseAsync(connection.Id, Guid.NewGuid(), Now, Now.AddMinutes(2), default))));

        claims.Count(won => won).Should().Be(1);
    }

    [SkippableFact]
    public async Task Sealed_with_other_key_finds_only_active_rows_under_a_retired_key()
    {
        RequireDatabase();
        var old1 = NewConnection("old-1", Now.AddHours(1), Now.AddDays(60), keyId: "key-2029");
        var old2 = NewConnection("old-2", Now.AddHours(1), Now.AddDays(60), keyId: "key-2029");
        var current = NewConnection("current", Now.AddHours(1), Now.AddDays(60), keyId: "key-2030");
        var gone = NewConnection("gone", Now.AddHours(1), Now.AddDays(60), keyId: "key-2029");
        foreach (var c in new[] { old1, old2, current, gone }) await Connections.AddAsync(c, default);
        gone.Disconnect(Now);
        await Connections.UpdateAsync(gone, 1, default);

        (await Connections.FindSealedWithOtherKeyAsync("key-2030", 10, default)).Should().BeEquivalentTo([old1.Id, old2.Id]);
        (await Connections.FindSealedWithOtherKeyAsync("key-2030", 1, default)).Should().HaveCount(1);

        old1.ReplaceSealedTokens(Token("key-2030"), Token("key-2030"), Now);
        await Connections.UpdateAsync(old1, 1, default);
        (await Connections.FindSealedWithOtherKeyAsync("key-2030", 10, default)).Should().Equal(old2.Id);
    }

    [SkippableFact]
    public async Task Pending_authorization_is_consumed_exactly_once_and_only_with_its_binding_before_it_expires()
    {
        RequireDatabase();
        var authorization = new PendingAuthorization(
            Guid.NewGuid(), "state-hash-1", "zeeg-user-1", Token("key-2030"), "https://zeeg.example/back", Now, Now.AddMinutes(10),
            BindingHash: "binding-1");
        await Authorizations.AddAsync(authorization, default);

        (await Authorizations.TryConsumeAsync("state-hash-1", "binding-other", Now.AddMinutes(1), default)).Should().BeNull();
        (await Authorizations.TryConsumeAsync("state-hash-1", "binding-1", Now.AddMinutes(10), default)).Should().BeNull("it expired");
        var first = await Authorizations.TryConsumeAsync("state-hash-1", "binding-1", Now.AddMinutes(1), default);
        var replay = await Authorizations.TryConsumeAsync("state-hash-1", "binding-1", Now.AddMinutes(2), default);

        first.Should().NotBeNull();
        first!.Id.Should().Be(authorization.Id);
        first.ZeegUserId.Should().Be("zeeg-user-1");
        first.ReturnUrl.Should().Be("https://zeeg.example/back");
        first.CreatedAt.Should().Be(Now);
        first.ExpiresAt.Should().Be(Now.AddMinutes(10));
        first.BindingHash.Should().Be("binding-1");
        first.ConsumedAt.Should().Be(Now.AddMinutes(1));
        first.CodeVerifier.ToBytes().Should().Equal(authorization.CodeVerifier.ToBytes());
        replay.Should().BeNull();
        (await Authorizations.TryConsumeAsync("unknown-state", "binding-1", Now, default)).Should().BeNull();
        (await Authorizations.FindByStateHashAsync("state-hash-1", default))!.ConsumedAt.Should().Be(Now.AddMinutes(1));
        (await Authorizations.FindByStateHashAsync("unknown-state", default)).Should().BeNull();
    }

    [SkippableFact]
    public async Task Start_link_opens_once_in_time_binding_the_browser_and_replacing_the_state()
    {
        RequireDatabase();
        await Authorizations.AddAsync(new PendingAuthorization(
            Guid.NewGuid(), "placeholder-state", "zeeg-user-1", Token("k"), null, Now, Now.AddMinutes(10),
            StartHash: "start-1", StartExpiresAt: Now.AddMinutes(5)), default);
        await Authorizations.AddAsync(new PendingAuthorization(
            Guid.NewGuid(), "placeholder-late", "zeeg-user-1", Token("k"), null, Now, Now.AddMinutes(10),
            StartHash: "start-late", StartExpiresAt: Now.AddMinutes(5)), default);

        (await Authorizations.TryOpenAsync("start-late", "state-late", "binding-late", Now.AddMinutes(5), default)).Should().BeNull("the link expired");
        var opened = await Authorizations.TryOpenAsync("start-1", "state-1", "binding-1", Now.AddMinutes(1), default);
        var again = await Authorizations.TryOpenAsync("start-1", "state-2", "binding-2", Now.AddMinutes(2), default);

        opened.Should().NotBeNull();
        opened!.StateHash.Should().Be("state-1");
        opened.BindingHash.Should().Be("binding-1");
        opened.OpenedAt.Should().Be(Now.AddMinutes(1));
        opened.StartExpiresAt.Should().Be(Now.AddMinutes(5));
        again.Should().BeNull();
        (await Authorizations.TryConsumeAsync("placeholder-state", "binding-1", Now.AddMinutes(2), default)).Should().BeNull("the placeholder state is gone");
        (await Authorizations.TryConsumeAsync("state-2", "binding-2", Now.AddMinutes(2), default)).Should().BeNull();
        (await Authorizations.TryConsumeAsync("state-1", "binding-1", Now.AddMinutes(2), default)).Should().NotBeNull();
        (await Authorizations.FindByStartHashAsync("start-late", default))!.OpenedAt.Should().BeNull();
        (await Authorizations.TryOpenAsync("unknown-start", "s", "b", Now, default)).Should().BeNull();
    }

    [SkippableFact]
    public async Task Latest_authorization_of_a_user_is_the_most_recently_started()
    {
        RequireDatabase();
        await Authorizations.AddAsync(new PendingAuthorization(Guid.NewGuid(), "s-old", "zeeg-user-1", Token("k"), null, Now, Now.AddMinutes(10)), default);
        await Authorizations.AddAsync(new PendingAuthorization(Guid.NewGuid(), "s-new", "zeeg-user-1", Token("k"), null, Now.AddMinutes(1), Now.AddMinutes(11)), default);
        await Authorizations.AddAsync(new PendingAuthorization(Guid.NewGuid(), "s-other", "zeeg-user-2", Token("k"), null, Now.AddMinutes(2), Now.AddMinutes(12)), default);

        (await Authorizations.FindLatestForZeegUserAsync("zeeg-user-1", default))!.StateHash.Should().Be("s-new");
        (await Authorizations.FindLatestForZeegUserAsync("zeeg-user-3", default)).Should().BeNull();
    }

    [SkippableFact]
    public async Task Purge_deletes_expired_authorizations_oldest_first_and_at_most_a_batch()
    {
        RequireDatabase();
        for (var i = 1; i <= 3; i++)
            await Authorizations.AddAsync(new PendingAuthorization(Guid.NewGuid(), $"expired-{i}", "u", Token("k"), null, Now, Now.AddMinutes(i)), default);
        await Authorizations.AddAsync(new PendingAuthorization(Guid.NewGuid(), "live", "u", Token("k"), null, Now, Now.AddHours(1)), default);

        (await Authorizations.PurgeExpiredAsync(Now.AddMinutes(30), 2, default)).Should().Be(2);

        (await Authorizations.FindByStateHashAsync("expired-1", default)).Should().BeNull();
        (await Authorizations.FindByStateHashAsync("expired-2", default)).Should().BeNull();
        (await Authorizations.FindByStateHashAsync("expired-3", default)).Should().NotBeNull();
        (await Authorizations.PurgeExpiredAsync(Now.AddMinutes(30), 2, default)).Should().Be(1);
        (await Authorizations.PurgeExpiredAsync(Now.AddMinutes(30), 2, default)).Should().Be(0);
        (await Authorizations.FindByStateHashAsync("live", default)).Should().NotBeNull();
    }

    [SkippableFact]
    public async Task Concurrent_consumers_of_one_state_get_it_once()
    {
        RequireDatabase();
        await Authorizations.AddAsync(
            new PendingAuthorization(Guid.NewGuid(), "state-hash-race", "zeeg-user-1", Token("k"), null, Now, Now.AddMinutes(10), BindingHash: "b"), default);

        using var start = new ManualResetEventSlim();
        var consumers = Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
        {
            start.Wait();
            return await new PendingAuthorizationRepository(_database.Connections, _database.Dialect)
                .TryConsumeAsync("state-hash-race", "b", Now, default);
        })).ToArray();
        start.Set();
        var results = await Task.WhenAll(consumers);

        results.Count(r => r is not null).Should().Be(1);
    }

    [SkippableFact]
    public async Task Same_start_link_cannot_be_stored_twice()
    {
        RequireDatabase();
        await Authorizations.AddAsync(new PendingAuthorization(Guid.NewGuid(), "s1", "u", Token("k"), null, Now, Now.AddMinutes(10), StartHash: "same-start"), default);
        await Authorizations.AddAsync(new PendingAuthorization(Guid.NewGuid(), "s2", "u", Token("k"), null, Now, Now.AddMinutes(10)), default);
        await Authorizations.AddAsync(new PendingAuthorization(Guid.NewGuid(), "s3", "u", Token("k"), null, Now, Now.AddMinutes(10)), default);

        var again = () => Authorizations.AddAsync(new PendingAuthorization(Guid.NewGuid(), "s4", "u", Token("k"), null, Now, Now.AddMinutes(10), StartHash: "same-start"), default);

        await again.Should().ThrowAsync<DuplicateKeyException>();
    }

    [SkippableFact]
    public async Task Same_state_cannot_be_stored_twice()
    {
        RequireDatabase();
        await Authorizations.AddAsync(new PendingAuthorization(Guid.NewGuid(), "same", "u", Token("k"), null, Now, Now.AddMinutes(10)), default);

        var again = () => Authorizations.AddAsync(new PendingAuthorization(Guid.NewGuid(), "same", "u", Token("k"), null, Now, Now.AddMinutes(10)), default);

        await again.Should().ThrowAsync<DuplicateKeyException>();
    }

    [SkippableFact]
    public async Task Meeting_round_trips_with_its_schedule_location_and_dial_in_numbers()
    {
        RequireDatabase();
        var schedule = new MeetingSchedule(
            "Intro call", Now.AddDays(1), Now.AddDays(1).AddMinutes(30), "Europe/Berlin", "Agenda: hello",
            ["ann@example.com", "bob@example.com"]);
        var meeting = WebexMeeting.Request("zeeg-event-1", "zeeg-user-1", schedule, Now);
        await Meetings.AddAsync(meeting, default);

        var pending = (await Meetings.FindByZeegEventAsync("zeeg-event-1", default))!;
        pending.Status.Should().Be(MeetingStatus.Pending);
        pending.SyncPending.Should().BeTrue();
        pending.NextAttemptAt.Should().Be(Now);
        pending.Location.Should().BeNull();
        pending.Schedule.Should().BeEquivalentTo(schedule);

        var location = new MeetingLocation(
            "webex-meeting-1", "2550 123 4567", "https://example.webex.com/meet/1", "pw-123", "2550@example.webex.com", "112233",
            [new DialInNumber("Call-in toll number (US/Canada)", "+1-408-525-6800", "toll"), new DialInNumber("Free", "+1-800-000-0000", "tollFree")],
            PhoneAndVideoSystemPassword: "88776655", TelephonyAccessCode: "25501234567");
        meeting.MarkCreated(location, Now.AddSeconds(5));
        (await Meetings.UpdateAsync(meeting, expectedVersion: 1, default)).Should().BeTrue();

        var created = (await Meetings.FindAsync(meeting.Id, default))!;
        created.ZeegEventId.Should().Be("zeeg-event-1");
        created.ZeegUserId.Should().Be("zeeg-user-1");
        created.Status.Should().Be(MeetingStatus.Created);
        created.SyncPending.Should().BeFalse();
        created.NextAttemptAt.Should().BeNull();
        created.Location.Should().BeEquivalentTo(location);
        created.Location!.PhoneAndVideoSystemPassword.Should().Be("88776655");
        created.Location.TelephonyAccessCode.Should().Be("25501234567");
        created.Schedule.Should().BeEquivalentTo(schedule);
        (created.Schedule == schedule).Should().BeTrue("a schedule read back is the same value, invitees included");
        created.Version.Should().Be(2);
        created.CreatedAt.Should().Be(Now);
        created.UpdatedAt.Should().Be(Now.AddSeconds(5));
        (await Meetings.FindAsync(Guid.NewGuid(), default)).Should().BeNull();
    }

    [SkippableFact]
    public async Task Second_meeting_for_the_same_zeeg_event_is_a_duplicate_key()
    {
        RequireDatabase();
        await Meetings.AddAsync(NewMeeting("zeeg-event-dup", "u", Now, Now.AddDays(1)), default);

        var second = () => Meetings.AddAsync(NewMeeting("zeeg-event-dup", "u", Now, Now.AddDays(1)), default);

        await second.Should().ThrowAsync<DuplicateKeyException>();
    }

    [SkippableFact]
    public async Task Stale_meeting_update_writes_nothing()
    {
        RequireDatabase();
        var meeting = NewMeeting("zeeg-event-stale", "u", Now, Now.AddDays(1));
        await Meetings.AddAsync(meeting, default);
        var stale = (await Meetings.FindAsync(meeting.Id, default))!;
        meeting.BeginAttempt(leaseUntil: Now.AddMinutes(5), Now);
        meeting.RetryLater("timeout", Now.AddMinutes(1), Now);
        (await Meetings.UpdateAsync(meeting, 1, default)).Should().BeTrue();

        stale.Fail("gave up", Now);
        (await Meetings.UpdateAsync(stale, 1, default)).Should().BeFalse();

        var stored = (await Meetings.FindAsync(meeting.Id, default))!;
        stored.Status.Should().Be(MeetingStatus.Pending);
        stored.LastError.Should().Be("timeout");
        stored.Attempts.Should().Be(1);
        stored.NextAttemptAt.Should().Be(Now.AddMinutes(1));
        stored.Version.Should().Be(3);
    }

    [SkippableFact]
    public async Task Claim_stores_the_attempt_and_lease_only_at_the_expected_version_and_leaves_the_counter()
    {
        RequireDatabase();
        var meeting = NewMeeting("zeeg-event-claim", "u", Now, Now.AddDays(1));
        (await Meetings.TryAddAsync(meeting, 10, default)).Should().BeTrue();
        var rival = (await Meetings.FindAsync(meeting.Id, default))!;

        meeting.BeginAttempt(leaseUntil: Now.AddMinutes(2), Now.AddSeconds(1));
        (await Meetings.TryClaimAsync(meeting, 1, default)).Should().BeTrue();
        rival.BeginAttempt(leaseUntil: Now.AddMinutes(3), Now.AddSeconds(2));
        (await Meetings.TryClaimAsync(rival, 1, default)).Should().BeFalse("the first claim moved the version on");

        var stored = (await Meetings.FindAsync(meeting.Id, default))!;
        stored.Attempts.Should().Be(1);
        stored.NextAttemptAt.Should().Be(Now.AddMinutes(2));
        stored.UpdatedAt.Should().Be(Now.AddSeconds(1));
        stored.Version.Should().Be(2);
        stored.Schedule.Should().Be(meeting.Schedule);
        stored.Status.Should().Be(MeetingStatus.Pending);
        stored.SyncPending.Should().BeTrue();
        (await Meetings.ReadOutstandingCounterAsync(default)).Should().Be(1);
    }

    [SkippableFact]
    public async Task Due_meetings_are_the_sync_pending_ones_due_by_then_most_overdue_first()
    {
        RequireDatabase();
        var oldest = NewMeeting("e-oldest", "u", Now.AddMinutes(-5), Now.AddDays(1));
        var retry = NewMeeting("e-retry", "u", Now.AddMinutes(-10), Now.AddDays(1));
        var recent = NewMeeting("e-recent", "u", Now.AddMinutes(-1), Now.AddDays(1));
        var future = NewMeeting("e-future", "u", Now.AddMinutes(10), Now.AddDays(1));
        var created = NewMeeting("e-created", "u", Now.AddMinutes(-20), Now.AddDays(1));
        var failed = NewMeeting("e-failed", "u", Now.AddMinutes(-20), Now.AddDays(1));
        foreach (var m in new[] { oldest, retry, recent, future, created, failed }) await Meetings.AddAsync(m, default);
        retry.RetryLater("503", Now.AddMinutes(-3).ToOffset(TimeSpan.FromHours(9)), Now.AddMinutes(-10));
        await Meetings.UpdateAsync(retry, 1, default);
        created.MarkCreated(Location("w-1"), Now.AddMinutes(-19));
        await Meetings.UpdateAsync(created, 1, default);
        failed.Fail("forbidden", Now.AddMinutes(-19));
        await Meetings.UpdateAsync(failed, 1, default);

        (await Meetings.FindDueAsync(Now, 10, default)).Should().Equal(oldest.Id, retry.Id, recent.Id);
        (await Meetings.FindDueAsync(Now, 2, default)).Should().Equal(oldest.Id, retry.Id);
        (await Meetings.CountOutstandingAsync(default)).Should().Be(4, "every sync-pending row counts, due or not; created and failed ones do not");
    }

    [SkippableFact]
    public async Task Outstanding_and_listed_meetings_belong_to_the_user()
    {
        RequireDatabase();
        var pending = NewMeeting("e-1", "host", Now, Now.AddDays(1));
        var settled = NewMeeting("e-2", "host", Now, Now.AddDays(2));
        var cancelling = NewMeeting("e-3", "host", Now, Now.AddDays(3));
        var later = NewMeeting("e-4", "host", Now, Now.AddDays(30));
        var otherHost = NewMeeting("e-5", "other", Now, Now.AddDays(1));
        foreach (var m in new[] { pending, settled, cancelling, later, otherHost }) await Meetings.AddAsync(m, default);
        settled.MarkCreated(Location("w-2"), Now);
        await Meetings.UpdateAsync(settled, 1, default);
        cancelling.MarkCreated(Location("w-3"), Now);
        cancelling.Cancel(Now);
        await Meetings.UpdateAsync(cancelling, 1, default);

        (await Meetings.FindOutstandingForUserAsync("host", default)).Should().BeEquivalentTo([pending.Id, cancelling.Id, later.Id]);

        var listed = await Meetings.ListForUserAsync("host", Now.AddDays(1), Now.AddDays(3), default);
        listed.Select(m => m.ZeegEventId).Should().Equal("e-1", "e-2");
        listed[1].Location.Should().BeEquivalentTo(Location("w-2"));
    }

    [SkippableFact]
    public async Task Outstanding_counter_admits_up_to_the_limit_and_follows_every_sync_pending_change()
    {
        RequireDatabase();
        var first = NewMeeting("e-count-1", "u", Now, Now.AddDays(1));
        var second = NewMeeting("e-count-2", "u", Now, Now.AddDays(1));
        var refused = NewMeeting("e-count-3", "u", Now, Now.AddDays(1));

        (await Meetings.TryAddAsync(first, maxOutstanding: 2, default)).Should().BeTrue();
        (await Meetings.TryAddAsync(second, maxOutstanding: 2, default)).Should().BeTrue();
        (await Meetings.TryAddAsync(refused, maxOutstanding: 2, default)).Should().BeFalse("two are outstanding");
        (await Meetings.FindAsync(refused.Id, default)).Should().BeNull("a refused meeting is not stored");
        var duplicate = () => Meetings.TryAddAsync(NewMeeting("e-count-1", "u", Now, Now.AddDays(1)), maxOutstanding: 0, default);
        await duplicate.Should().ThrowAsync<DuplicateKeyException>();
        (await Meetings.ReadOutstandingCounterAsync(default)).Should().Be(2, "the duplicate's increment was rolled back");

        first.MarkCreated(Location("w-c1"), Now);
        (await Meetings.UpdateAsync(first, 1, default)).Should().BeTrue();
        (await Meetings.ReadOutstandingCounterAsync(default)).Should().Be(1, "created: no longer outstanding");
        (await Meetings.TryAddAsync(refused, maxOutstanding: 2, default)).Should().BeTrue("a place came free");

        var stale = (await Meetings.FindAsync(second.Id, default))!;
        second.Fail("forbidden", Now);
        (await Meetings.UpdateAsync(second, 1, default)).Should().BeTrue();
        stale.Fail("also forbidden", Now);
        (await Meetings.UpdateAsync(stale, 1, default)).Should().BeFalse();
        (await Meetings.ReadOutstandingCounterAsync(default)).Should().Be(1, "failed once; the stale write changed nothing");

        first.Reschedule(new MeetingSchedule("Moved", first.Schedule.Start, first.Schedule.End, "UTC", null, []), Now.AddMinutes(1));
        (await Meetings.UpdateAsync(first, 2, default)).Should().BeTrue();
        first.BeginAttempt(Now.AddMinutes(5), Now.AddMinutes(1));
        (await Meetings.UpdateAsync(first, 3, default)).Should().BeTrue();
        (await Meetings.ReadOutstandingCounterAsync(default)).Should().Be(2, "rescheduled: outstanding again; an attempt changes nothing");
        first.Cancel(Now.AddMinutes(2));
        (await Meetings.UpdateAsync(first, 4, default)).Should().BeTrue();
        first.MarkSynced(Now.AddMinutes(3));
        (await Meetings.UpdateAsync(first, 5, default)).Should().BeTrue();

        (await Meetings.ReadOutstandingCounterAsync(default)).Should().Be(1);
        (await Meetings.CountOutstandingAsync(default)).Should().Be(1, "the counter and the rows agree");
        (await Meetings.ReconcileOutstandingCounterAsync(default)).Should().Be((1, 1));
    }

    [SkippableFact]
    public async Task Concurrent_admissions_never_exceed_the_limit()
    {
        RequireDatabase();
        var results = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => Task.Run(() =>
            Meetings.TryAddAsync(NewMeeting($"e-race-{i}", "u", Now, Now.AddDays(1)), maxOutstanding: 5, default))));

        results.Count(admitted => admitted).Should().Be(5);
        (await Meetings.CountOutstandingAsync(default)).Should().Be(5);
        (await Meetings.ReadOutstandingCounterAsync(default)).Should().Be(5);
    }

    [SkippableFact]
    public async Task Reconciliation_puts_a_drifted_counter_right()
    {
        RequireDatabase();
        await Meetings.AddAsync(NewMeeting("e-drift-1", "u", Now, Now.AddDays(1)), default);
        await Meetings.AddAsync(NewMeeting("e-drift-2", "u", Now, Now.AddDays(1)), default);
        await using (var db = await _database.Connections.OpenAsync(default))
            await Dapper.SqlMapper.ExecuteAsync(db, "UPDATE meeting_backlog SET outstanding = 7");

        (await Meetings.ReconcileOutstandingCounterAsync(default)).Should().Be((2, 7));

        (await Meetings.ReadOutstandingCounterAsync(default)).Should().Be(2);
    }

    [SkippableFact]
    public async Task A_unit_of_work_commits_the_change_and_its_notice_together_or_neither()
    {
        RequireDatabase();
        var meeting = NewMeeting("e-uow", "u", Now, Now.AddDays(1));
        await Meetings.AddAsync(meeting, default);
        var lost = OutcomeNotice.New(Guid.NewGuid(), "meeting.created", "u", """{"kind":"meeting.created"}""", Now);

        var failing = () => UnitOfWork.RunAsync<bool>(async ct =>
        {
            meeting.MarkCreated(Location("w-uow"), Now);
            (await Meetings.UpdateAsync(meeting, 1, ct)).Should().BeTrue();
            await Notices.AddAsync(lost, ct);
            throw new IOException("crash before commit");
        }, default);
        await failing.Should().ThrowAsync<IOException>();

        (await Notices.FindAsync(lost.Id, default)).Should().BeNull("rolled back with the change");
        var stored = (await Meetings.FindAsync(meeting.Id, default))!;
        stored.Status.Should().Be(MeetingStatus.Pending);
        (await Meetings.ReadOutstandingCounterAsync(default)).Should().Be(1, "the counter's decrement was rolled back too");

        var kept = OutcomeNotice.New(Guid.NewGuid(), "meeting.created", "u", """{"kind":"meeting.created"}""", Now);
        await UnitOfWork.RunAsync(async ct =>
        {
            stored.MarkCreated(Location("w-uow"), Now);
            var updated = await Meetings.UpdateAsync(stored, 1, ct);
            await Notices.AddAsync(kept, ct);
            return updated;
        }, default);

        (await Notices.FindAsync(kept.Id, default)).Should().NotBeNull();
        (await Meetings.FindAsync(meeting.Id, default))!.Status.Should().Be(MeetingStatus.Created);
        (await Meetings.ReadOutstandingCounterAsync(default)).Should().Be(0);
    }

    [SkippableFact]
    public async Task Outcome_notice_body_is_sealed_by_the_key_ring_and_unreadable_without_its_key()
    {
        RequireDatabase();
        var notice = OutcomeNotice.New(Guid.NewGuid(), "meeting.created", "u", """{"password":"Pw-Notice-Secret"}""", Now);
        await Notices.AddAsync(notice, default);
        var withoutKey = new OutcomeNoticeRepository(_database.Connections, _database.Dialect, Ring(("meeting-key-2", NewKey)));

        (await Notices.FindAsync(notice.Id, default))!.Body.Should().Be(notice.Body, "the ring that sealed it opens it");
        var read = () => withoutKey.FindAsync(notice.Id, default);
        await read.Should().ThrowAsync<TokenDecryptionException>("the body is stored sealed, not as text");
    }

    [SkippableFact]
    public async Task Outcome_notice_is_claimed_by_one_attempt_at_a_time_and_records_its_outcome()
    {
        RequireDatabase();
        var notice = OutcomeNotice.New(Guid.NewGuid(), "meeting.failed", "u", """{"kind":"meeting.failed","x":"é"}""", Now);
        await Notices.AddAsync(notice, default);
        (await Notices.FindAsync(notice.Id, default)).Should().Be(notice);
        Guid first = Guid.NewGuid(), second = Guid.NewGuid();

        var claimed = await Notices.TryClaimAsync(notice.Id, first, Now, Now.AddMinutes(1), default);
        claimed.Should().NotBeNull();
        claimed!.Attempts.Should().Be(1);
        claimed.Body.Should().Be(notice.Body);
        (await Notices.TryClaimAsync(notice.Id, second, Now.AddSeconds(30), Now.AddMinutes(2), default)).Should().BeNull("the first holds the lease");
        (await Notices.FindDueAsync(Now.AddSeconds(30), 10, default)).Should().BeEmpty("a leased notice is not due");

        (await Notices.RecordFailureAsync(notice.Id, first, "The Zeeg webhook answered 503.", Now.AddMinutes(5), default)).Should().BeTrue();
        (await Notices.FindDueAsync(Now.AddMinutes(4), 10, default)).Should().BeEmpty();
        (await Notices.FindDueAsync(Now.AddMinutes(5), 10, default)).Should().Equal(notice.Id);

        // The first attempt's process dies after claiming again; once the lease ends the second takes over.
        (await Notices.TryClaimAsync(notice.Id, first, Now.AddMinutes(5), Now.AddMinutes(6), default)).Should().NotBeNull();
        var takenOver = await Notices.TryClaimAsync(notice.Id, second, Now.AddMinutes(6), Now.AddMinutes(7), default);
        takenOver!.Attempts.Should().Be(3);
        (await Notices.MarkDeliveredAsync(notice.Id, first, Now.AddMinutes(6), default)).Should().BeFalse("its lease was taken over");
        (await Notices.MarkDeliveredAsync(notice.Id, second, Now.AddMinutes(6), default)).Should().BeTrue();

        var delivered = (await Notices.FindAsync(notice.Id, default))!;
        delivered.DeliveredAt.Should().Be(Now.AddMinutes(6));
        delivered.NextAttemptAt.Should().BeNull();
        delivered.LastError.Should().BeNull();
        delivered.Body.Should().BeEmpty("the join details and invitees do not stay once Zeeg has them");
        (await Notices.TryClaimAsync(notice.Id, first, Now.AddDays(1), Now.AddDays(2), default)).Should().BeNull("delivered");
        (await Notices.RecordFailureAsync(notice.Id, second, "late", Now.AddDays(1), default)).Should().BeFalse();
    }

    [SkippableFact]
    public async Task Due_notices_come_most_overdue_first_and_given_up_or_old_delivered_ones_leave()
    {
        RequireDatabase();
        var later = OutcomeNotice.New(Guid.NewGuid(), "k", "u", "{}", Now.AddMinutes(2));
        var earlier = OutcomeNotice.New(Guid.NewGuid(), "k", "u", "{}", Now.AddMinutes(1).ToOffset(TimeSpan.FromHours(5)));
        var future = OutcomeNotice.New(Guid.NewGuid(), "k", "u", "{}", Now.AddMinutes(10));
        var abandoned = OutcomeNotice.New(Guid.NewGuid(), "k", "u", "{}", Now);
        foreach (var n in new[] { later, earlier, future, abandoned }) await Notices.AddAsync(n, default);
        var owner = Guid.NewGuid();
        await Notices.TryClaimAsync(abandoned.Id, owner, Now, Now.AddMinutes(1), default);
        await Notices.RecordFailureAsync(abandoned.Id, owner, "gave up", retryAt: null, default);

        (await Notices.FindDueAsync(Now.AddMinutes(5), 10, default)).Should().Equal(earlier.Id, later.Id);
        (await Notices.FindDueAsync(Now.AddMinutes(5), 1, default)).Should().Equal(earlier.Id);

        await Notices.TryClaimAsync(earlier.Id, owner, Now.AddMinutes(5), Now.AddMinutes(6), default);
        await Notices.MarkDeliveredAsync(earlier.Id, owner, Now.AddMinutes(5), default);
        (await Notices.PurgeDeliveredAsync(Now.AddMinutes(5), default)).Should().Be(0, "delivered at, not before, the cut-off");
        (await Notices.PurgeDeliveredAsync(Now.AddMinutes(6), default)).Should().Be(1);
        (await Notices.FindAsync(earlier.Id, default)).Should().BeNull();
        (await Notices.FindAsync(abandoned.Id, default))!.LastError.Should().Be("gave up", "a notice given up stays for operators");
    }

    [SkippableFact]
    public async Task Concurrent_notice_claims_have_exactly_one_winner()
    {
        RequireDatabase();
        var notice = OutcomeNotice.New(Guid.NewGuid(), "k", "u", "{}", Now);
        await Notices.AddAsync(notice, default);

        var claims = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            Task.Run(() => Notices.TryClaimAsync(notice.Id, Guid.NewGuid(), Now, Now.AddMinutes(1), default))));

        claims.Count(c => c is not null).Should().Be(1);
    }

    [SkippableFact]
    public async Task Audit_log_lists_one_users_events_oldest_first()
    {
        RequireDatabase();
        await AuditLog.RecordAsync(new ConnectionAuditEntry("user-a", ConnectionAuditKind.AccessDenied, "access_denied", Now), default);
        await AuditLog.RecordAsync(new ConnectionAuditEntry("user-b", ConnectionAuditKind.Connected, null, Now), default);
        await AuditLog.RecordAsync(new ConnectionAuditEntry("user-a", ConnectionAuditKind.Connected, null, Now.AddMinutes(1)), default);
        await AuditLog.RecordAsync(new ConnectionAuditEntry("user-a", ConnectionAuditKind.Disconnected, "by user", Now.AddMinutes(1)), default);

        var entries = await AuditLog.ListForZeegUserAsync("user-a", default);

        entries.Should().Equal(
            new ConnectionAuditEntry("user-a", ConnectionAuditKind.AccessDenied, "access_denied", Now),
            new ConnectionAuditEntry("user-a", ConnectionAuditKind.Connected, null, Now.AddMinutes(1)),
            new ConnectionAuditEntry("user-a", ConnectionAuditKind.Disconnected, "by user", Now.AddMinutes(1)));
        (await AuditLog.ListForZeegUserAsync("nobody", default)).Should().BeEmpty();
    }

    [SkippableFact]
    public async Task Migrated_database_reports_ready()
    {
        RequireDatabase();

        var health = await _database.Migrator.CheckAsync(default);

        health.Reachable.Should().BeTrue(health.Error);
        health.PendingScripts.Should().BeEmpty();
        health.IsReady.Should().BeTrue();
    }

    [SkippableFact]
    public async Task Join_secrets_are_stored_sealed_and_the_plaintext_columns_stay_empty()
    {
        RequireDatabase();
        var meeting = NewMeeting("e-sealed", "u", Now, Now.AddDays(1));
        await Meetings.AddAsync(meeting, default);
        meeting.MarkCreated(SecretLocation("w-sealed", "Pw-Sealed-42", "918273", "55443322"), Now);

        (await Meetings.UpdateAsync(meeting, 1, default)).Should().BeTrue();

        var raw = await ReadSecretColumnsAsync(meeting.Id);
        raw.Password.Should().BeNull();
        raw.HostKey.Should().BeNull();
        raw.PhoneVideoPassword.Should().BeNull();
        raw.JoinSecretsKeyId.Should().Be("meeting-key-1");
        var sealedSecrets = EncryptedToken.FromBytes(raw.JoinSecrets!);
        sealedSecrets.KeyId.Should().Be("meeting-key-1");
        foreach (var secret in new[] { "Pw-Sealed-42", "918273", "55443322" })
            raw.JoinSecrets!.AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(secret)).Should().Be(-1, $"{secret} is sealed");
        var loaded = (await Meetings.FindAsync(meeting.Id, default))!.Location!;
        (loaded.Password, loaded.HostKey, loaded.PhoneAndVideoSystemPassword).Should().Be(("Pw-Sealed-42", "918273", "55443322"));
        loaded.ToString().Should().NotContain("Pw-Sealed-42").And.NotContain("918273");

        meeting.Cancel(Now.AddMinutes(1));
        (await Meetings.UpdateAsync(meeting, 2, default)).Should().BeTrue();
        (await ReadSecretColumnsAsync(meeting.Id)).JoinSecretsKeyId.Should().Be("meeting-key-1", "a cancelled meeting keeps its location to delete");
        var withoutSecrets = NewMeeting("e-no-secrets", "u", Now, Now.AddDays(1));
        await Meetings.AddAsync(withoutSecrets, default);
        var rawPending = await ReadSecretColumnsAsync(withoutSecrets.Id);
        rawPending.JoinSecrets.Should().BeNull("nothing to seal before Webex made the meeting");
        rawPending.JoinSecretsKeyId.Should().BeNull();
    }

    [SkippableFact]
    public async Task Plaintext_join_secrets_from_before_sealing_are_read_found_for_the_rotation_job_and_sealed_when_written()
    {
        RequireDatabase();
        var legacy = NewMeeting("e-legacy", "u", Now, Now.AddDays(1));
        var rewritten = NewMeeting("e-legacy-rewritten", "u", Now, Now.AddDays(1));
        var sealedAlready = NewMeeting("e-current", "u", Now, Now.AddDays(1));
        foreach (var m in new[] { legacy, rewritten, sealedAlready }) await Meetings.AddAsync(m, default);
        sealedAlready.MarkCreated(SecretLocation("w-current", "Pw-1", "111111", "1111"), Now);
        await Meetings.UpdateAsync(sealedAlready, 1, default);
        // Rows as migration 0005 leaves them: secrets in the plaintext columns, marked with the empty key id.
        foreach (var m in new[] { legacy, rewritten })
            await WriteLegacyPlaintextAsync(m.Id, "w-" + m.ZeegEventId, "Legacy-Pw-7", "246810", "13579135");

        var read = (await Meetings.FindAsync(legacy.Id, default))!;
        read.Location!.Password.Should().Be("Legacy-Pw-7");
        read.Location.HostKey.Should().Be("246810");
        read.Location.PhoneAndVideoSystemPassword.Should().Be("13579135");
        (await Meetings.FindSealedWithOtherKeyAsync("meeting-key-1", 10, default)).Should().BeEquivalentTo([legacy.Id, rewritten.Id]);

        (await Meetings.ResealAsync(read, default)).Should().BeTrue();
        var stale = (await Meetings.FindAsync(rewritten.Id, default))!;
        var changed = (await Meetings.FindAsync(rewritten.Id, default))!;
        changed.Reschedule(new MeetingSchedule("Moved", Now.AddDays(2), Now.AddDays(2).AddMinutes(30), "UTC", null, []), Now);
        (await Meetings.UpdateAsync(changed, stale.Version, default)).Should().BeTrue("a write of the meeting seals too");
        (await Meetings.ResealAsync(stale, default)).Should().BeFalse("the row changed since it was read");

        foreach (var id in new[] { legacy.Id, rewritten.Id })
        {
            var raw = await ReadSecretColumnsAsync(id);
            raw.Password.Should().BeNull("the plaintext is cleared");
            raw.HostKey.Should().BeNull("the plaintext is cleared");
            raw.PhoneVideoPassword.Should().BeNull("the plaintext is cleared");
            raw.JoinSecretsKeyId.Should().Be("meeting-key-1");
            var loaded = (await Meetings.FindAsync(id, default))!;
            loaded.Location!.HostKey.Should().Be("246810");
            loaded.Location.Password.Should().Be("Legacy-Pw-7");
        }
        (await Meetings.FindAsync(legacy.Id, default))!.Version.Should().Be(read.Version, "re-sealing is not a change of the meeting");
        (await Meetings.FindSealedWithOtherKeyAsync("meeting-key-1", 10, default)).Should().BeEmpty();
    }

    [SkippableFact]
    public async Task Join_secrets_move_to_a_new_key_and_then_open_without_the_old_one()
    {
        RequireDatabase();
        var meeting = NewMeeting("e-rotate", "u", Now, Now.AddDays(1));
        await Meetings.AddAsync(meeting, default);
        meeting.MarkCreated(SecretLocation("w-rotate", "Pw-Rotate", "314159", "27182818"), Now);
        await Meetings.UpdateAsync(meeting, 1, default);
        var rotated = new MeetingRepository(_database.Connections, _database.Dialect, Ring(("meeting-key-1", OldKey), ("meeting-key-2", NewKey)));

        var due = await rotated.FindSealedWithOtherKeyAsync("meeting-key-2", 10, default);
        (await rotated.ResealAsync((await rotated.FindAsync(meeting.Id, default))!, default)).Should().BeTrue();

        due.Should().Equal(meeting.Id);
        (await rotated.FindSealedWithOtherKeyAsync("meeting-key-2", 10, default)).Should().BeEmpty();
        var onlyNewKey = new MeetingRepository(_database.Connections, _database.Dialect, Ring(("meeting-key-2", NewKey)));
        var loaded = (await onlyNewKey.FindAsync(meeting.Id, default))!;
        loaded.Location!.Password.Should().Be("Pw-Rotate");
        loaded.Location.HostKey.Should().Be("314159");
        loaded.Location.PhoneAndVideoSystemPassword.Should().Be("27182818");
        var read = () => Meetings.FindAsync(meeting.Id, default);
        await read.Should().ThrowAsync<TokenDecryptionException>("a ring without the new key cannot open it");
    }

    [SkippableFact]
    public async Task Erasing_a_user_deletes_their_rows_in_every_table_answers_the_counts_and_leaves_others_alone()
    {
        RequireDatabase();
        foreach (var user in new[] { "erase-me", "keep-me" })
        {
            await Connections.AddAsync(NewConnection(user, Now.AddHours(1), Now.AddDays(60)), default);
            await Meetings.AddAsync(NewMeeting($"{user}-e1", user, Now, Now.AddDays(1)), default);
            await Authorizations.AddAsync(new PendingAuthorization(Guid.NewGuid(), $"{user}-state", user, Token("k"), null, Now, Now.AddMinutes(10)), default);
            await AuditLog.RecordAsync(new ConnectionAuditEntry(user, ConnectionAuditKind.Connected, null, Now), default);
        }
        await Meetings.AddAsync(NewMeeting("erase-me-e2", "erase-me", Now, Now.AddDays(2)), default);
        await AuditLog.RecordAsync(new ConnectionAuditEntry("erase-me", ConnectionAuditKind.Disconnected, null, Now), default);
        foreach (var user in new[] { "erase-me", "erase-me", "keep-me" })
            await Notices.AddAsync(OutcomeNotice.New(Guid.NewGuid(), "meeting.created", user, "{}", Now), default);
        (await Meetings.ReadOutstandingCounterAsync(default)).Should().Be(3, "three new meetings wait for Webex");

        var erased = await Eraser.EraseAsync("erase-me", default);
        var again = await Eraser.EraseAsync("erase-me", default);

        erased.Should().Be(new ErasedUserData(Connections: 1, Meetings: 2, PendingAuthorizations: 1, AuditEntries: 2, OutcomeNotices: 2));
        again.Should().Be(new ErasedUserData(0, 0, 0, 0, 0));
        (await Meetings.ReadOutstandingCounterAsync(default)).Should().Be(1, "the erased meetings left the backlog with their rows");
        (await Meetings.ReconcileOutstandingCounterAsync(default)).Should().Be((1, 1), "the counter matches the rows");
        (await Notices.FindDueAsync(Now.AddMinutes(1), 10, default)).Should().ContainSingle("only the other user's notice is left to send");
        (await Connections.FindByZeegUserAsync("erase-me", default)).Should().BeNull();
        (await Meetings.FindByZeegEventAsync("erase-me-e1", default)).Should().BeNull();
        (await Authorizations.FindLatestForZeegUserAsync("erase-me", default)).Should().BeNull();
        (await AuditLog.ListForZeegUserAsync("erase-me", default)).Should().BeEmpty();
        (await Connections.FindByZeegUserAsync("keep-me", default)).Should().NotBeNull();
        (await Meetings.FindByZeegEventAsync("keep-me-e1", default)).Should().NotBeNull();
        (await Authorizations.FindLatestForZeegUserAsync("keep-me", default)).Should().NotBeNull();
        (await AuditLog.ListForZeegUserAsync("keep-me", default)).Should().HaveCount(1);
    }

    private async Task<SecretColumns> ReadSecretColumnsAsync(Guid meetingId)
    {
        await using var db = await _database.Connections.OpenAsync(default);
        return await db.QuerySingleAsync<SecretColumns>(
            """
            SELECT password AS Password, host_key AS HostKey, phone_video_password AS PhoneVideoPassword,
                   join_secrets AS JoinSecrets, join_secrets_key_id AS JoinSecretsKeyId
            FROM webex_meetings WHERE id = @Id
            """, new { Id = meetingId });
    }

    private async Task WriteLegacyPlaintextAsync(Guid meetingId, string webexMeetingId, string password, string hostKey, string phoneVideoPassword)
    {
        await using var db = await _database.Connections.OpenAsync(default);
        await db.ExecuteAsync(
            """
            UPDATE webex_meetings SET status = 2, sync_pending = 0, next_attempt_at = NULL, webex_meeting_id = @WebexMeetingId,
                web_link = 'https://example.webex.com/legacy', password = @Password, host_key = @HostKey,
                phone_video_password = @PhoneVideoPassword, join_secrets = NULL, join_secrets_key_id = ''
            WHERE id = @Id
            """,
            new { Id = meetingId, WebexMeetingId = webexMeetingId, Password = password, HostKey = hostKey, PhoneVideoPassword = phoneVideoPassword });
    }

    private sealed class SecretColumns
    {
        public string? Password { get; init; }
        public string? HostKey { get; init; }
        public string? PhoneVideoPassword { get; init; }
        public byte[]? JoinSecrets { get; init; }
        public string? JoinSecretsKeyId { get; init; }
    }

    private static TokenKeyRing Ring(params (string Id, string Key)[] keys)
    {
        var options = new TokenEncryptionOptions { CurrentKeyId = keys[^1].Id };
        foreach (var (id, key) in keys) options.Keys[id] = key;
        return new TokenKeyRing(options);
    }

    private static MeetingLocation SecretLocation(string webexMeetingId, string password, string hostKey, string phoneVideoPassword) =>
        new(webexMeetingId, "2550 000 0000", $"https://example.webex.com/{webexMeetingId}", password, "2550@example.webex.com", hostKey, [],
            PhoneAndVideoSystemPassword: phoneVideoPassword, TelephonyAccessCode: "25500000000");

    private static EncryptedToken Token(string keyId) =>
        new(keyId, RandomNumberGenerator.GetBytes(EncryptedToken.NonceSize), RandomNumberGenerator.GetBytes(48),
            RandomNumberGenerator.GetBytes(EncryptedToken.TagSize));

    private static TokenGrant Grant(string keyId, DateTimeOffset accessExpiresAt, DateTimeOffset refreshExpiresAt) =>
        new(Token(keyId), accessExpiresAt, Token(keyId), refreshExpiresAt);

    private static WebexConnection NewConnection(
        string zeegUserId, DateTimeOffset accessExpiresAt, DateTimeOffset refreshExpiresAt, string keyId = "key-2030") =>
        WebexConnection.Connect(
            zeegUserId, new WebexAccount($"person-{zeegUserId}", $"{zeegUserId}@example.com", $"Name {zeegUserId}", "org-1"),
            WebexScopes.Required, Grant(keyId, accessExpiresAt, refreshExpiresAt), Now);

    private static WebexMeeting NewMeeting(string zeegEventId, string zeegUserId, DateTimeOffset requestedAt, DateTimeOffset start) =>
        WebexMeeting.Request(
            zeegEventId, zeegUserId, new MeetingSchedule($"Event {zeegEventId}", start, start.AddMinutes(30), "UTC", null, []), requestedAt);

    private static MeetingLocation Location(string webexMeetingId) =>
        new(webexMeetingId, null, $"https://example.webex.com/{webexMeetingId}", null, null, null, []);
}

public sealed class SqliteRepositoryContractTests(SqliteDatabaseFixture database, ITestOutputHelper output)
    : RepositoryContractTests(database, output), IClassFixture<SqliteDatabaseFixture>;

public sealed class SqlServerRepositoryContractTests(SqlServerDatabaseFixture database, ITestOutputHelper output)
    : RepositoryContractTests(database, output), IClassFixture<SqlServerDatabaseFixture>;
