using Dvpn.Client.Events;

namespace Dvpn.Client.Sessions;

/// <summary>
/// A session could not be set up with one provider. <see cref="Reason"/> says whether the provider is to blame
/// (fail over to another) or the client's own account is (<see cref="IsAccountProblem"/>: no other provider will do
/// better).
/// </summary>
internal sealed class SessionSetupException(ProviderFailureReason reason, string message, bool isAccountProblem = false, Exception? inner = null)
    : Exception(message, inner)
{
    public ProviderFailureReason Reason { get; } = reason;

    public bool IsAccountProblem { get; } = isAccountProblem;
}
