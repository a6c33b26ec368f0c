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

        Action keyRing = () =>
        {
            if (ring.Unprotect(ring.Protect(token)).Length != token.Length) throw new InvalidOperationException();
        };

        var associated = Encoding.UTF8.GetBytes(BenchHost.TokenKeyId);
        var plain = Encoding.UTF8.GetBytes(token);
        var cipher = new byte[plain.Length];
        var opened = new byte[plain.Length];
        var nonce = new byte[EncryptedToken.NonceSize];
        var tag = new byte[EncryptedToken.TagSize];
        using var aes = new AesGcm(key, EncryptedToken.TagSize);
        var counter = 0L;
        Action floor = () =>
        {
            BitConverter.TryWriteBytes(nonce, ++counter);
            aes.Encrypt(nonce, plain, cipher, tag, associated);
            aes.Decrypt(nonce, cipher, tag, opened, associated);
        };

        // Informative: what the ring pays per call for its thread-safety (a cipher per call) and random nonces.
        Action perCall = () =>
        {
            RandomNumberGenerator.Fill(nonce);
            using (var sealing = new AesGcm(key, EncryptedToken.TagSize)) sealing.Encrypt(nonce, plain, cipher, tag, associated);
            using (var opening = new AesGcm(key, EncryptedToken.TagSize)) opening.Decrypt(nonce, cipher, tag, opened, associated);
        };

        var best = BestOf([keyRing, floor, perCall], roundLength, rounds);
        var (keyRingOps, floorOps, perCallOps) = (best[0], best[1], best[2]);

        report.Add("d", $"TokenKeyRing Protect+Unprotect (100-char token), best of {rounds}", PerSecond(keyRingOps));
        report.Add("d", $"raw AesGcm encrypt+decrypt, reused instance (floor), best of {rounds}", PerSecond(floorOps));
        report.Add("d", $"raw AesGcm, new instance per call + random nonce, best of {rounds}", PerSecond(perCallOps));
        report.Add("d", "ratio floor / key ring", Report.Number(floorOps / keyRingOps, "0.00") + "x slower than the floor");
    }

    private static string PerSecond(double ops) => $"{Report.Number(ops)}/s ({Report.Number(1e6 / ops, "0.00")} us each)";

    /// <summary>The candidates take turns, round by round, after an untimed round each (JIT tiering), so a busy spell
    /// on a shared machine hits all of them; the best round counts, because interference only ever slows a CPU-bound
    /// loop down.</summary>
    private static double[] BestOf(Action[] candidates, TimeSpan roundLength, int rounds)
    {
        foreach (var candidate in candidates) Round(candidate, roundLength);
        var best = new double[candidates.Length];
        for (var round = 0; round < rounds; round++)
        {
            for (var i = 0; i < candidates.Length; i++) best[i] = Math.Max(best[i], Round(candidates[i], roundLength));
        }
        return best;
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
