using System.Reflection;
using System.Text.Json;

namespace Dvpn.Chain.Contracts;

/// <summary>
/// A compiled contract (ABI and creation bytecode) committed under contracts/artifacts and embedded in this
/// assembly, so that deploying and decoding need no Solidity toolchain at run time.
/// </summary>
public sealed class ContractArtifact
{
    private ContractArtifact(string name, string abi, string bytecode)
    {
        Name = name;
        Abi = abi;
        Bytecode = bytecode;
    }

    /// <summary>The contract's name, e.g. <c>Lottery</c>.</summary>
    public string Name { get; }

    /// <summary>The ABI as JSON text.</summary>
    public string Abi { get; }

    /// <summary>The creation bytecode, 0x-prefixed hex.</summary>
    public string Bytecode { get; }

    /// <summary>The Lottery contract.</summary>
    public static ContractArtifact Lottery { get; } = Load("Lottery");

    /// <summary>The Directory contract.</summary>
    public static ContractArtifact Directory { get; } = Load("Directory");

    /// <summary>The devnet ERC-20 with an open mint.</summary>
    public static ContractArtifact TestToken { get; } = Load("TestToken");

    private static ContractArtifact Load(string name)
    {
        string resource = $"Dvpn.Chain.Artifacts.{name}.json";
        using Stream stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"embedded artifact {resource} is missing: run contracts/build.sh");
        using JsonDocument doc = JsonDocument.Parse(stream);
        string abi = doc.RootElement.GetProperty("abi").GetRawText();
        string bytecode = doc.RootElement.GetProperty("bytecode").GetString()
            ?? throw new InvalidOperationException($"artifact {name} has no bytecode");
        return new ContractArtifact(name, abi, bytecode);
    }
}
