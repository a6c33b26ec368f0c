using ZeegWebex.Application.Users.EraseUserData;

namespace ZeegWebex.Application.Abstractions;

/// <summary>Deletes every row stored for one Zeeg user, in every table, together.</summary>
public interface IUserDataEraser
{
    /// <summary>Deletes the user's connection, meetings, pending authorizations and audit entries in one transaction:
    /// either all of them go or none does.</summary>
    Task<ErasedUserData> EraseAsync(string zeegUserId, CancellationToken ct);
}
