namespace Dvpn.Provider.Hosting;

/// <summary>
/// Deliberate misbehaviour for tests of clients (configuration section <c>Provider:Testing</c>). Every default is
/// honest; a provider with any of these set must never serve real clients, and says so loudly at start.
/// </summary>
internal sealed class TestingOptions
{
    /// <summary>The most <see cref="OverclaimPercent"/> accepts: an invoice eleven times the truth.</summary>
    public const int MaxOverclaimPercent = 1000;

    /// <summary>
    /// When above 0, every invoice claims this many percent more bytes than were metered (owed follows at the price):
    /// a dishonest provider, so client tests can watch the client refuse it. The credit ledger and cut-off stay on the
    /// true count. Default 0 (honest); 0 to 1000.
    /// </summary>
    public int OverclaimPercent { get; set; }
}
