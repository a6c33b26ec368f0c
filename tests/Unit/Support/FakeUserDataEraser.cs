using ZeegWebex.Application.Abstractions;
using ZeegWebex.Application.Users.EraseUserData;

namespace ZeegWebex.UnitTests.Support;

/// <summary>Holds per user how many rows of each kind are stored; erasing takes them all, so a second erasure finds none.</summary>
internal sealed class FakeUserDataEraser : IUserDataEraser
{
    private readonly Dictionary<string, ErasedUserData> _stored = [];

    public void Store(string zeegUserId, ErasedUserData rows) => _stored[zeegUserId] = rows;

    public bool Holds(string zeegUserId) => _stored.ContainsKey(zeegUserId);

    public Task<ErasedUserData> EraseAsync(string zeegUserId, CancellationToken ct) =>
        Task.FromResult(_stored.Remove(zeegUserId, out var rows) ? rows : new ErasedUserData(0, 0, 0, 0, 0));
}
