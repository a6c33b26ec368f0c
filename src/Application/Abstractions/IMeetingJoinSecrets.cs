using ZeegWebex.Domain.Meetings;

namespace ZeegWebex.Application.Abstractions;

/// <summary>Key rotation for the meetings' join secrets (password, host key, phone/video-system password), which the
/// meeting repository seals on every write and opens on every read.</summary>
public interface IMeetingJoinSecrets
{
    /// <summary>Meetings whose join secrets are sealed with a key other than <paramref name="currentKeyId"/>, or still
    /// stored in plaintext from before sealing.</summary>
    Task<IReadOnlyList<Guid>> FindSealedWithOtherKeyAsync(string currentKeyId, int batchSize, CancellationToken ct);

    /// <summary>Seals the meeting's join secrets again under the current key (clearing any plaintext left from before
    /// sealing), if the stored row still has the meeting's version. Nothing else changes, the version included.</summary>
    /// <returns>false when the row changed or is gone meanwhile (nothing was written).</returns>
    Task<bool> ResealAsync(WebexMeeting meeting, CancellationToken ct);
}
