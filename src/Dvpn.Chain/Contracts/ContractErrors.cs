using System.Collections.Frozen;
using System.Text.Json;
using Nethereum.JsonRpc.Client;
using Nethereum.Util;

namespace Dvpn.Chain.Contracts;

/// <summary>
/// Maps revert data to the custom error it encodes, from the errors declared in our contracts' ABIs, and turns the
/// various exceptions Nethereum raises for a revert into one <see cref="ContractRevertException"/>.
/// </summary>
internal static class ContractErrors
{
    private static readonly FrozenDictionary<string, string> BySelector = Build();

    public static string? NameOf(string? revertData)
    {
        if (revertData is null || revertData.Length < 10)
        {
            return null;
        }

        string selector = revertData[..10].ToLowerInvariant();
        return BySelector.TryGetValue(selector, out string? name) ? name : null;
    }

    /// <summary>Returns a <see cref="ContractRevertException"/> when <paramref name="e"/> is a revert, else null.</summary>
    public static ContractRevertException? FromException(Exception e, string operation)
    {
        string? data = null;
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            switch (x)
            {
                case Nethereum.Contracts.SmartContractCustomErrorRevertException custom:
                    data = custom.ExceptionEncodedData;
                    break;
                case RpcResponseException rpc when rpc.RpcError is { } err && (err.Code == 3 || err.Message.Contains("revert", StringComparison.OrdinalIgnoreCase)):
                    data ??= err.GetDataAsString();
                    break;
                case Nethereum.ABI.FunctionEncoding.SmartContractRevertException plain:
                    data ??= plain.EncodedData ?? "";
                    break;
                default:
                    continue;
            }
        }

        if (data is null)
        {
            return null;
        }

        string? name = NameOf(data);
        return new ContractRevertException(
            $"{operation} reverted" + (name is null ? "" : $": {name}"), name, data.Length == 0 ? null : data, e);
    }

    private static FrozenDictionary<string, string> Build()
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (ContractArtifact artifact in new[] { ContractArtifact.Lottery, ContractArtifact.Directory, ContractArtifact.TestToken })
        {
            using JsonDocument abi = JsonDocument.Parse(artifact.Abi);
            foreach (JsonElement item in abi.RootElement.EnumerateArray())
            {
                if (item.GetProperty("type").GetString() != "error")
                {
                    continue;
                }

                string name = item.GetProperty("name").GetString()!;
                string types = string.Join(',', item.GetProperty("inputs").EnumerateArray().Select(i => i.GetProperty("type").GetString()));
                string selector = "0x" + Sha3Keccack.Current.CalculateHash($"{name}({types})")[..8];
                map.TryAdd(selector, name);
            }
        }

        return map.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
