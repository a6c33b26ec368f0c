using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using ZeegWebex.Infrastructure.Security;

namespace ZeegWebex.UnitTests.Infrastructure.Security;

public sealed class DevelopmentKeyStoreTests : IDisposable
{
    private readonly string _dataFolder = Path.Combine(Path.GetTempPath(), "zeegwebex-devkey-" + Guid.NewGuid().ToString("N"));
    private readonly RecordingLogger _logger = new();

    private string KeyFile => Path.Combine(_dataFolder, "dev-token-key.json");

    [Fact]
    public void First_start_creates_the_key_file_and_later_starts_reuse_the_same_key()
    {
        var first = DevelopmentKeyStore.LoadOrCreate(_dataFolder, _logger);
        var written = File.ReadAllText(KeyFile);
        var second = DevelopmentKeyStore.LoadOrCreate(_dataFolder, _logger);

        File.Exists(KeyFile).Should().BeTrue();
        File.ReadAllText(KeyFile).Should().Be(written);
        second.CurrentKeyId.Should().Be(first.CurrentKeyId);
        second.Keys.Should().BeEquivalentTo(first.Keys);
        Directory.GetFiles(_dataFolder).Should().ContainSingle("no temporary files are left behind");
    }

    [Fact]
    public void Token_sealed_on_one_start_opens_on_the_next()
    {
        using var firstRun = new TokenKeyRing(DevelopmentKeyStore.LoadOrCreate(_dataFolder, _logger));
        var token = firstRun.Protect("refresh-token");

        using var secondRun = new TokenKeyRing(DevelopmentKeyStore.LoadOrCreate(_dataFolder, _logger));

        secondRun.Unprotect(token).Should().Be("refresh-token");
    }

    [Fact]
    public void Generated_key_is_a_valid_32_byte_key_under_a_dated_dev_key_id()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 23, 30, 0, TimeSpan.Zero));

        var options = DevelopmentKeyStore.LoadOrCreate(_dataFolder, _logger, clock);

        options.CurrentKeyId.Should().Be("dev-20261124");
        Convert.FromBase64String(options.Keys["dev-20261124"]).Should().HaveCount(32);
        new TokenEncryptionOptionsValidator().Validate(null, options).Succeeded.Should().BeTrue();
    }

    [Fact]
    public void Two_data_folders_get_different_keys()
    {
        var other = _dataFolder + "-other";
        try
        {
            var first = DevelopmentKeyStore.LoadOrCreate(_dataFolder, _logger);
            var second = DevelopmentKeyStore.LoadOrCreate(other, _logger);

            second.Keys.Values.Single().Should().NotBe(first.Keys.Values.Single());
        }
        finally
        {
            Directory.Delete(other, recursive: true);
        }
    }

    [Fact]
    public void Key_file_is_readable_and_writable_by_the_owner_only()
    {
        if (OperatingSystem.IsWindows()) return;

        DevelopmentKeyStore.LoadOrCreate(_dataFolder, _logger);

        File.GetUnixFileMode(KeyFile).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    [Fact]
    public void Key_file_left_readable_by_others_is_tightened_on_the_next_start()
    {
        if (OperatingSystem.IsWindows()) return;
        DevelopmentKeyStore.LoadOrCreate(_dataFolder, _logger);
        File.SetUnixFileMode(KeyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        DevelopmentKeyStore.LoadOrCreate(_dataFolder, _logger);

        File.GetUnixFileMode(KeyFile).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    [Fact]
    public void Every_start_warns_that_a_development_key_is_in_use_without_logging_the_key()
    {
        var options = DevelopmentKeyStore.LoadOrCreate(_dataFolder, _logger);
        DevelopmentKeyStore.LoadOrCreate(_dataFolder, _logger);

        var key = options.Keys.Values.Single();
        _logger.Entries.Should().HaveCount(2).And.OnlyContain(e => e.Level == LogLevel.Warning);
        _logger.Entries.Should().OnlyContain(e =>
            e.Message.Contains("development key") && e.Message.Contains("must not be used in production")
            && e.Message.Contains(options.CurrentKeyId!) && !e.Message.Contains(key));
    }

    [Fact]
    public void Unreadable_key_file_stops_the_start_naming_the_file_but_not_its_contents()
    {
        Directory.CreateDirectory(_dataFolder);
        var contents = JsonSerializer.Serialize(new { keyId = "dev-1", key = "c2hvcnQtc2VjcmV0" });
        File.WriteAllText(KeyFile, contents);

        var act = () => DevelopmentKeyStore.LoadOrCreate(_dataFolder, _logger);

        act.Should().Throw<InvalidOperationException>().WithMessage($"*{KeyFile}*Delete it*")
            .Which.Message.Should().NotContain("c2hvcnQtc2VjcmV0");
    }

    [Fact]
    public void Key_file_that_is_not_json_stops_the_start()
    {
        Directory.CreateDirectory(_dataFolder);
        File.WriteAllText(KeyFile, "not json");

        var act = () => DevelopmentKeyStore.LoadOrCreate(_dataFolder, _logger);

        act.Should().Throw<InvalidOperationException>().WithMessage($"*{KeyFile}*");
    }

    public void Dispose()
    {
        if (Directory.Exists(_dataFolder)) Directory.Delete(_dataFolder, recursive: true);
    }
}
