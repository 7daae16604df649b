using System.Runtime.Versioning;
using Dvpn.Control.V1;
using Dvpn.Devnet.Namespaces;

namespace Dvpn.Cli.Demo;

/// <summary>One connect (or reconnect) of the demo: how long the API call took and what moved through it.</summary>
internal sealed record DemoSession(string Provider, TimeSpan ConnectTime, TcpTransferResult Transfer, bool Upload);

/// <summary>Everything the summary reports, gathered after the disconnect and the claims.</summary>
[SupportedOSPlatform("linux")]
internal sealed record DemoResults(
    IReadOnlyList<DemoSession> Sessions,
    IReadOnlyList<SessionRecord> History,
    IReadOnlyDictionary<DemoProvider, ProviderFigures> Providers,
    IReadOnlyList<LandedClaim> Claims,
    Wallet WalletBefore,
    Wallet WalletAfter,
    SpendSummary Spending,
    TimeSpan DisconnectTime,
    int Events);
