using Provisioner.Emulator.Faults;

namespace Provisioner.Emulator.Diagnostics;

/// <summary>Records every non-admin request in the <see cref="RequestJournal"/> once it is answered (or dropped).</summary>
internal static class JournalMiddleware
{
    public static IApplicationBuilder UseJournal(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var journal = context.RequestServices.GetRequiredService<RequestJournal>();
        journal.RequestStarted();
        try
        {
            await next(context);
        }
        finally
        {
            Record(context);
            journal.RequestFinished();
        }
    });

    private const string RecordedKey = "journal.recorded";

    /// <summary>Records the request once. A dropped response calls this before aborting the connection: the client
    /// sees the reset at once and may read the journal before this middleware's <c>finally</c> would have run.</summary>
    public static void Record(HttpContext context)
    {
        if (!context.Items.TryAdd(RecordedKey, true))
        {
            return;
        }
        var journal = context.RequestServices.GetRequiredService<RequestJournal>();
        var time = context.RequestServices.GetRequiredService<EmulatorOptions>().TimeProvider;
        var fault = context.Items[FaultMiddleware.ItemKey] as string;
        journal.Record(time.GetUtcNow(), context.Request.Method, context.Request.Path.Value ?? "/",
            context.Request.QueryString.Value ?? "", context.Response.StatusCode,
            aborted: fault == FaultMiddleware.DropFault || context.RequestAborted.IsCancellationRequested, context.TraceIdentifier, fault);
    }
}
