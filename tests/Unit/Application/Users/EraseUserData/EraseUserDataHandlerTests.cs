using Microsoft.Extensions.Logging.Abstractions;
using ZeegWebex.Application.Users.EraseUserData;
using ZeegWebex.UnitTests.Support;

namespace ZeegWebex.UnitTests.Application.Users.EraseUserData;

public sealed class EraseUserDataHandlerTests
{
    private readonly FakeUserDataEraser _eraser = new();

    [Fact]
    public async Task Erasing_removes_the_named_users_data_only_and_answers_what_went()
    {
        var stored = new ErasedUserData(Connections: 1, Meetings: 3, PendingAuthorizations: 2, AuditEntries: 7, OutcomeNotices: 4);
        _eraser.Store("zeeg-user-1", stored);
        _eraser.Store("zeeg-user-2", new ErasedUserData(1, 1, 1, 1, 1));

        var erased = await Handle("zeeg-user-1");

        erased.Should().Be(stored);
        _eraser.Holds("zeeg-user-1").Should().BeFalse();
        _eraser.Holds("zeeg-user-2").Should().BeTrue();
    }

    private async Task<ErasedUserData> Handle(string zeegUserId) =>
        await new EraseUserDataHandler(_eraser, NullLogger<EraseUserDataHandler>.Instance).Handle(new EraseUserDataCommand(zeegUserId), CancellationToken.None);
}
