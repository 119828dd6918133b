using Google.Protobuf.WellKnownTypes;

namespace Provisioner.Benchmarks;

/// <summary>Struct ↔ property values: every Check, Diff, Create, Read and Update decodes its Structs and encodes
/// its answer.</summary>
public class PropertyCodecBenchmarks
{
    private Struct _inputs = null!;
    private PropertyMap _decoded = null!;

    [GlobalSetup]
    public void Setup()
    {
        _inputs = Fixture.InputsStruct();
        _decoded = PropertyValueCodec.Decode(_inputs);
    }

    [Benchmark]
    public PropertyMap DecodeInputs() => PropertyValueCodec.Decode(_inputs);

    [Benchmark]
    public Struct EncodeInputs() => PropertyValueCodec.Encode(_decoded);

    [Benchmark]
    public int CheckInputs() => BaseConnectionInputs.Check(_decoded).Failures.Count;

    [Benchmark]
    public string ToDesired() => BaseConnectionInputs.ToDesired(_decoded).Name;
}
