using System.Collections.Frozen;

namespace Dvpn.Control.Server.Authorization;

/// <summary>The role each gRPC method requires, by full method name (<c>/package.Service/Method</c>).
/// A method missing from the table requires <see cref="ControlRole.Admin"/>: a new RPC fails closed.</summary>
public sealed class MethodAccessTable
{
    private readonly FrozenDictionary<string, ControlRole> _roles;

    /// <summary>Creates the table.</summary>
    public MethodAccessTable(IEnumerable<KeyValuePair<string, ControlRole>> roles)
    {
        ArgumentNullException.ThrowIfNull(roles);
        _roles = roles.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>The role <paramref name="method"/> requires, and whether the table named it.</summary>
    public ControlRole RequiredRole(string method, out bool listed)
    {
        listed = _roles.TryGetValue(method, out var role);
        return listed ? role : ControlRole.Admin;
    }
}
