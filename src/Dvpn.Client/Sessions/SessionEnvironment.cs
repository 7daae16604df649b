using System.Numerics;
using Dvpn.Chain.Tickets;
using Dvpn.Client.Events;
using Dvpn.Client.Firewall;
using Dvpn.Client.Networking;
using Dvpn.Client.Options;
using Dvpn.Client.Persistence;
using Dvpn.Client.Spending;
using Microsoft.Extensions.Logging;

namespace Dvpn.Client.Sessions;

/// <summary>What every session of one client shares: keys, network, ledger, tunnel backend, clock.</summary>
internal sealed record SessionEnvironment(
    DvpnClientOptions Options,
    ClientNetwork Network,
    TicketSigner Signer,
    EthAddress Funder,
    EthAddress Token,
    EthAddress Lottery,
    ulong ChainId,
    ClientStore Store,
    Func<SpendPolicy> Policy,
    Func<BigInteger> GasPrice,
    Func<CancellationToken, Task<BigInteger>> ReadAccountBalance,
    TunnelPlumbing Tunnel,
    TimeProvider Time,
    ILoggerFactory LoggerFactory,
    Action<ClientEvent> Publish,
    ITrafficGuard Guard);
