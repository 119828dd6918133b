using System.Text.Json;
using System.Text.Json.Nodes;
using Provisioner.Core.Connections;

namespace Provisioner.Cli.Output;

/// <summary>The id/etag of every recorded connection: a table for people, or <c>--json</c>
/// (<c>{ key: { id, etag, name, kind } }</c>, kind = source or destination) for scripts. Recorded state only: never a param.</summary>
internal static class OutputsPrinter
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void PrintTable(RecordedState state, TextWriter output)
    {
        if (state.Connections.Count == 0)
        {
            output.WriteLine("No connections recorded.");
            return;
        }
        string[] header = ["KEY", "KIND", "NAME", "ID", "ETAG"];
        var rows = state.Connections.Select(c => new[] { c.Key, c.Value.Inputs.Kind.ToWord(), c.Value.Inputs.Name, c.Value.Id, c.Value.Etag }).ToArray();
        var widths = Enumerable.Range(0, header.Length).Select(i => rows.Select(r => r[i].Length).Append(header[i].Length).Max()).ToArray();
        foreach (var row in rows.Prepend(header))
        {
            output.WriteLine(string.Join("  ", row.Select((cell, i) => cell.PadRight(widths[i]))).TrimEnd());
        }
    }

    public static void PrintJson(RecordedState state, TextWriter output)
    {
        var json = new JsonObject();
        foreach (var (key, record) in state.Connections)
        {
            json[key] = new JsonObject { ["id"] = record.Id, ["etag"] = record.Etag, ["name"] = record.Inputs.Name, ["kind"] = record.Inputs.Kind.ToWord() };
        }
        output.WriteLine(json.ToJsonString(Indented));
    }
}
