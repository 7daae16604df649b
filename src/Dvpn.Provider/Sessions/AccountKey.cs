using Dvpn.Chain.Tickets;

namespace Dvpn.Provider.Sessions;

/// <summary>A lottery account's identity on chain.</summary>
/// <param name="Token">The token (zero for the native coin).</param>
/// <param name="Funder">Who funded it.</param>
/// <param name="Signer">Who signs its tickets.</param>
internal readonly record struct AccountKey(EthAddress Token, EthAddress Funder, EthAddress Signer);
