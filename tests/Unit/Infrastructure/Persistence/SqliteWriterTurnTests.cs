using ZeegWebex.Infrastructure.Persistence;

namespace ZeegWebex.UnitTests.Infrastructure.Persistence;

/// <summary>Write transactions of one process take turns on SQLite's single writer lock in order, instead of each
/// finding the lock taken and sleeping in SQLite's busy handler.</summary>
public sealed class SqliteWriterTurnTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("zeegwebex-writer-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task A_second_write_transaction_begins_when_the_first_ends_and_not_before()
    {
        var factory = new SqliteConnectionFactory(null, _folder);
        var first = await DbSession.BeginAsync(factory, CancellationToken.None);

        var second = DbSession.BeginAsync(factory, CancellationToken.None);
        await Task.Delay(200);
        second.IsCompleted.Should().BeFalse("the first transaction still holds the writer's turn");

        await first.DisposeAsync();
        await using var began = await second.WaitAsync(TimeSpan.FromSeconds(5));
        began.Transaction.Should().NotBeNull();
    }

    [Fact]
    public async Task A_turn_not_given_within_the_busy_timeout_is_left_to_sqlite()
    {
        var factory = new SqliteConnectionFactory(null, _folder, busyTimeout: TimeSpan.FromMilliseconds(100));
        using var held = await factory.EnterWriteTransactionAsync(CancellationToken.None);

        var turn = await factory.EnterWriteTransactionAsync(CancellationToken.None);

        held.Should().NotBeNull();
        turn.Should().BeNull("after the busy timeout the transaction goes ahead and SQLite's own lock decides, as without the turn");
    }

    [Fact]
    public async Task Reads_outside_a_transaction_do_not_wait_for_a_writer()
    {
        var factory = new SqliteConnectionFactory(null, _folder);
        await using var writing = await DbSession.BeginAsync(factory, CancellationToken.None);

        await using var reading = await DbSession.OpenAsync(factory, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));

        reading.Transaction.Should().BeNull();
    }
}
