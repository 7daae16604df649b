namespace Dvpn.Cli.Demo;

/// <summary>The demo cannot run or did not work; the message says why, and what to do, in a user's words.</summary>
internal sealed class DemoException : Exception
{
    public DemoException()
    {
    }

    public DemoException(string message)
        : base(message)
    {
    }

    public DemoException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
