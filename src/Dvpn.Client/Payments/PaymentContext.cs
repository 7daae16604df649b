using System.Numerics;
using Dvpn.Chain.Tickets;
using Dvpn.Client.Events;
using Dvpn.Client.Options;
using Dvpn.Client.Persistence;
using Microsoft.Extensions.Logging;

namespace Dvpn.Client.Payments;

/// <summary>Everything one session's payment stream needs.</summary>
/// <param name="SessionId">The provider's session id.</param>
/// <param name="Provider">The provider's address (the tickets' recipient must equal it).</param>
/// <param name="PaymentEndpoint">The payment endpoint inside the tunnel (h2c).</param>
/// <param name="Terms">The session's payment terms, already read and checked.</param>
/// <param name="Signer">The ticket signer.</param>
/// <param name="Funder">The lottery account's funder.</param>
/// <param name="Token">The lottery account's token.</param>
/// <param name="ReadOwnBytes">The client's own cumulative tunnel byte count (sent + received) for this session.</param>
/// <param name="Authorize">The spend ledger: authorizes a ticket and hands out its nonce, durably, or refuses at a cap.</param>
/// <param name="RaiseNonceFloor">Called when the provider says a nonce was replayed: later nonces go above it.</param>
/// <param name="GasPrice">The latest known gas price (wei per gas), for sizing tickets.</param>
/// <param name="MaxFaceValue">The largest face value a ticket may have (bounded by the account's balance).</param>
/// <param name="Options">Payment options.</param>
/// <param name="Handler">An HTTP handler whose connections start in the client's namespace (owned by the channel).</param>
/// <param name="Time">The clock.</param>
/// <param name="Logger">The logger.</param>
internal sealed record PaymentContext(
    ReadOnlyMemory<byte> SessionId,
    EthAddress Provider,
    Uri PaymentEndpoint,
    SessionTerms Terms,
    TicketSigner Signer,
    EthAddress Funder,
    EthAddress Token,
    Func<CancellationToken, Task<ulong>> ReadOwnBytes,
    Func<TicketSpend, SpendDecision> Authorize,
    Action<ulong> RaiseNonceFloor,
    Func<BigInteger> GasPrice,
    BigInteger MaxFaceValue,
    PaymentOptions Options,
    HttpMessageHandler Handler,
    TimeProvider Time,
    ILogger Logger)
{
    /// <summary>Told of each spending cap whose warning share a ticket crossed (forwarded as an event); optional.</summary>
    public Action<SpendWarning>? SpendWarned { get; init; }
}
