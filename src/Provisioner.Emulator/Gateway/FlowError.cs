namespace Provisioner.Emulator.Gateway;

/// <summary>A Flow Service error decided by pure logic (validators, patch, query parsing); the endpoint renders it.
/// Codes come from the reference's catalogue (§1.3–1.9, §2.2); where it names none, the comment at the use says so.</summary>
internal sealed record FlowError(int Code, int Status, string Title, string Message)
{
    public static FlowError BadRequest(int code, string message) => new(code, 400, "Bad Request", message);

    public static FlowError MissingField(string field) => BadRequest(1304, $"The mandatory field {field} is not provided.");

    /// <summary>Wrong type, pattern or enum of a field. The reference names no code for this; 1303-400 is the
    /// emulator's choice from the sources 13xx-400 validation range.</summary>
    public static FlowError InvalidField(string field, string problem) => BadRequest(1303, $"The field {field} is invalid: {problem}.");

    /// <summary>The If-Match value is not the current etag exactly, literal quotes included (destinations spec: an
    /// unquoted value is a mismatch too): FLOW-1404-412.</summary>
    public static FlowError VersionMismatch(string ifMatch, string currentEtag)
    {
        var hint = ifMatch.StartsWith('"') ? "" : " The If-Match value must be wrapped in double quotes, exactly as the etag was returned.";
        return new(1404, 412, "Precondition Failed",
            $"Version not matching: The supplied version=[{ifMatch}] does not match the current version on entity=[{currentEtag}].{hint}");
    }

    /// <summary>A body names an id (<c>baseConnectionId</c>, <c>sourceConnectionIds[0]</c>, …) that does not exist in the
    /// caller's org and sandbox. Adobe documents no code for this case; the emulator answers the catalogue's generic
    /// "Resource with given id does not exist", FLOW-1101-404, naming the field.</summary>
    public static FlowError ReferenceNotFound(string field, string resource, string id) =>
        new(1101, 404, "Resource not found",
            $"The requested resource is not found: {field} names {resource} with id = [{id}], which does not exist. Verify the resource ID before trying again.");

    public IResult ToResult(HttpContext context) => ErrorBodies.Flow(context, Code, Status, Title, Message);
}
