namespace Dvpn.Devnet.Namespaces;

/// <summary>
/// The lab could not be built or torn down: not root, no <c>ip netns</c>, or a setup command failed. Tests that
/// need namespaces fail with it, loudly, rather than skip: a skipped network test hides a broken machine.
/// </summary>
public sealed class NetworkLabException : Exception
{
    public NetworkLabException(string message) : base(message)
    {
    }

    public NetworkLabException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public NetworkLabException()
    {
    }
}
