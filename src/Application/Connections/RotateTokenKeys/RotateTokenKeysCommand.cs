using Mediator;

namespace ZeegWebex.Application.Connections.RotateTokenKeys;

/// <summary>
/// Moves every stored token, and every meeting's join secrets (password, host key, phone/video-system password), over
/// to the current key after a key rotation, so the old key can then be removed from TokenEncryption:Keys. Meetings
/// whose secrets are still in plaintext from before sealing are sealed on the way. Run on demand by an operator (safe
/// to run again, and concurrently with everything else).
/// Pending oauth_authorizations are left alone: their code verifiers live ten minutes, so waiting that long after
/// the new key became current is simpler than re-sealing them.
/// </summary>
public sealed record RotateTokenKeysCommand(int BatchSize = 200) : ICommand<RotateTokenKeysResult>;
