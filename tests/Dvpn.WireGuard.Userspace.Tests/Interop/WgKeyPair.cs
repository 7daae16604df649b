namespace Dvpn.WireGuard.Userspace.Tests.Interop;

/// <summary>A key pair made by the real tool (<c>wg genkey</c>, <c>wg pubkey</c>); the private key only ever goes to <c>wg set</c>'s stdin.</summary>
internal sealed class WgKeyPair
{
    private WgKeyPair(string privateKey, string publicKey)
    {
        PrivateKey = privateKey;
        PublicKey = publicKey;
    }

    public string PrivateKey { get; }

    /// <summary>Base64, as <c>wg</c> prints it.</summary>
    public string PublicKey { get; }

    public byte[] PublicKeyBytes => Convert.FromBase64String(PublicKey);

    public static WgKeyPair Generate()
    {
        string privateKey = Tool.Wg("genkey").Trim();
        return new WgKeyPair(privateKey, Tool.Run("wg", ["pubkey"], privateKey).Trim());
    }
}
