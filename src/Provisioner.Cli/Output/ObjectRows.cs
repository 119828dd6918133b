using Provisioner.Core.Connections;
using Provisioner.Core.Pipeline;

namespace Provisioner.Cli.Output;

/// <summary>One recorded object as <c>outputs</c> and <c>status</c> list it: base connections by their plain key
/// (kind <c>source</c>/<c>destination</c>), then source connections, target connections and dataflows by their key
/// path (<c>dataflows.events</c>; kind <c>sourceConnection</c>, <c>targetConnection</c>, <c>dataflow</c>).
/// A base connection key cannot hold a dot, so the two never collide in one JSON object.</summary>
internal sealed record ObjectRow(ObjectRef Ref, string Kind, string Name, string Id, string Etag)
{
    public string Key => Ref.Kind is null ? Ref.Key : Ref.ToString();

    public bool IsDataflow => Ref.Kind == PipelineKind.Dataflow;

    /// <summary>Every recorded object, in dependency order (base connections first), keys in order within a kind.</summary>
    public static IReadOnlyList<ObjectRow> Of(RecordedState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var connections = state.Connections.Select(c =>
            new ObjectRow(ObjectRef.BaseConnection(c.Key), c.Value.Inputs.Kind.ToWord(), c.Value.Inputs.Name, c.Value.Id, c.Value.Etag));
        var pipeline = state.Pipeline.Values.Select(o => new ObjectRow(new ObjectRef(o.Kind, o.Key), KindWord(o.Kind), o.Inputs.Name, o.Id, o.Etag));
        return [.. connections, .. pipeline];
    }

    /// <summary><c>sourceConnection</c>, <c>targetConnection</c>, <c>dataflow</c>.</summary>
    public static string KindWord(PipelineKind kind)
    {
        var name = kind.ToString();
        return char.ToLowerInvariant(name[0]) + name[1..];
    }

    /// <summary>A plain text table: columns padded to their widest cell, two spaces apart.</summary>
    public static void WriteTable(TextWriter output, string[] header, IReadOnlyList<string[]> rows)
    {
        var widths = Enumerable.Range(0, header.Length).Select(i => rows.Select(r => r[i].Length).Append(header[i].Length).Max()).ToArray();
        foreach (var row in rows.Prepend(header))
        {
            output.WriteLine(string.Join("  ", row.Select((cell, i) => cell.PadRight(widths[i]))).TrimEnd());
        }
    }
}
