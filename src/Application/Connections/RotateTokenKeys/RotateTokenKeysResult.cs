namespace ZeegWebex.Application.Connections.RotateTokenKeys;

/// <param name="Reencrypted">Connections whose tokens were sealed again under the current key.</param>
/// <param name="Failed">Connections whose tokens could not be opened with the configured keys (their key is gone,
/// or the blob was tampered with); they keep their old seal and are named in the log.</param>
/// <param name="MeetingsResealed">Meetings whose join secrets were sealed again under the current key (or sealed for
/// the first time, from plaintext).</param>
/// <param name="MeetingsFailed">Meetings whose join secrets could not be opened, or kept changing; named in the log.</param>
/// <remarks>The old key can go once a run answers zero everywhere.</remarks>
public sealed record RotateTokenKeysResult(int Reencrypted, int Failed, int MeetingsResealed = 0, int MeetingsFailed = 0);
