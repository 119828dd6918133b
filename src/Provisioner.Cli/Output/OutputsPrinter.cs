using System.Text.Json.Nodes;

namespace Provisioner.Cli.Output;

/// <summary>The id/etag of every recorded object: a table for people, or <c>--json</c>
/// (<c>{ key: { id, etag, name, kind } }</c>) for scripts — base connections by key (kind source or destination),
/// then source connections, target connections and dataflows by key path (<c>dataflows.events</c>, kind
/// sourceConnection, targetConnection or dataflow). Recorded state only: never a param.</summary>
internal static class OutputsPrinter
{
    public static void PrintTable(RecordedState state, TextWriter output)
    {
        var objects = ObjectRow.Of(state);
        if (objects.Count == 0)
        {
            output.WriteLine("No connections recorded.");
            return;
        }
        ObjectRow.WriteTable(output, ["KEY", "KIND", "NAME", "ID", "ETAG"], [.. objects.Select(o => new[] { o.Key, o.Kind, o.Name, o.Id, o.Etag })]);
    }

    public static void PrintJson(RecordedState state, TextWriter output)
    {
        var json = new JsonObject();
        foreach (var o in ObjectRow.Of(state))
        {
            json[o.Key] = new JsonObject { ["id"] = o.Id, ["etag"] = o.Etag, ["name"] = o.Name, ["kind"] = o.Kind };
        }
        output.WriteLine(json.ToJsonString(JsonOutput.Indented));
    }
}
