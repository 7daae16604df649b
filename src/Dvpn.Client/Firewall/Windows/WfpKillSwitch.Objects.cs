namespace Dvpn.Client.Firewall.Windows;

internal sealed partial class WfpKillSwitch
{
    private const string ProviderName = "DvpnClient";
    private const string SubLayerName = "DvpnClient kill switch";
    private const uint EnumPageSize = 256;

    private static unsafe void AddProvider(WfpEngineHandle engine)
    {
        fixed (char* name = ProviderName)
        {
            FwpmProvider0 provider = new()
            {
                ProviderKey = WfpObjectKeys.Provider,
                DisplayData = new FwpmDisplayData0 { Name = (nint)name },
                Flags = WfpConstants.FwpmProviderFlagPersistent,
            };
            WfpErrors.ThrowIfFailed(WfpNative.FwpmProviderAdd0(engine, &provider, 0), "add the provider");
        }
    }

    private static unsafe void AddSubLayer(WfpEngineHandle engine)
    {
        Guid providerKey = WfpObjectKeys.Provider;
        fixed (char* name = SubLayerName)
        {
            FwpmSubLayer0 subLayer = new()
            {
                SubLayerKey = WfpObjectKeys.SubLayer,
                DisplayData = new FwpmDisplayData0 { Name = (nint)name },
                Flags = WfpConstants.FwpmSubLayerFlagPersistent,
                ProviderKey = (nint)(&providerKey),
                Weight = WfpObjectKeys.SubLayerWeight,
            };
            WfpErrors.ThrowIfFailed(WfpNative.FwpmSubLayerAdd0(engine, &subLayer, 0), "add the sublayer");
        }
    }

    private static bool ProviderExists(WfpEngineHandle engine)
    {
        uint status = WfpNative.FwpmProviderGetByKey0(engine, WfpObjectKeys.Provider, out nint provider);
        return Exists(status, provider, "read the provider");
    }

    private static bool SubLayerExists(WfpEngineHandle engine)
    {
        uint status = WfpNative.FwpmSubLayerGetByKey0(engine, WfpObjectKeys.SubLayer, out nint subLayer);
        return Exists(status, subLayer, "read the sublayer");
    }

    private static bool Exists(uint status, nint result, string what)
    {
        if (status == 0)
        {
            WfpNative.FwpmFreeMemory0(ref result);
            return true;
        }

        if (WfpErrors.IsNotFound(status))
        {
            return false;
        }

        throw WfpErrors.Exception(status, what);
    }

    // Every filter in our sublayer or under our provider: also those of an older version with other keys. A null
    // template enumerates all filters of the machine; the two tests below pick ours.
    private static unsafe List<Guid> OurFilterKeys(WfpEngineHandle engine)
    {
        List<Guid> keys = [];
        WfpErrors.ThrowIfFailed(WfpNative.FwpmFilterCreateEnumHandle0(engine, 0, out nint enumHandle), "enumerate filters");
        try
        {
            while (true)
            {
                WfpErrors.ThrowIfFailed(WfpNative.FwpmFilterEnum0(engine, enumHandle, EnumPageSize, out nint entries, out uint count), "enumerate filters");
                try
                {
                    for (uint i = 0; i < count; i++)
                    {
                        FwpmFilter0* filter = ((FwpmFilter0**)entries)[i];
                        if (filter->SubLayerKey == WfpObjectKeys.SubLayer
                            || (filter->ProviderKey != 0 && *(Guid*)filter->ProviderKey == WfpObjectKeys.Provider))
                        {
                            keys.Add(filter->FilterKey);
                        }
                    }
                }
                finally
                {
                    if (entries != 0)
                    {
                        WfpNative.FwpmFreeMemory0(ref entries);
                    }
                }

                if (count < EnumPageSize)
                {
                    return keys;
                }
            }
        }
        finally
        {
            _ = WfpNative.FwpmFilterDestroyEnumHandle0(engine, enumHandle);
        }
    }
}
