using Dvpn.Client;
using Dvpn.Control.Server.Authorization;
using Dvpn.Daemon.Settings;
using Grpc.Core;
using Microsoft.Extensions.Options;
using V1 = Dvpn.Control.V1;

namespace Dvpn.Daemon.Api;

/// <summary>SettingsService over <see cref="DaemonSettings"/>. Every change is validated as a whole before it is
/// written, so a bad request changes nothing.</summary>
internal sealed partial class SettingsApi : V1.SettingsService.SettingsServiceBase
{
    private readonly DaemonSettings _settings;
    private readonly DvpnClient _client;
    private readonly ILogger<SettingsApi> _logger;

    public SettingsApi(DaemonSettings settings, IOptions<Dvpn.Client.Options.DvpnClientOptions> options, DvpnClient client, ILogger<SettingsApi> logger)
    {
        // Building the library's options is what loads the settings (SettingsOverlay).
        _ = options.Value;
        _settings = settings;
        _client = client;
        _logger = logger;
    }

    public override Task<V1.Settings> GetSettings(V1.GetSettingsRequest request, ServerCallContext context) =>
        Task.FromResult(_settings.Current);

    public override async Task<V1.Settings> UpdateSettings(V1.UpdateSettingsRequest request, ServerCallContext context)
    {
        List<string> paths = SettingsMask.Parse(request.UpdateMask);
        V1.Settings update = request.Settings ?? new V1.Settings();
        V1.Settings defaults = _settings.Defaults;
        V1.Settings result = _settings.Replace(current => SettingsValidation.Normalize(SettingsMask.Apply(current, update, paths), defaults, "settings."), paths);
        LogChanged(_logger, string.Join(", ", paths), Caller(context));
        if (paths.Exists(p => p == "security" || p.StartsWith("security.", StringComparison.Ordinal)))
        {
            await ApplySecurityAsync(result, context.CancellationToken).ConfigureAwait(false);
        }

        return result;
    }

    public override async Task<V1.Settings> ResetSettings(V1.ResetSettingsRequest request, ServerCallContext context)
    {
        V1.Settings defaults = _settings.Defaults;
        V1.Settings result = _settings.Replace(_ => defaults, DaemonSettings.AllPaths);
        LogChanged(_logger, "(reset to the configured defaults)", Caller(context));
        await ApplySecurityAsync(result, context.CancellationToken).ConfigureAwait(false);
        return result;
    }

    public override Task<V1.ExportSettingsResponse> ExportSettings(V1.ExportSettingsRequest request, ServerCallContext context) =>
        Task.FromResult(new V1.ExportSettingsResponse { Json = SettingsFile.ToJson(_settings.Current) });

    public override async Task<V1.Settings> ImportSettings(V1.ImportSettingsRequest request, ServerCallContext context)
    {
        V1.Settings imported;
        try
        {
            imported = SettingsFile.FromJson(request.Json);
        }
        catch (FormatException e)
        {
            throw ApiErrors.InvalidArgument("json", $"is not a settings export: {e.Message}", V1.ErrorReason.InvalidSettings);
        }

        V1.Settings defaults = _settings.Defaults;
        V1.Settings normalized = SettingsValidation.Normalize(imported, defaults, "json.");
        V1.Settings result = _settings.Replace(_ => normalized, DaemonSettings.AllPaths);
        LogChanged(_logger, "(imported)", Caller(context));
        await ApplySecurityAsync(result, context.CancellationToken).ConfigureAwait(false);
        return result;
    }

    /// <summary>The kill switch follows the new security settings at once. They are stored already: when the rules
    /// cannot be applied the call fails (the previous rules stay in force) and the next change or start tries again.</summary>
    private async Task ApplySecurityAsync(V1.Settings settings, CancellationToken cancellationToken)
    {
        try
        {
            await _client.UpdateFirewallAsync(settings.Security.Lockdown, settings.Security.AllowLan, [.. settings.Security.CustomDns], cancellationToken)
                .ConfigureAwait(false);
        }
        catch (DvpnClientException e)
        {
            throw ApiErrors.From(e);
        }
    }

    private static string Caller(ServerCallContext context) => context.GetCallerIdentity().ToString();

    [LoggerMessage(EventId = 200, Level = LogLevel.Information, Message = "Settings changed: {Paths} by {Caller}")]
    private static partial void LogChanged(ILogger logger, string paths, string caller);
}
