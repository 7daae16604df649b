using System.Runtime.Versioning;

namespace Dvpn.Client.Firewall.Windows;

/// <summary>
/// The Windows kill switch: a <see cref="WfpFilterPlan"/> installed through the Windows Filtering Platform, as
/// persistent objects under our own provider and sublayer (<see cref="WfpObjectKeys"/>), so the rules stay in force
/// when the service crashes or the machine reboots until <see cref="RemoveAsync"/> deletes them.
/// </summary>
/// <remarks>
/// <para><b>Written and compiled, not run: this machine has no Windows.</b> The filter plan and the struct layouts
/// are tested on Linux; the calls into fwpuclnt.dll have never executed.</para>
/// <para>Apply is one transaction: create the provider and sublayer if missing, delete every filter of ours, add the
/// new set, commit. Until the commit the old filters are in force, after it the new ones: there is no moment without
/// rules, and a failure leaves the old set. Each call opens its own engine session; calls are not serialised here
/// (the tunnel state machine applies one policy at a time).</para>
/// <para>Reads that may answer "not found" (<c>FwpmProviderGetByKey0</c>, <c>FwpmSubLayerGetByKey0</c>) run before
/// the transaction begins: the documentation does not promise that a failed call leaves a transaction usable.</para>
/// </remarks>
[SupportedOSPlatform("windows")]
internal sealed partial class WfpKillSwitch : IKillSwitch
{
    /// <inheritdoc/>
    public string Name => "wfp";

    /// <summary>Installs <paramref name="policy"/>, replacing the filters of an earlier policy (or of a crashed run)
    /// in the same transaction.</summary>
    /// <exception cref="ArgumentException">The policy holds an invalid value (nothing was changed).</exception>
    /// <exception cref="FirewallException">The engine refused (the previous filters, if any, are still in force), the
    /// caller is not an administrator, the tunnel interface does not exist, or BFE is not running.</exception>
    public Task ApplyAsync(FirewallPolicy policy, CancellationToken cancellationToken = default)
    {
        WfpFilterPlan plan = new(policy);
        // The WFP calls block (RPC to the BFE service); keep them off the caller's thread.
        return Task.Run(() => Guard(() => Apply(plan)), cancellationToken);
    }

    /// <summary>Deletes every filter of ours, the sublayer and the provider in one transaction; does nothing when
    /// none exist.</summary>
    /// <exception cref="FirewallException">The engine refused, or the caller is not an administrator.</exception>
    public Task RemoveAsync(CancellationToken cancellationToken = default) =>
        Task.Run(() => Guard(Remove), cancellationToken);

    /// <summary>True when our sublayer exists (whatever filters it holds).</summary>
    /// <exception cref="FirewallException">The engine could not be asked.</exception>
    public Task<bool> IsInstalledAsync(CancellationToken cancellationToken = default) =>
        Task.Run(() =>
        {
            bool installed = false;
            Guard(() =>
            {
                using WfpEngineHandle engine = WfpEngineHandle.Open();
                installed = SubLayerExists(engine);
            });
            return installed;
        }, cancellationToken);

    private static void Apply(WfpFilterPlan plan)
    {
        using WfpEngineHandle engine = WfpEngineHandle.Open();
        Dictionary<string, ulong> luids = [];
        ulong Luid(string alias)
        {
            if (!luids.TryGetValue(alias, out ulong luid))
            {
                uint status = WfpNative.ConvertInterfaceAliasToLuid(alias, out luid);
                if (status != 0)
                {
                    throw new FirewallException(FirewallFailure.Refused,
                        $"The tunnel interface '{alias}' was not found (ConvertInterfaceAliasToLuid returned {status}).");
                }

                luids[alias] = luid;
            }

            return luid;
        }

        bool providerExists = ProviderExists(engine);
        bool subLayerExists = SubLayerExists(engine);
        using WfpNativeArena arena = new();
        // Marshal (and resolve the interface) before the transaction: a missing interface changes nothing.
        List<nint> filters = [.. plan.Filters.Select(f => WfpFilterMarshaller.Marshal(f, arena, Luid))];

        using WfpTransaction transaction = WfpTransaction.Begin(engine);
        if (!providerExists)
        {
            AddProvider(engine);
        }

        if (!subLayerExists)
        {
            AddSubLayer(engine);
        }

        foreach (Guid key in OurFilterKeys(engine))
        {
            WfpErrors.ThrowIfFailed(WfpNative.FwpmFilterDeleteByKey0(engine, key), "delete a filter of the previous policy");
        }

        foreach (nint filter in filters)
        {
            unsafe
            {
                WfpErrors.ThrowIfFailed(WfpNative.FwpmFilterAdd0(engine, (FwpmFilter0*)filter, 0, out _), "add a filter");
            }
        }

        transaction.Commit();
    }

    private static void Remove()
    {
        using WfpEngineHandle engine = WfpEngineHandle.Open();
        bool providerExists = ProviderExists(engine);
        bool subLayerExists = SubLayerExists(engine);
        using WfpTransaction transaction = WfpTransaction.Begin(engine);
        foreach (Guid key in OurFilterKeys(engine))
        {
            IgnoreNotFound(WfpNative.FwpmFilterDeleteByKey0(engine, key), "delete a filter");
        }

        if (subLayerExists)
        {
            IgnoreNotFound(WfpNative.FwpmSubLayerDeleteByKey0(engine, WfpObjectKeys.SubLayer), "delete the sublayer");
        }

        if (providerExists)
        {
            IgnoreNotFound(WfpNative.FwpmProviderDeleteByKey0(engine, WfpObjectKeys.Provider), "delete the provider");
        }

        transaction.Commit();
    }

    // A missing DLL or export means this is not a Windows with WFP (Vista and later all have it).
    private static void Guard(Action action)
    {
        try
        {
            action();
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            throw new FirewallException(FirewallFailure.ToolMissing, $"The Windows Filtering Platform is not available: {e.Message}", e);
        }
    }

    private static void IgnoreNotFound(uint status, string what)
    {
        if (!WfpErrors.IsNotFound(status))
        {
            WfpErrors.ThrowIfFailed(status, what);
        }
    }
}
