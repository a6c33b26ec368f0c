using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using ZeegWebex.Domain.Connections;
using ZeegWebex.Infrastructure.Security;

namespace ZeegWebex.Bench;

/// <summary>(d) Seal and open one ~100-character token with the key ring, against AES-GCM itself with the same key,
/// sizes and associated data: one cipher instance reused and buffers allocated once, which is as fast as this
/// machine does AES-256-GCM and so the floor for the ring.</summary>
internal static class TokenCrypto
{
    public static void Run(Report report, TimeSpan roundLength, int rounds)
    {
        Console.WriteLine($"(d) token encrypt+decrypt, single thread, {rounds} rounds of {roundLength.TotalSeconds:0.0} s");
        var key = RandomNumberGenerator.GetBytes(TokenKeyRing.KeySize);
        var token = RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", 100);
        using var ring = new TokenKeyRing(new TokenEncryptionOptions
        {
            CurrentKeyId = BenchHost.TokenKeyId,
            Keys = new(StringComparer.OrdinalIgnoreCase) { [BenchHost.TokenKeyId] = Convert.ToBase64String(key) },
        });
        if (ring.Unprotect(ring.Protect(token)) != token) throw new InvalidOperationException("The key ring did not round-trip the token.");

        var keyRing = OpsPerSecond(() =>
        {
            if (ring.Unprotect(ring.Protect(token)).Length != token.Length) throw new InvalidOperationException();
        }, roundLength, rounds);

        var associated = Encoding.UTF8.GetBytes(BenchHost.TokenKeyId);
        var plain = Encoding.UTF8.GetBytes(token);
        var cipher = new byte[plain.Length];
        var opened = new byte[plain.Length];
        var nonce = new byte[EncryptedToken.NonceSize];
        var tag = new byte[EncryptedToken.TagSize];
        using var aes = new AesGcm(key, EncryptedToken.TagSize);
        var counter = 0L;
        var floor = OpsPerSecond(() =>
        {
            BitConverter.TryWriteBytes(nonce, ++counter);
            aes.Encrypt(nonce, plain, cipher, tag, associated);
            aes.Decrypt(nonce, cipher, tag, opened, associated);
        }, roundLength, rounds);

        // Informative: what the ring pays per call for its thread-safety (a cipher per call) and random nonces.
        var perCall = OpsPerSecond(() =>
        {
            RandomNumberGenerator.Fill(nonce);
            using (var sealing = new AesGcm(key, EncryptedToken.TagSize)) sealing.Encrypt(nonce, plain, cipher, tag, associated);
            using (var opening = new AesGcm(key, EncryptedToken.TagSize)) opening.Decrypt(nonce, cipher, tag, opened, associated);
        }, roundLength, rounds);

        report.Add("d", "TokenKeyRing Protect+Unprotect (100-char token)", $"{Report.Number(keyRing)}/s ({Report.Number(1e6 / keyRing, "0.00")} us each)");
        report.Add("d", "raw AesGcm encrypt+decrypt, reused instance (floor)", $"{Report.Number(floor)}/s ({Report.Number(1e6 / floor, "0.00")} us each)");
        report.Add("d", "raw AesGcm, new instance per call + random nonce", $"{Report.Number(perCall)}/s ({Report.Number(1e6 / perCall, "0.00")} us each)");
        report.Add("d", "ratio floor / key ring", Report.Number(floor / keyRing, "0.00") + "x slower than the floor");
    }

    /// <summary>Median of several timed rounds after an untimed one, so JIT tiering has settled.</summary>
    private static double OpsPerSecond(Action operation, TimeSpan roundLength, int rounds)
    {
        Round(operation, roundLength);
        var results = Enumerable.Range(0, rounds).Select(_ => Round(operation, roundLength)).Order().ToArray();
        return results[results.Length / 2];
    }

    private static double Round(Action operation, TimeSpan length)
    {
        var ops = 0L;
        var started = Stopwatch.GetTimestamp();
        var until = started + (long)(length.TotalSeconds * Stopwatch.Frequency);
        long now;
        do
        {
            for (var i = 0; i < 256; i++) operation();
            ops += 256;
            now = Stopwatch.GetTimestamp();
        }
        while (now < until);
        return ops * (double)Stopwatch.Frequency / (now - started);
    }
}
