namespace Provisioner.FlowService.Http;

/// <summary>Facts the handler pipeline records on a request for the code that turns a response into a result.</summary>
internal static class RequestMarks
{
    /// <summary>Set by the retry strategy when a request was sent more than once: a 412 on a retried PATCH may
    /// mean the first attempt already committed.</summary>
    public static readonly HttpRequestOptionsKey<bool> Retried = new("Provisioner.FlowService.Retried");

    public static FlowOperation? OperationOf(HttpRequestMessage request) =>
        request.Options.TryGetValue(FlowOperation.Key, out var operation) ? operation : null;

    public static bool WasRetried(HttpRequestMessage request) =>
        request.Options.TryGetValue(Retried, out var retried) && retried;
}
