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

    public IResult ToResult(HttpContext context) => ErrorBodies.Flow(context, Code, Status, Title, Message);
}
