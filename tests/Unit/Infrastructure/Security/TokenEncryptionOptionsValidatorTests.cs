using ZeegWebex.Infrastructure.Security;
using static ZeegWebex.UnitTests.Infrastructure.Security.TokenKeyRingTests;

namespace ZeegWebex.UnitTests.Infrastructure.Security;

public sealed class TokenEncryptionOptionsValidatorTests
{
    private static readonly string Key1 = TokenKeyRing.GenerateKey();
    private readonly TokenEncryptionOptionsValidator _validator = new();

    [Fact]
    public void Current_key_present_with_32_byte_keys_is_valid()
    {
        var result = _validator.Validate(null, Options("k2", ("k1", Key1), ("k2", TokenKeyRing.GenerateKey())));

        result.Succeeded.Should().BeTrue();
    }

    [Fact]
    public void Empty_section_fails_naming_both_settings()
    {
        var result = _validator.Validate(null, new TokenEncryptionOptions());

        result.Failed.Should().BeTrue();
        result.FailureMessage.Should().StartWith("No token encryption key is configured.")
            .And.Contain("TokenEncryption:CurrentKeyId").And.Contain("TokenEncryption:Keys:<id>");
    }

    [Fact]
    public void Current_key_id_missing_from_the_keys_fails_naming_the_setting()
    {
        var result = _validator.Validate(null, Options("k3", ("k1", Key1)));

        result.Failed.Should().BeTrue();
        result.FailureMessage.Should().Contain("TokenEncryption:CurrentKeyId").And.Contain("TokenEncryption:Keys:k3")
            .And.NotContain(Key1);
    }

    [Fact]
    public void Keys_without_a_current_key_id_fail_naming_the_setting()
    {
        var result = _validator.Validate(null, Options(null, ("k1", Key1)));

        result.Failed.Should().BeTrue();
        result.FailureMessage.Should().Contain("TokenEncryption:CurrentKeyId is required").And.NotContain(Key1);
    }

    [Theory]
    [InlineData(16)]
    [InlineData(31)]
    [InlineData(33)]
    [InlineData(64)]
    public void Key_of_the_wrong_length_fails_naming_the_setting_but_not_the_key(int length)
    {
        var wrong = Convert.ToBase64String(Enumerable.Range(1, length).Select(i => (byte)i).ToArray());

        var result = _validator.Validate(null, Options("k1", ("k1", Key1), ("k2", wrong)));

        result.Failed.Should().BeTrue();
        result.FailureMessage.Should().Be("TokenEncryption:Keys:k2 must be a base64 32-byte key.");
    }

    [Theory]
    [InlineData("correct-horse-battery-staple-secret")]
    [InlineData("")]
    [InlineData("   ")]
    public void Key_that_is_not_base64_fails_naming_the_setting_but_not_the_value(string notAKey)
    {
        var result = _validator.Validate(null, Options("k1", ("k1", notAKey)));

        result.Failed.Should().BeTrue();
        result.FailureMessage.Should().Be("TokenEncryption:Keys:k1 must be a base64 32-byte key.");
    }

    [Fact]
    public void Two_key_ids_differing_only_in_case_are_rejected()
    {
        var options = new TokenEncryptionOptions
        {
            CurrentKeyId = "k1",
            Keys = new(StringComparer.Ordinal) { ["k1"] = Key1, ["K1"] = TokenKeyRing.GenerateKey() },
        };

        var result = _validator.Validate(null, options);

        result.Failed.Should().BeTrue();
        result.FailureMessage.Should().Contain("TokenEncryption:Keys:K1 is given twice");
    }

    [Fact]
    public void Options_text_form_names_key_ids_but_not_keys()
    {
        var options = Options("k1", ("k1", Key1));

        options.ToString().Should().Be("TokenEncryptionOptions(current: k1, keys: k1)");
    }
}
