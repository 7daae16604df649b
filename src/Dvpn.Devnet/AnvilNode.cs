using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Nethereum.Signer;

namespace Dvpn.Devnet;

/// <summary>
/// A local anvil chain in a child process: started on a free port (anvil picks it; we read it back), ready when
/// anvil prints the line it listens on, and killed by its own PID on dispose.
/// </summary>
public sealed partial class AnvilNode : IAsyncDisposable
{
    /// <summary>The chain id the devnet runs with.</summary>
    public const int ChainId = 31337;

    /// <summary>
    /// anvil's well-known development keys (derived from the public test mnemonic "test test ... junk"). They hold
    /// only devnet ether and must never be used anywhere else.
    /// </summary>
    private static readonly string[] DevKeys =
    [
        "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
        "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
        "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
        "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6",
        "0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a",
        "0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba",
        "0x92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e",
        "0x4bbbf85ce3377467afe5d46f804f221813b2bb87f24d81f60f1fcdbf7cbf4356",
        "0xdbda1821b80551c9d65939329250298aa3472ba22feea921c0cf5d620ea67b97",
        "0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6",
    ];

    private readonly Process _process;

    private AnvilNode(Process process, Uri rpcUrl)
    {
        _process = process;
        RpcUrl = rpcUrl;
    }

    /// <summary>The JSON-RPC URL (loopback).</summary>
    public Uri RpcUrl { get; }

    /// <summary>anvil's process id.</summary>
    public int ProcessId => _process.Id;

    /// <summary>The number of funded development accounts.</summary>
    public static int AccountCount => DevKeys.Length;

    /// <summary>The key of funded development account <paramref name="index"/> (0-9), each holding 10,000 devnet ether.</summary>
    public static EthECKey Key(int index) => new(DevKeys[index]);

    /// <summary>
    /// Finds the anvil binary: <c>DVPN_ANVIL</c> (set by run.sh), else the one npm installed under contracts/, else
    /// PATH. Throws with instructions when there is none: tests that need anvil fail loudly, they are never skipped.
    /// </summary>
    public static string LocateBinary()
    {
        string? env = Environment.GetEnvironmentVariable("DVPN_ANVIL");
        if (!string.IsNullOrEmpty(env))
        {
            return File.Exists(env) ? env : throw new FileNotFoundException($"DVPN_ANVIL points to {env}, which does not exist");
        }

        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "contracts", "node_modules", "@foundry-rs", "anvil-linux-amd64", "bin", "anvil");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        foreach (string p in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
        {
            string candidate = Path.Combine(p, "anvil");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("anvil not found: run ./run.sh test (it installs anvil with npm ci in contracts/) or set DVPN_ANVIL");
    }

    /// <summary>Starts anvil and returns once it accepts JSON-RPC.</summary>
    /// <param name="blockTime">Mine a block every this often; null mines one per transaction (instant).</param>
    /// <param name="timeout">How long to wait for anvil to come up. Default 30 s.</param>
    /// <param name="extraArguments">More anvil arguments, e.g. <c>--gas-limit</c>; passed as separate argv entries.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    public static async Task<AnvilNode> StartAsync(TimeSpan? blockTime = null, TimeSpan? timeout = null,
        IReadOnlyList<string>? extraArguments = null, CancellationToken cancellationToken = default)
    {
        var psi = new ProcessStartInfo(LocateBinary())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in new[] { "--host", "127.0.0.1", "--port", "0", "--chain-id", ChainId.ToString(CultureInfo.InvariantCulture),
                     "--accounts", DevKeys.Length.ToString(CultureInfo.InvariantCulture), "--code-size-limit", "49152" })
        {
            psi.ArgumentList.Add(arg);
        }

        if (blockTime is { } bt)
        {
            psi.ArgumentList.Add("--block-time");
            psi.ArgumentList.Add(((int)Math.Max(1, bt.TotalSeconds)).ToString(CultureInfo.InvariantCulture));
        }

        foreach (string arg in extraArguments ?? [])
        {
            psi.ArgumentList.Add(arg);
        }

        Process process = Process.Start(psi) ?? throw new InvalidOperationException("anvil did not start");
        var ready = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var stderr = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line && ListeningLine().Match(line) is { Success: true } m)
            {
                ready.TrySetResult(new Uri($"http://{m.Groups[1].Value}"));
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                lock (stderr)
                {
                    stderr.AppendLine(line);
                }
            }
        };
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException($"anvil exited early: {stderr}"));
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            Uri url = await ready.Task.WaitAsync(timeout ?? TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
            return new AnvilNode(process, url);
        }
        catch
        {
            Kill(process);
            throw;
        }
    }

    /// <summary>Moves the chain's clock forward by <paramref name="delta"/> and mines a block at the new time.</summary>
    public async Task IncreaseTimeAsync(TimeSpan delta, CancellationToken cancellationToken = default)
    {
        var rpc = new Nethereum.JsonRpc.Client.RpcClient(RpcUrl);
        await rpc.SendRequestAsync<object>("evm_increaseTime", null, (long)delta.TotalSeconds).WaitAsync(cancellationToken).ConfigureAwait(false);
        await rpc.SendRequestAsync<object>("evm_mine", null).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sets the block gas limit, which also caps the gas of an <c>eth_call</c> on anvil.</summary>
    public async Task SetBlockGasLimitAsync(long gasLimit, CancellationToken cancellationToken = default)
    {
        var rpc = new Nethereum.JsonRpc.Client.RpcClient(RpcUrl);
        await rpc.SendRequestAsync<object>("evm_setBlockGasLimit", null, "0x" + gasLimit.ToString("x", CultureInfo.InvariantCulture))
            .WaitAsync(cancellationToken).ConfigureAwait(false);
        await rpc.SendRequestAsync<object>("evm_mine", null).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Kill(_process);
        await _process.WaitForExitAsync().ConfigureAwait(false);
        _process.Dispose();
    }

    private static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: false);
            }
        }
        catch (InvalidOperationException)
        {
            // It has exited between the check and the kill.
        }
    }

    [GeneratedRegex(@"Listening on (\d+\.\d+\.\d+\.\d+:\d+)")]
    private static partial Regex ListeningLine();
}
