namespace Dvpn.Chain.Wallet;

/// <summary>
/// scrypt cost parameters for a keystore (Web3 Secret Storage). <see cref="Standard"/> is geth's default; lighter
/// settings exist for tests and constrained devices and protect the key far less against a stolen file.
/// </summary>
/// <param name="N">CPU/memory cost, a power of two above 1.</param>
/// <param name="R">Block size.</param>
/// <param name="P">Parallelism.</param>
public readonly record struct ScryptParameters(int N, int R, int P)
{
    /// <summary>The most memory a file may ask for (128 * N * R * P bytes): 1 GiB, four times geth's standard.</summary>
    public const long MaxMemoryBytes = 1L << 30;

    /// <summary>geth's standard strength: N = 2^18, r = 8, p = 1 (256 MiB, about a second).</summary>
    public static ScryptParameters Standard => new(1 << 18, 8, 1);

    /// <summary>geth's "light" strength: N = 2^12, r = 8, p = 6 (4 MiB); for tests and constrained devices only.</summary>
    public static ScryptParameters Light => new(1 << 12, 8, 6);

    /// <summary>The most work a file may ask for (N * R * P): eight times geth's standard.</summary>
    public const long MaxWork = 1L << 24;

    /// <summary>
    /// True when the parameters are valid and within <see cref="MaxMemoryBytes"/> and <see cref="MaxWork"/>, so a
    /// hostile file cannot make loading it exhaust memory or run for minutes.
    /// </summary>
    public bool IsSupported =>
        N > 1 && (N & (N - 1)) == 0 && R >= 1 && P >= 1 && R <= 1024 && P <= 1024
        && 128L * N * R <= MaxMemoryBytes && (long)N * R * P <= MaxWork;
}
