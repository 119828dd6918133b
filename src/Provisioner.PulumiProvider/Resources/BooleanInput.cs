using Provisioner.PulumiProvider.Protocol;

namespace Provisioner.PulumiProvider.Resources;

/// <summary>An optional boolean input of any resource (default false unless said): one check, one message.</summary>
internal static class BooleanInput
{
    /// <returns><paramref name="inputs"/> with <paramref name="key"/> defaulted to <paramref name="defaultValue"/> when absent; a value of another
    /// type is a Check failure on <paramref name="key"/>, an unknown one (preview) passes.</returns>
    public static PropertyMap Check(PropertyMap news, PropertyMap inputs, string key, List<CheckFailure> failures, bool defaultValue = false)
    {
        switch (news[key])
        {
            case null or { IsNull: true }:
                return inputs.Set(key, PropertyValue.Of(defaultValue));
            case { IsComputed: false } v when v.Unwrapped is not PropertyValue.BoolValue:
                failures.Add(new CheckFailure(key, $"{key} must be true or false, not {PropertyValueCodec.Describe(v)}"));
                return inputs;
            default:
                return inputs;
        }
    }

    /// <summary>Whether <paramref name="key"/> is a known true.</summary>
    public static bool IsTrue(PropertyMap inputs, string key) => inputs[key]?.Unwrapped is PropertyValue.BoolValue { Value: true };
}
