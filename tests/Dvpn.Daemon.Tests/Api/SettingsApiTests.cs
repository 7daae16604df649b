using Dvpn.Daemon.Tests.Support;
using Google.Protobuf.WellKnownTypes;
using V1 = Dvpn.Control.V1;

namespace Dvpn.Daemon.Tests.Api;

/// <summary>SettingsService on the real daemon: field masks, reset, export and import.</summary>
[Collection(DaemonLabFixture.CollectionName)]
public sealed class SettingsApiTests(DaemonLabFixture fixture)
{
    private ControlClients Control => fixture.Control;

    [Fact]
    public async Task UpdateSettings_ChangesOnlyTheMaskedFields_Export_Reset_Import_RoundTrip()
    {
        V1.Settings original = await Control.Settings.GetSettingsAsync(new V1.GetSettingsRequest());
        string exported = (await Control.Settings.ExportSettingsAsync(new V1.ExportSettingsRequest())).Json;
        try
        {
            // The update carries two changed fields; the mask names one: only that one changes.
            var update = original.Clone();
            update.Security.AllowLan = !original.Security.AllowLan;
            update.Security.CustomDns.Add("9.9.9.9");
            V1.Settings updated = await Control.Settings.UpdateSettingsAsync(new V1.UpdateSettingsRequest
            {
                Settings = update,
                UpdateMask = FieldMask.FromString("security.allow_lan"),
            });
            var expected = original.Clone();
            expected.Security.AllowLan = !original.Security.AllowLan;
            Assert.Equal(expected, updated);
            Assert.Equal(expected, await Control.Settings.GetSettingsAsync(new V1.GetSettingsRequest()));

            // Export shows the change; reset goes back to the configured defaults; import restores the export.
            string changedExport = (await Control.Settings.ExportSettingsAsync(new V1.ExportSettingsRequest())).Json;
            Assert.NotEqual(exported, changedExport);
            V1.Settings reset = await Control.Settings.ResetSettingsAsync(new V1.ResetSettingsRequest());
            Assert.Equal(reset, await Control.Settings.GetSettingsAsync(new V1.GetSettingsRequest()));
            Assert.Equal(original.Security.AllowLan, reset.Security.AllowLan);

            V1.Settings imported = await Control.Settings.ImportSettingsAsync(new V1.ImportSettingsRequest { Json = changedExport });
            Assert.Equal(expected, imported);
            Assert.Equal(expected, await Control.Settings.GetSettingsAsync(new V1.GetSettingsRequest()));
        }
        finally
        {
            await Control.Settings.ImportSettingsAsync(new V1.ImportSettingsRequest { Json = exported });
        }

        Assert.Equal(original, await Control.Settings.GetSettingsAsync(new V1.GetSettingsRequest()));
    }
}
