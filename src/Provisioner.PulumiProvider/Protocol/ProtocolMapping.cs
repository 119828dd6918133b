using Pulumirpc;

namespace Provisioner.PulumiProvider.Protocol;

/// <summary>Domain results → pulumirpc messages.</summary>
public static class ProtocolMapping
{
    public static DiffResponse ToResponse(DiffResult diff)
    {
        if (diff.Unknown)
        {
            return new DiffResponse { Changes = DiffResponse.Types.DiffChanges.DiffUnknown };
        }
        var response = new DiffResponse
        {
            Changes = diff.HasChanges ? DiffResponse.Types.DiffChanges.DiffSome : DiffResponse.Types.DiffChanges.DiffNone,
            HasDetailedDiff = true,
            DeleteBeforeReplace = diff.DeleteBeforeReplace && diff.Replaces.Count > 0,
        };
        response.Diffs.AddRange(diff.Diffs);
        response.Replaces.AddRange(diff.Replaces);
        foreach (var (path, kind) in diff.Detailed)
        {
            response.DetailedDiff[path] = new PropertyDiff { Kind = ToKind(kind), InputDiff = diff.InputDiff };
        }
        return response;
    }

    public static CheckResponse ToResponse(PropertyMap inputs, IEnumerable<CheckFailure> failures)
    {
        var response = new CheckResponse { Inputs = PropertyValueCodec.Encode(inputs) };
        response.Failures.AddRange(failures.Select(ToProto));
        return response;
    }

    public static Pulumirpc.CheckFailure ToProto(CheckFailure failure) => new() { Property = failure.Property, Reason = failure.Reason };

    private static PropertyDiff.Types.Kind ToKind(DiffKind kind) => kind switch
    {
        DiffKind.Add => PropertyDiff.Types.Kind.Add,
        DiffKind.AddReplace => PropertyDiff.Types.Kind.AddReplace,
        DiffKind.Delete => PropertyDiff.Types.Kind.Delete,
        DiffKind.DeleteReplace => PropertyDiff.Types.Kind.DeleteReplace,
        DiffKind.Update => PropertyDiff.Types.Kind.Update,
        _ => PropertyDiff.Types.Kind.UpdateReplace,
    };
}
