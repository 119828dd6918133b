namespace Provisioner.Core.Reconciliation;

/// <summary>What a key not yet recorded does about the objects the service already has under its exact name.</summary>
internal abstract record NameMatchDecision<T>
{
    /// <summary>The name could not be looked up: nothing is decided.</summary>
    public sealed record LookupFailed(string Error) : NameMatchDecision<T>;

    /// <summary>POST a new one, beside <paramref name="Preexisting"/> (empty unless <see cref="CreatePolicy.NeverAdopt"/>).</summary>
    public sealed record Create(IReadOnlyList<T> Preexisting) : NameMatchDecision<T>;

    /// <summary>Several carry the name: refused, never guessed.</summary>
    public sealed record Ambiguous(IReadOnlyList<string> Ids) : NameMatchDecision<T>;

    /// <summary>Exactly one carries the name: adopt it if it can be made equal to the definition in place.</summary>
    public sealed record AdoptOne(T Match) : NameMatchDecision<T>;
}

/// <summary>
/// The <see cref="CreatePolicy"/> rule, once for every kind (base connections in <see cref="Planner"/>, pipeline
/// objects in <c>PipelinePlanner</c>): an object recorded under a key that stays is that key's and never matches
/// another; "missing" means not recorded and not on the service under its exact name — or, under
/// <see cref="CreatePolicy.NeverAdopt"/>, whatever carries the name: the create goes beside it.
/// </summary>
internal static class NameMatchPolicy
{
    public static NameMatchDecision<T> Decide<T>(IReadOnlyList<T> found, string? lookupError, Func<T, string> idOf,
        IReadOnlySet<string> reserved, CreatePolicy policy)
    {
        if (lookupError is not null)
        {
            return new NameMatchDecision<T>.LookupFailed(lookupError);
        }
        var matches = found.Where(m => !reserved.Contains(idOf(m))).ToArray();
        if (matches.Length == 0 || policy == CreatePolicy.NeverAdopt)
        {
            return new NameMatchDecision<T>.Create(matches);
        }
        return matches.Length > 1
            ? new NameMatchDecision<T>.Ambiguous(matches.Select(idOf).ToArray())
            : new NameMatchDecision<T>.AdoptOne(matches[0]);
    }

    /// <summary>What <see cref="Decide{T}"/> says when no lookup was made for a key (a caller's omission).</summary>
    public const string NotLookedUp = "no name lookup was made";
}
