using Provisioner.Emulator.Faults;

namespace Provisioner.Emulator.Diagnostics;

/// <summary>Records every non-admin request in the <see cref="RequestJournal"/> once it is answered (or dropped).</summary>
internal static class JournalMiddleware
{
    public static IApplicationBuilder UseJournal(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        try
        {
            await next(context);
        }
        finally
        {
            var journal = context.RequestServices.GetRequiredService<RequestJournal>();
            var time = context.RequestServices.GetRequiredService<EmulatorOptions>().TimeProvider;
            var fault = context.Items[FaultMiddleware.ItemKey] as string;
            journal.Record(time.GetUtcNow(), context.Request.Method, context.Request.Path.Value ?? "/",
                context.Request.QueryString.Value ?? "", context.Response.StatusCode,
                aborted: fault == FaultMiddleware.DropFault || context.RequestAborted.IsCancellationRequested, context.TraceIdentifier, fault);
        }
    });
}
