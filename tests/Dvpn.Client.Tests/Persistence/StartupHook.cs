using System.Globalization;
using Dvpn.Client.Persistence;
using Dvpn.Client.Tests.Persistence;

#pragma warning disable CA1050 // The runtime looks a startup hook up by this exact name, in the global namespace.

/// <summary>
/// The child process of <see cref="KillTests"/>: <c>dotnet exec Dvpn.Client.Tests.dll</c> with
/// <c>DOTNET_STARTUP_HOOKS</c> pointing at this assembly runs <see cref="Initialize"/> before the (empty) test entry
/// point. With <see cref="LedgerEnvironment"/> set to a ledger path it authorizes tickets in a loop, printing each
/// nonce once <c>AuthorizeTicket</c> returned, until it is killed. Without it (any other process) it does nothing.
/// </summary>
internal static class StartupHook
{
    public const string LedgerEnvironment = "DVPN_TEST_LEDGER_WRITER";

    // A parent that died without killing the child must not leave it running for ever.
    private const int MaxTickets = 200_000;

    public static void Initialize()
    {
        string? path = Environment.GetEnvironmentVariable(LedgerEnvironment);
        if (string.IsNullOrEmpty(path))
        {
            return;
        }

        using ClientStore store = ClientStore.Open(path, TimeProvider.System);
        for (int i = 0; i < MaxTickets; i++)
        {
            var decision = (SpendDecision.Authorized)store.AuthorizeTicket(LedgerFixture.Spend(1), LedgerFixture.NoCaps);
            Console.Out.WriteLine(decision.Nonce.ToString(CultureInfo.InvariantCulture));
            Console.Out.Flush();
        }

        Environment.Exit(3); // never reached when the parent kills it in time
    }
}
