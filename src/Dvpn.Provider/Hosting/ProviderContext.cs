using System.Net;
using System.Security.Cryptography.X509Certificates;
using Dvpn.Chain;
using Dvpn.Chain.Lottery;
using Dvpn.Chain.Providers;
using Dvpn.Chain.Tickets;
using Dvpn.Chain.Wallet;
using Dvpn.Provider.Claims;
using Dvpn.Provider.DataPlane;
using Dvpn.WireGuard;

namespace Dvpn.Provider.Hosting;

/// <summary>
/// What the start sequence (<see cref="ProviderBootstrap"/>) brings up, for the services that run afterwards. Owns it
/// all: disposing the context removes the tunnel (peers, NAT rules, device), closes the ticket store and wipes the
/// keys, including after a start that failed half-way. Reading a part before the start made it is a bug and throws.
/// </summary>
internal sealed class ProviderContext : IAsyncDisposable
{
    private SignerKey? _key;
    private ChainConnection? _chain;
    private LotteryClient? _lottery;
    private DirectoryClient? _directory;
    private X509Certificate2? _certificate;
    private byte[]? _certificatePin;
    private PrivateKey? _wireGuardKey;
    private AddressPool? _pool;
    private ProviderTunnel? _tunnel;
    private TicketStore? _store;
    private TicketVerifier? _verifier;

    /// <summary>The provider's account key.</summary>
    public SignerKey Key { get => Get(_key); set => _key = value; }

    /// <summary>The provider's address: Directory listing, ticket recipient, gas payer.</summary>
    public EthAddress Address => Key.Address;

    public ChainConnection Chain { get => Get(_chain); set => _chain = value; }

    public LotteryClient Lottery { get => Get(_lottery); set => _lottery = value; }

    public DirectoryClient Directory { get => Get(_directory); set => _directory = value; }

    /// <summary>The public endpoint's certificate.</summary>
    public X509Certificate2 Certificate { get => Get(_certificate); set => _certificate = value; }

    /// <summary>SHA-256 of the certificate's DER bytes, as published.</summary>
    public byte[] CertificatePin { get => Get(_certificatePin); set => _certificatePin = value; }

    public PrivateKey WireGuardKey { get => Get(_wireGuardKey); set => _wireGuardKey = value; }

    public AddressPool Pool { get => Get(_pool); set => _pool = value; }

    public ProviderTunnel Tunnel { get => Get(_tunnel); set => _tunnel = value; }

    public TicketStore Store { get => Get(_store); set => _store = value; }

    public TicketVerifier Verifier { get => Get(_verifier); set => _verifier = value; }

    /// <summary>Where the payment endpoint listens: the pool's IPv4 gateway and the payment port.</summary>
    public IPEndPoint PaymentEndPoint { get => Get(field); set; }

    /// <summary>True once every start step succeeded.</summary>
    public bool IsStarted { get; set; }

    public async ValueTask DisposeAsync()
    {
        if (_tunnel is { } tunnel)
        {
            _tunnel = null;
            await tunnel.DisposeAsync().ConfigureAwait(false);
        }

        _store?.Dispose();
        _store = null;
        _certificate?.Dispose();
        _certificate = null;
        _wireGuardKey?.Dispose();
        _wireGuardKey = null;
        _key?.Dispose();
        _key = null;
    }

    private static T Get<T>(T? value)
        where T : class =>
        value ?? throw new InvalidOperationException("the provider has not finished starting");
}
