using System.Numerics;

namespace Dvpn.Client.Persistence;

/// <summary>A ticket the client is about to sign: what the ledger needs to authorize it and hand out its nonce.</summary>
/// <param name="SessionId">Hex session id.</param>
/// <param name="Provider">The recipient's address.</param>
/// <param name="Signer">The signer's address.</param>
/// <param name="ExpectedValue">faceValue * winProb / 2^64: what the ticket spends in expectation.</param>
/// <param name="FaceValue">The ticket's face value.</param>
/// <param name="WinProb">The ticket's win probability (of 2^64).</param>
internal sealed record TicketSpend(string SessionId, string Provider, string Signer, BigInteger ExpectedValue, BigInteger FaceValue, ulong WinProb);
