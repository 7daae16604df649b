using System.Runtime.InteropServices;
using Dvpn.Cli;

// dvpnctl: talks to dvpnd over its control socket (dvpn.control.v1), and runs the local demo network.
// Ctrl-C and SIGTERM cancel the command (exit 130); a second Ctrl-C ends the process at once.
using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = !cancellation.IsCancellationRequested;
    cancellation.Cancel();
};
using PosixSignalRegistration terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    cancellation.Cancel();
});
return await Cli.RunAsync(args, Console.Out, Console.Error, cancellation.Token);
