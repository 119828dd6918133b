using Provisioner.Core.Reconciliation;

namespace Provisioner.Core.Pipeline;

/// <summary>What a plan does to the id behind a reference — all a dependant needs to know about the object it uses,
/// whatever its kind.</summary>
internal abstract record IdFate
{
    /// <summary>Unchanged or patched in place: dependants keep pointing at <paramref name="Id"/>.</summary>
    public sealed record Kept(string Id) : IdFate;

    /// <summary>Taken over from the service: the id is known, but nothing recorded says a recorded dependant points at it.</summary>
    public sealed record Adopted(string Id) : IdFate;

    /// <summary>Created or replaced: a new id, known only when apply has written it (<paramref name="Verb"/>: <c>created</c>, <c>replaced</c>).</summary>
    public sealed record Fresh(string Verb) : IdFate;

    /// <summary>Not declared (removed from the definitions, or never there).</summary>
    public sealed record Removed : IdFate;

    /// <summary>Refused: no id to point at.</summary>
    public sealed record Blocked : IdFate;

    /// <summary>The id a dependant can be compared against now; null when none is known yet.</summary>
    public string? KnownId => this switch
    {
        Kept kept => kept.Id,
        Adopted adopted => adopted.Id,
        _ => null,
    };

    /// <summary>The cause word when the id a recorded dependant points at changes; null when it does not.</summary>
    public string? NewIdVerb => this switch
    {
        Fresh fresh => fresh.Verb,
        Adopted => "adopted",
        _ => null,
    };

    public static IdFate Of(PlannedChange change) => Of(change.Error, change.Action, change.ExistingId);

    public static IdFate Of(PipelineChange change) => Of(change.Error, change.Action, change.ExistingId);

    /// <param name="id">The id the object has now: the recorded one, or the adopted one.</param>
    private static IdFate Of(string? error, ConnectionAction action, string? id) => error is not null ? new Blocked() : action switch
    {
        ConnectionAction.NoOp or ConnectionAction.Update => new Kept(id!),
        ConnectionAction.Adopt => new Adopted(id!),
        ConnectionAction.Create => new Fresh("created"),
        ConnectionAction.Replace => new Fresh("replaced"),
        _ => new Removed(),
    };
}
