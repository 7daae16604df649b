using System.Diagnostics;
using System.Globalization;
using System.Runtime.Versioning;
using Dvpn.Client.Persistence;
using Dvpn.Client.Spending;

namespace Dvpn.Client.Tests.Persistence;

public sealed class KillTests : IDisposable
{
    private const int TicketsBeforeKill = 200;

    private readonly LedgerFixture _ledger = new();

    public void Dispose() => _ledger.Dispose();

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public async Task Authorize_ProcessKilledWithSigkillMidStream_KeepsEveryTicketItAuthorized()
    {
        string assembly = typeof(StartupHook).Assembly.Location;
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            ArgumentList = { "exec", assembly },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["DOTNET_STARTUP_HOOKS"] = assembly;
        start.Environment[StartupHook.LedgerEnvironment] = _ledger.DbPath;

        using Process child = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        Task<string> errors = child.StandardError.ReadToEndAsync();
        var printed = new List<ulong>();
        try
        {
            while (printed.Count < TicketsBeforeKill && await child.StandardOutput.ReadLineAsync() is { } line)
            {
                printed.Add(ulong.Parse(line, CultureInfo.InvariantCulture));
            }
        }
        finally
        {
            child.Kill(entireProcessTree: true); // SIGKILL: no Dispose, no finalizers, no flush
        }

        // Nonces printed between the last read and the kill were authorized too. Only whole lines count: the text
        // after the last newline (empty unless the kill cut a write short) is dropped.
        string rest = await child.StandardOutput.ReadToEndAsync();
        string[] lines = rest.Split('\n');
        printed.AddRange(lines[..^1].Select(l => ulong.Parse(l, CultureInfo.InvariantCulture)));

        await child.WaitForExitAsync();
        Assert.True(printed.Count >= TicketsBeforeKill, $"the child printed {printed.Count} nonces; stderr: {await errors}");

        ClientStore store = _ledger.Open();
        SpendSummary summary = store.GetSpendSummary(LedgerFixture.NoCaps, LedgerFixture.Session);
        Assert.True(summary.TicketsSigned >= printed.Count, $"{summary.TicketsSigned} tickets on disk, {printed.Count} authorized");
        Assert.Equal(summary.TicketsSigned, (long)summary.AllTime); // every ticket is worth 1: rows and totals agree
        Assert.True(store.GetLastNonce(LedgerFixture.Signer) >= printed.Max());
        Assert.Equal(printed.Count, printed.Distinct().Count());
        ulong next = TestDecisions.Authorized(store.AuthorizeTicket(LedgerFixture.Spend(1), LedgerFixture.NoCaps)).Nonce;
        Assert.True(next > printed.Max());
    }
}
