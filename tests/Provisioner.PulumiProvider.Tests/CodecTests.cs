using Provisioner.PulumiProvider.Protocol;

namespace Provisioner.PulumiProvider.Tests;

/// <summary>The Struct ↔ property value codec and property paths (reference §6), on hand-built wire values.</summary>
public sealed class CodecTests
{
    [Fact]
    public void Secrets_decode_to_secret_values_and_encode_back_to_the_same_wire_form()
    {
        var wire = Struct(("password", Secret("shh")), ("nested", Secret(Obj(("a", S("b"))))));

        var map = PropertyValueCodec.Decode(wire);

        Assert.True(map["password"]!.IsSecret);
        Assert.Equal("shh", map["password"]!.AsString());
        Assert.Equal("b", map["nested"]!.AsObject()!["a"]!.AsString());
        Assert.Equal(wire, PropertyValueCodec.Encode(map));
    }

    [Theory]
    [InlineData("04da6b54-80e4-46f7-96ec-b56ff0331ba9")]
    [InlineData("1c4a061d-8072-4f0a-a4cb-0ff528b18fe7")]
    [InlineData("dd056dcd-154b-4c76-9bd3-c8f88648b5ff")]
    public void Every_unknown_sentinel_is_computed_and_encodes_as_the_string_sentinel(string sentinel)
    {
        var value = PropertyValueCodec.Decode(S(sentinel));

        Assert.True(value.IsComputed);
        Assert.Equal(Unknown, PropertyValueCodec.Encode(value).StringValue);
    }

    [Fact]
    public void Output_values_unwrap_to_their_value_or_unknown_keeping_secretness()
    {
        const string outputSig = "d0e6a833031e9bbcd3f4e8bde6ca49a4";
        var known = Obj((Sig, S(outputSig)), ("value", S("v")), ("secret", Value.ForBool(true)));
        var unknown = Obj((Sig, S(outputSig)), ("dependencies", Value.ForList()));

        Assert.Equal(PropertyValue.Secret(PropertyValue.Of("v")), PropertyValueCodec.Decode(known));
        Assert.True(PropertyValueCodec.Decode(unknown).IsComputed);
    }

    [Fact]
    public void Assets_and_resource_references_pass_through_untouched()
    {
        var reference = Obj((Sig, S("5cf8f73096256a8f31e491e813e4eb8e")), ("urn", S("urn:pulumi:a::b::c::d")));

        Assert.Equal(reference, PropertyValueCodec.Encode(PropertyValueCodec.Decode(reference)));
    }

    [Fact]
    public void A_secret_never_prints_its_value()
    {
        Assert.DoesNotContain("shh", PropertyValue.Secret(PropertyValue.Of("shh")).ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("auth.params.password", new[] { "auth", "params", "password" })]
    [InlineData("auth.params[\"odd.key\"]", new[] { "auth", "params", "odd.key" })]
    [InlineData("tags[0].name", new[] { "tags", "0", "name" })]
    [InlineData("[\"a\\\"b\"]", new[] { "a\"b" })]
    public void Property_paths_parse_and_format_round_trip(string path, string[] keys)
    {
        Assert.Equal(keys, PropertyPath.Parse(path));
        Assert.Equal(keys, PropertyPath.Parse(PropertyPath.Format(keys)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a.")]
    [InlineData("a[\"b")]
    public void Malformed_paths_are_rejected(string path) => Assert.Null(PropertyPath.Parse(path));
}
