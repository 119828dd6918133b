namespace Provisioner.Core.Pipeline;

/// <summary>The one order of objects in plans and waves: by level, then kind (base connections first), then key —
/// so the same input gives the same plan, byte for byte.</summary>
internal sealed class ObjectRefOrder : IComparer<ObjectRef>
{
    public static ObjectRefOrder Instance { get; } = new();

    public int Compare(ObjectRef x, ObjectRef y)
    {
        var byLevel = x.Level.CompareTo(y.Level);
        // Stryker disable once Block : kinds are numbered in level order, so the kind comparison below orders levels alike
        if (byLevel != 0)
        {
            return byLevel;
        }
        var byKind = (x.Kind is { } xk ? (int)xk + 1 : 0).CompareTo(y.Kind is { } yk ? (int)yk + 1 : 0);
        return byKind != 0 ? byKind : string.CompareOrdinal(x.Key, y.Key);
    }
}
