namespace Dvpn.Client.Selection;

/// <summary>Uniform doubles for the stake-weighted draw; injectable so that tests can use a fixed seed.</summary>
internal interface IUniformRandom
{
    /// <summary>A uniform double in (0, 1]: never 0, so that its logarithm is finite.</summary>
    double NextOpenClosed();
}
