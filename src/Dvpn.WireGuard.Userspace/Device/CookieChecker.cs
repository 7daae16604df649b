using System.Net;
using System.Security.Cryptography;
using Dvpn.WireGuard.Userspace.Crypto;
using Dvpn.WireGuard.Userspace.Messages;

namespace Dvpn.WireGuard.Userspace.Device;

/// <summary>
/// The responder's side of cookies (whitepaper §5.4.7): a random secret Rm renewed every two minutes, τ = Mac(Rm, Am)
/// for a source address Am, mac2 checks of messages arriving under load, and the cookie replies that answer the rest.
/// </summary>
internal sealed class CookieChecker : IDisposable
{
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly byte[] _secret = new byte[Blake2s.HashSize];
    private long _secretTimestamp;

    public CookieChecker(TimeProvider time) => _time = time;

    /// <summary>Whether mac2 of <paramref name="message"/> is the cookie of <paramref name="source"/> under the current secret.</summary>
    public bool VerifyMac2(ReadOnlySpan<byte> message, int mac2Offset, SocketAddress source)
    {
        Span<byte> cookie = stackalloc byte[Cookies.CookieSize];
        try
        {
            if (!TryComputeCookie(source, cookie))
            {
                return false; // the secret rotated since any cookie we handed out: none can be valid
            }

            return Cookies.VerifyMac2(cookie, message, mac2Offset);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(cookie);
        }
    }

    /// <summary>Writes the cookie reply to a message (sender index and mac1 taken from it) that came from <paramref name="source"/>.</summary>
    public void WriteReply(ReadOnlySpan<byte> ourStatic, uint receiver, ReadOnlySpan<byte> answeredMac1, SocketAddress source, Span<byte> destination)
    {
        Span<byte> cookie = stackalloc byte[Cookies.CookieSize];
        try
        {
            ComputeCookie(source, cookie);
            Cookies.WriteReply(ourStatic, receiver, answeredMac1, cookie, destination);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(cookie);
        }
    }

    private bool TryComputeCookie(SocketAddress source, Span<byte> cookie)
    {
        lock (_gate)
        {
            if (_secretTimestamp == 0 || _time.GetElapsedTime(_secretTimestamp) >= Limits.CookieRefreshTime)
            {
                return false;
            }

            Cookies.ComputeCookie(_secret, AddressBytes(source), cookie);
            return true;
        }
    }

    private void ComputeCookie(SocketAddress source, Span<byte> cookie)
    {
        lock (_gate)
        {
            if (_secretTimestamp == 0 || _time.GetElapsedTime(_secretTimestamp) >= Limits.CookieRefreshTime)
            {
                RandomNumberGenerator.Fill(_secret);
                _secretTimestamp = _time.GetTimestamp();
            }

            Cookies.ComputeCookie(_secret, AddressBytes(source), cookie);
        }
    }

    // Am: the source address and port as the socket reports them (family, port, address: one fixed layout per family).
    private static ReadOnlySpan<byte> AddressBytes(SocketAddress source) => source.Buffer.Span[..source.Size];

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate)
        {
            CryptographicOperations.ZeroMemory(_secret);
            _secretTimestamp = 0;
        }
    }
}
